package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's /metrics over TLS with basic authentication, as a fleet's Prometheus reaches it: a
 * certificate made with openssl, a bcrypt-hashed user in the exporters' web configuration, the
 * agent started from the jar; the output passes {@code promtool check metrics}; and Debian's real
 * Prometheus scrapes it over TLS with the user's password (its target is up, its series stored).
 */
class MetricsEndpointIT {

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(Path dir, String... cmd) throws Exception {
        JarRunner.Result r = JarRunner.exec(new ProcessBuilder(cmd).directory(dir.toFile()), 60);
        assertEquals(0, r.code(), String.join(" ", cmd) + ": " + r.err());
    }

    private static HttpClient trusting(Path cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("agent", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(2)).build();
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void scrapedOverTlsWithAPasswordByARealPrometheus() throws Exception {
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        String hash = BCrypt.withDefaults().hashToString(10, "scrape-me".toCharArray());
        Files.writeString(dir.resolve("web.yml"), "tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n"
                + "basic_auth_users:\n  prometheus: '" + hash + "'\n");
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JarRunner.JAR.toString(), "agent", "--journal", dir.resolve("journal.jsonl").toString(),
                "--interval", "1s", "--metrics-listen", "127.0.0.1:" + port, "--web.config.file",
                dir.resolve("web.yml").toString()));
        Process agent = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("agent.log")
                .toFile()).start();
        Process prometheus = null;
        try {
            HttpClient https = trusting(dir.resolve("cert.pem"));
            URI metrics = URI.create("https://127.0.0.1:" + port + "/metrics");
            String auth = "Basic " + Base64.getEncoder().encodeToString("prometheus:scrape-me".getBytes(
                    StandardCharsets.UTF_8));
            String body = null;
            int anonymous = 0;
            for (int i = 0; i < 150 && body == null; i++) { // up to 15 s for the first recorded scan
                try {
                    anonymous = https.send(HttpRequest.newBuilder(metrics).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    HttpResponse<String> r = https.send(HttpRequest.newBuilder(metrics).header("Authorization", auth)
                            .build(), HttpResponse.BodyHandlers.ofString());
                    body = r.statusCode() == 200 && r.body().contains("portaudit_listeners{") ? r.body() : null;
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (body == null) {
                    Thread.sleep(100);
                }
            }
            assertTrue(body != null, "served over TLS: " + Files.readString(dir.resolve("agent.log")));
            assertEquals(401, anonymous, "no password, no metrics");
            assertTrue(Files.readString(dir.resolve("agent.log")).contains("serving /metrics on 127.0.0.1:" + port
                    + " (port " + port + "; TLS, 1 user with basic authentication)"), "the agent says where and how: "
                    + Files.readString(dir.resolve("agent.log")));
            Path scraped = Files.writeString(dir.resolve("scraped.prom"), body);
            JarRunner.Result lint = JarRunner.exec(new ProcessBuilder("promtool", "check", "metrics")
                    .redirectInput(scraped.toFile()), 30);
            assertEquals(0, lint.code(), "promtool check metrics: " + lint.out() + lint.err());

            int promPort = freePort();
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: portaudit
                        scheme: https
                        tls_config:
                          ca_file: %s
                        basic_auth:
                          username: prometheus
                          password: scrape-me
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(dir.resolve("cert.pem"), port));
            prometheus = new ProcessBuilder("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + promPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String query = "http://127.0.0.1:" + promPort + "/api/v1/query?query="
                    + URLEncoder.encode("portaudit_agent_scans_total and on(instance) up{job=\"portaudit\"} == 1",
                            StandardCharsets.UTF_8);
            JsonNode result = null;
            for (int i = 0; i < 300 && result == null; i++) { // up to 30 s: start, first scrape, query
                try {
                    JsonNode r = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(query))
                            .build(), HttpResponse.BodyHandlers.ofString()).body());
                    result = r.path("data").path("result").size() > 0 ? r.path("data").path("result") : null;
                } catch (IOException notYet) {
                    // Prometheus not up yet
                }
                if (result == null) {
                    Thread.sleep(100);
                }
            }
            assertTrue(result != null, "Prometheus scraped the agent over TLS: " + Files.readString(
                    dir.resolve("prometheus.log")));
            assertTrue(result.get(0).path("value").get(1).asDouble() >= 1, result.toString());
        } finally {
            if (prometheus != null) {
                stop(prometheus);
            }
            stop(agent);
        }
    }

    /**
     * The shipped Grafana dashboard (dist/grafana) asks only for series an agent serves, in PromQL
     * that promtool parses: every panel's query is checked as a recording rule.
     */
    @Test
    void theDashboardAsksForServedSeriesInValidPromQL() throws Exception {
        int port = freePort();
        Process agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JarRunner.JAR.toString(), "agent", "--journal", dir.resolve("journal.jsonl").toString(), "--interval",
                "1s", "--metrics-listen", "127.0.0.1:" + port).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
        String body = null;
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (int i = 0; i < 150 && body == null; i++) { // up to 15 s for the first recorded scan
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
                    body = r.statusCode() == 200 && r.body().contains("portaudit_listeners{") ? r.body() : null;
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (body == null) {
                    Thread.sleep(100);
                }
            }
        } finally {
            stop(agent);
        }
        assertTrue(body != null, "served: " + Files.readString(dir.resolve("agent.log")));
        Set<String> served = new TreeSet<>();
        body.lines().filter(l -> l.startsWith("portaudit_")).forEach(l -> served.add(l.split("[{ ]")[0]));
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("dist/grafana/portaudit-dashboard.json").toFile());
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        List<String> queries = new ArrayList<>();
        dashboard.get("panels").forEach(p -> p.get("targets").forEach(t -> queries.add(t.get("expr").asText())));
        dashboard.get("templating").get("list").forEach(v -> {
            if (v.has("definition")) {
                queries.add(v.get("definition").asText().replaceAll("^label_values\\((\\w+),.*\\)$", "$1"));
            }
        });
        assertTrue(queries.size() >= 12, queries.toString());
        int n = 0;
        for (String q : queries) {
            String promql = q.replace("$instance", ".*");
            Matcher m = Pattern.compile("portaudit_[a-z_]+").matcher(promql);
            while (m.find()) {
                assertTrue(served.contains(m.group()), m.group() + " (in " + q + ") is not served: " + served);
            }
            rules.append("      - record: dashboard:panel_").append(n++).append("\n        expr: '")
                    .append(promql.replace("'", "''")).append("'\n");
        }
        Path file = Files.writeString(dir.resolve("dashboard-rules.yml"), rules);
        JarRunner.Result check = JarRunner.exec(new ProcessBuilder("promtool", "check", "rules", file.toString()), 30);
        assertEquals(0, check.code(), "the dashboard's PromQL: " + check.out() + check.err() + "\n" + rules);
    }
}
