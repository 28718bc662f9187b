package dev.portaudit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.portaudit.agent.AgentStatus;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.Report;
import dev.portaudit.model.Snapshot;
import dev.portaudit.policy.WebConfig;
import dev.portaudit.testing.Scenarios;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's /metrics served for real on loopback: families, labels, values, formats, authentication. */
class MetricsEndpointTest {

    @TempDir
    Path dir;

    private Report report() throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.yaml"), """
                allow:
                  - name: ssh
                    port: 22
                """);
        Snapshot s = new Snapshot(Scenarios.host(), List.of(Scenarios.tcp("0.0.0.0", 22, Scenarios.SSHD),
                Scenarios.tcp("0.0.0.0", 23, Scenarios.TELNETD), Scenarios.tcp("0.0.0.0", 4444, Scenarios.NETCAT),
                Scenarios.udp("127.0.0.1", 323, Scenarios.CHRONY), Scenarios.tcp("127.0.0.1", 8080,
                        Scenarios.HOSTILE_TERMINAL)), List.of());
        return Scenarios.report(s, Scenarios.settings(Optional.empty(), policy));
    }

    private AgentStatus status(Optional<Report> r) {
        return new AgentStatus(r, 3, 2, Map.of("listener-opened", 5L, "finding-raised", 7L), Duration.ofSeconds(60),
                "0.1.0-test");
    }

    private static HttpResponse<String> get(int port, String accept, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10));
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (auth != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double value(String body, String series) {
        for (String line : body.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        throw new AssertionError(series + " not served:\n" + body);
    }

    @Test
    void theLastScanAndTheAgentsCountersWithFewLabels() throws Exception {
        Report r = report();
        try (MetricsEndpoint m = MetricsEndpoint.start("127.0.0.1:0", Optional.empty(), () -> status(Optional.of(r)), 0)) {
            HttpResponse<String> res = get(m.port(), null, null);
            assertEquals(200, res.statusCode());
            String body = res.body();
            assertEquals(3.0, value(body, "portaudit_agent_scans_total"));
            assertEquals(1.0, value(body, "portaudit_agent_scan_failures_total"));
            assertEquals(5.0, value(body, "portaudit_agent_journal_events_total{event=\"listener-opened\"}"));
            assertEquals(0.0, value(body, "portaudit_agent_journal_events_total{event=\"listener-closed\"}"),
                    "every event's series, zero or not");
            assertEquals(4.0, value(body, "portaudit_listeners{exposure=\"wildcard\",protocol=\"tcp\",range=\"well-known\"}")
                    + value(body, "portaudit_listeners{exposure=\"wildcard\",protocol=\"tcp\",range=\"registered\"}")
                    + value(body, "portaudit_listeners{exposure=\"loopback\",protocol=\"tcp\",range=\"registered\"}")
                    , "23, 22, 4444 and 8080");
            assertEquals(4.0, value(body, "portaudit_listeners_reachable{protocol=\"tcp\",reach=\"not-judged\"}"));
            assertEquals(4.0, value(body, "portaudit_unexpected_listeners"),
                    "tcp 23, 4444, 8080 and udp 323: not on the allow list");
            assertEquals(0.0, value(body, "portaudit_findings{rule=\"cleartext-protocol\",severity=\"low\"}"),
                    "every active rule's series, zero or not");
            assertTrue(value(body, "portaudit_findings{rule=\"cleartext-protocol\",severity=\"high\"}") >= 1, "telnet");
            assertTrue(body.contains("portaudit_info{hostname=\"web-1\",version="), body);
            assertTrue(body.contains("# TYPE portaudit_agent_scans counter") || body.contains(
                    "# TYPE portaudit_agent_scans_total counter"), body);
            // low cardinality: no pid, process, user or command line among the labels
            for (String label : List.of("pid=", "process=", "user=", "command=", "address=")) {
                assertFalse(Pattern.compile("[{,]" + label).matcher(body).find(), label + " is a label:\n" + body);
            }
            assertFalse(body.contains("portaudit_listener{"), "per-listener series only when asked");
        }
    }

    @Test
    void perListenerSeriesOnlyWhenAskedAndCapped() throws Exception {
        Report r = report();
        try (MetricsEndpoint m = MetricsEndpoint.start("127.0.0.1:0", Optional.empty(), () -> status(Optional.of(r)), 2)) {
            String body = get(m.port(), null, null).body();
            assertEquals(2, body.lines().filter(l -> l.startsWith("portaudit_listener{")).count(), body);
            assertEquals(3.0, value(body, "portaudit_listener_series_dropped"));
            assertTrue(body.contains("server=\"ssh.service\""), "a listener by its unit: " + body);
        }
    }

    @Test
    void beforeTheFirstRecordedScanOnlyTheCounters() throws Exception {
        try (MetricsEndpoint m = MetricsEndpoint.start(":0", Optional.empty(), () -> status(Optional.empty()), 0)) {
            String body = get(m.port(), null, null).body();
            assertEquals(3.0, value(body, "portaudit_agent_scans_total"));
            assertEquals(1.0, value(body, "portaudit_build_info{java_version=\"" + Runtime.version()
                    + "\",version=\"0.1.0-test\"}"));
            assertFalse(body.contains("portaudit_listeners{"), "no scan, no listener counts (not zeros that look true)");
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + m.port() + "/-/healthy")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), "the liveness probe's path (dist/kubernetes)");
        }
    }

    @Test
    void openMetricsWhenTheScraperAsks() throws Exception {
        Report r = report();
        try (MetricsEndpoint m = MetricsEndpoint.start("127.0.0.1:0", Optional.empty(), () -> status(Optional.of(r)), 0)) {
            HttpResponse<String> res = get(m.port(), "application/openmetrics-text; version=1.0.0; charset=utf-8", null);
            assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"),
                    res.headers().map().toString());
            assertTrue(res.body().strip().endsWith("# EOF"), "OpenMetrics ends with # EOF");
        }
    }

    @Test
    void basicAuthenticationFromTheWebConfiguration() throws Exception {
        String hash = BCrypt.withDefaults().hashToString(10, "s3cret".toCharArray());
        Path web = Files.writeString(dir.resolve("web.yml"), "basic_auth_users:\n  prometheus: '" + hash + "'\n");
        WebConfig config = WebConfig.read(web);
        assertEquals("plain HTTP, 1 user with basic authentication", config.describe());
        try (MetricsEndpoint m = MetricsEndpoint.start("127.0.0.1:0", Optional.of(config),
                () -> status(Optional.empty()), 0)) {
            assertEquals(401, get(m.port(), null, null).statusCode(), "no credentials");
            assertEquals(401, get(m.port(), null, "prometheus:wrong").statusCode(), "a wrong password");
            assertEquals(401, get(m.port(), null, "someone:s3cret").statusCode(), "an unknown user");
            assertEquals(200, get(m.port(), null, "prometheus:s3cret").statusCode());
            assertEquals(200, get(m.port(), null, "prometheus:s3cret").statusCode(), "and again (remembered)");
            assertEquals(401, get(m.port(), null, "prometheus:wrong").statusCode(), "a wrong one still fails after");
        }
    }

    @Test
    void aWebConfigurationIsCheckedLikeAPolicy() throws Exception {
        Path clear = Files.writeString(dir.resolve("clear.yml"), "basic_auth_users:\n  prometheus: hunter2\n"
                + "tls_server_config:\n  cert_file: missing.pem\n  min_version: TLS10\n  cipher_suites: [x]\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> WebConfig.read(clear));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains(":2:") && all.contains("must be a bcrypt hash"), all);
        assertTrue(all.contains("unknown key 'cipher_suites'"), all);
        assertTrue(all.contains("missing.pem cannot be read"), all);
        assertTrue(all.contains("tls_server_config needs key_file"), all);
        assertTrue(all.contains("min_version 'TLS10' is not supported"), all);
    }

    @Test
    void aListenAddressThatIsNotHostPortIsRefused() {
        assertThrows(InvalidInputException.class, () -> MetricsEndpoint.start("localhost:http", Optional.empty(),
                () -> status(Optional.empty()), 0));
        assertThrows(InvalidInputException.class, () -> MetricsEndpoint.start("127.0.0.1:70000", Optional.empty(),
                () -> status(Optional.empty()), 0));
    }
}
