package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's --metrics-file through Debian's prometheus-node-exporter: its textfile collector, on
 * loopback, serves what the agent wrote, with no scrape error.
 */
class NodeExporterIT {

    private static final Path NODE_EXPORTER = Path.of("/usr/bin/prometheus-node-exporter");

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertTrue(m.find(), series + " is served:\n" + metrics);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void nodeExporterServesWhatTheAgentWrites(@TempDir Path dir) throws Exception {
        assertTrue(Files.isExecutable(NODE_EXPORTER), "prometheus-node-exporter is installed by .ci/run");
        Path textfiles = Files.createDirectories(dir.resolve("textfile"));
        Path prom = textfiles.resolve("portaudit.prom");
        JarRunner.Result agent = JarRunner.run(List.of(), "agent", "--journal", dir.resolve("journal.jsonl").toString(),
                "--interval", "1s", "--max-scans", "2", "--metrics-file", prom.toString());
        assertEquals(0, agent.code(), agent.err());
        try (var files = Files.list(textfiles)) {
            assertEquals(List.of(prom), files.toList(), "nothing but the file: no temporary left behind");
        }
        int port = freePort();
        Process exporter = new ProcessBuilder(NODE_EXPORTER.toString(), "--collector.disable-defaults",
                "--collector.textfile", "--collector.textfile.directory=" + textfiles,
                "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true)
                .redirectOutput(dir.resolve("exporter.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build();
            String metrics = null;
            for (int i = 0; i < 100 && metrics == null; i++) { // up to 10 s for it to listen
                try {
                    HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                    metrics = r.statusCode() == 200 ? r.body() : null;
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertTrue(metrics != null, "node_exporter answered: " + Files.readString(dir.resolve("exporter.log")));
            assertEquals(0, value(metrics, "node_textfile_scrape_error"), "the textfile parsed");
            assertEquals(2, value(metrics, "portaudit_agent_scans_total"));
            assertEquals(0, value(metrics, "portaudit_agent_scan_failures_total"));
            assertEquals(1, value(metrics, "portaudit_agent_interval_seconds"));
            double last = value(metrics, "portaudit_agent_last_success_timestamp_seconds");
            assertTrue(Math.abs(last - System.currentTimeMillis() / 1000.0) < 600, "a recent scan: " + last);
            assertTrue(metrics.contains("portaudit_listeners{"), "the scan's own metrics too");
            assertFalse(metrics.contains("portaudit_agent_scans_total{"), "the agent's counters carry no labels");
        } finally {
            exporter.destroy();
            if (!exporter.waitFor(10, TimeUnit.SECONDS)) {
                exporter.destroyForcibly().waitFor();
            }
        }
    }
}
