package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet on one machine, watched by the real engine: three test hosts (network namespaces, each
 * with a host name of its own) joined by veth pairs to a monitoring namespace. Each host runs a
 * portaudit agent serving /metrics: host-1 has a telnet listener, host-2 is clean, host-3 grows an
 * unexpected listener during the test. Debian's Prometheus, in the monitoring namespace, scrapes
 * all three with the shipped alerting rules loaded; the test waits (bounded) until exactly the
 * expected alerts fire for exactly the expected hosts. Then the hosts' JSON scan reports, rolled
 * up, name the telnet host and the rare listener.
 */
class FleetIT {

    private static final String MON = "pa19-mon";
    private static final List<String> HOSTS = List.of("pa19-h1", "pa19-h2", "pa19-h3");
    private static final Path SERVER = Path.of("src/test/resources/firewall/server.py").toAbsolutePath();
    private static final Path RULES = Path.of("dist/prometheus/portaudit-alerts.yml").toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    static Path dir;
    private static final List<Process> PROCESSES = new ArrayList<>();
    private static Path policy;

    private static JarRunner.Result sh(String command) throws Exception {
        return JarRunner.exec(new ProcessBuilder("sh", "-c", command), 120);
    }

    private static void ok(String command) throws Exception {
        JarRunner.Result r = sh(command);
        assertEquals(0, r.code(), command + ": " + r.err());
    }

    private static String address(int host) {
        return "10.19." + host + ".2";
    }

    /** Listeners held by python in a host's namespace, until the test ends. */
    private static void serve(String ns, String... specs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "/usr/bin/python3", SERVER.toString()));
        cmd.addAll(List.of(specs));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        PROCESSES.add(p);
        assertEquals("ready", new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                .readLine());
    }

    /** A portaudit command in a host's namespace, under its own host name ("host-1"). */
    private static List<String> inHost(int n, String portauditArgs) {
        return List.of("ip", "netns", "exec", HOSTS.get(n - 1), "unshare", "--uts", "sh", "-c", "hostname host-" + n
                + " && exec " + JAVA + " -jar " + JarRunner.JAR + " " + portauditArgs);
    }

    @BeforeAll
    static void build() throws Exception {
        teardown();
        policy = Files.writeString(dir.resolve("policy.yaml"), """
                allow:
                  - name: ssh
                    port: 22
                    protocol: tcp
                  - name: portaudit metrics
                    port: 9187
                    protocol: tcp
                """);
        ok("ip netns add " + MON + " && ip -n " + MON + " link set lo up");
        for (int n = 1; n <= HOSTS.size(); n++) {
            String ns = HOSTS.get(n - 1);
            ok("ip netns add " + ns + " && ip -n " + ns + " link set lo up");
            ok("ip link add h" + n + " netns " + MON + " type veth peer name eth0 netns " + ns);
            ok("ip -n " + MON + " addr add 10.19." + n + ".1/24 dev h" + n + " && ip -n " + MON + " link set h" + n
                    + " up");
            ok("ip -n " + ns + " addr add " + address(n) + "/24 dev eth0 && ip -n " + ns + " link set eth0 up");
        }
        serve(HOSTS.get(0), "tcp:0.0.0.0:22", "tcp:0.0.0.0:23");
        serve(HOSTS.get(1), "tcp:0.0.0.0:22");
        serve(HOSTS.get(2), "tcp:0.0.0.0:22");
        for (int n = 1; n <= HOSTS.size(); n++) {
            PROCESSES.add(new ProcessBuilder(inHost(n, "agent --journal " + dir.resolve("h" + n + ".jsonl")
                    + " --interval 2s --policy " + policy + " --metrics-listen " + address(n) + ":9187"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("agent-" + n + ".log").toFile()).start());
        }
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 2s
                  evaluation_interval: 2s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: portaudit
                    static_configs:
                      - targets: ['%s:9187', '%s:9187', '%s:9187']
                """.formatted(RULES, address(1), address(2), address(3)));
        PROCESSES.add(new ProcessBuilder("ip", "netns", "exec", MON, "prometheus", "--config.file="
                + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:9090").redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile()).start());
    }

    @AfterAll
    static void teardown() throws Exception {
        for (Process p : PROCESSES) {
            p.destroy();
        }
        for (Process p : PROCESSES) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        PROCESSES.clear();
        List<String> all = new ArrayList<>(HOSTS);
        all.add(MON);
        for (String ns : all) {
            sh("ip netns pids " + ns + " 2>/dev/null | xargs -r kill -9; ip netns del " + ns + " 2>/dev/null");
        }
    }

    /** Prometheus' HTTP API, asked from inside the monitoring namespace. */
    private static JsonNode api(String path) throws Exception {
        JarRunner.Result r = JarRunner.exec(new ProcessBuilder("ip", "netns", "exec", MON, "curl", "-sf", "--max-time",
                "5", "http://127.0.0.1:9090" + path), 30);
        return r.code() == 0 ? new ObjectMapper().readTree(r.out()) : null;
    }

    /** The firing alerts, as "AlertName instance". */
    private static Set<String> firing() throws Exception {
        Set<String> out = new TreeSet<>();
        JsonNode alerts = api("/api/v1/alerts");
        if (alerts != null) {
            for (JsonNode a : alerts.path("data").path("alerts")) {
                if (a.path("state").asText().equals("firing")) {
                    out.add(a.path("labels").path("alertname").asText() + " " + a.path("labels").path("instance").asText());
                }
            }
        }
        return out;
    }

    @Test
    void theRightAlertsFireForTheRightHostsAndTheRollUpNamesThem() throws Exception {
        // every agent scraped
        int up = 0;
        for (int i = 0; i < 120 && up < 3; i++) { // up to 60 s: three JVMs starting, the first scans
            JsonNode r = api("/api/v1/query?query=sum(up%7Bjob%3D%22portaudit%22%7D)");
            up = r == null || r.path("data").path("result").isEmpty() ? 0
                    : r.path("data").path("result").get(0).path("value").get(1).asInt();
            if (up < 3) {
                Thread.sleep(500);
            }
        }
        assertEquals(3, up, "the agents were scraped: " + Files.readString(dir.resolve("prometheus.log")));
        serve(HOSTS.get(2), "tcp:0.0.0.0:8765"); // host-3 grows an unexpected listener
        Set<String> expected = new TreeSet<>(Set.of("PortauditHighSeverityFinding " + address(1) + ":9187",
                "PortauditUnexpectedListener " + address(1) + ":9187", "PortauditUnexpectedListener " + address(3)
                        + ":9187"));
        Set<String> seen = Set.of();
        for (int i = 0; i < 200 && !seen.equals(expected); i++) { // up to 150 s: the rules wait a minute
            seen = firing();
            assertTrue(expected.containsAll(seen), "an alert for the wrong host: " + seen);
            if (!seen.equals(expected)) {
                Thread.sleep(750);
            }
        }
        assertEquals(expected, seen, "host-1: telnet and an unexpected listener; host-2: nothing; host-3: the "
                + "listener it grew");

        // the fleet roll-up of the three hosts' JSON scan reports
        Path reports = Files.createDirectories(dir.resolve("reports"));
        for (int n = 1; n <= HOSTS.size(); n++) {
            JarRunner.Result scan = JarRunner.exec(new ProcessBuilder(inHost(n, "scan --format json --policy " + policy
                    + " -o json=" + reports.resolve("host-" + n + ".json"))), 120);
            assertTrue(scan.code() == 0 || scan.code() == 1, scan.err());
        }
        JarRunner.Result rollup = JarRunner.run(List.of(), "report", "--fleet", reports.toString(), "--format", "json");
        assertEquals(0, rollup.code(), rollup.err());
        JsonNode fleet = new ObjectMapper().readTree(rollup.out());
        assertEquals(3, fleet.get("hosts").size());
        List<String> rare = new ArrayList<>();
        fleet.get("rare").forEach(l -> rare.add(l.get("protocol").asText() + "/" + l.get("port").asInt() + " "
                + l.get("hosts").get(0).asText()));
        assertTrue(rare.contains("tcp/23 host-1"), "the telnet host: " + rare);
        assertTrue(rare.contains("tcp/8765 host-3"), "the rare listener: " + rare);
        List<String> outOfPolicy = new ArrayList<>();
        fleet.get("hosts").forEach(h -> {
            if (!h.get("outOfPolicy").isEmpty()) {
                outOfPolicy.add(h.get("name").asText());
            }
        });
        assertEquals(List.of("host-1", "host-3"), outOfPolicy);
    }
}
