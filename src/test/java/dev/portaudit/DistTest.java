package dev.portaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd units of dist/systemd pass systemd-analyze verify, and are hardened as promised. */
class DistTest {

    private static final Path UNITS = Path.of("dist/systemd");
    private static final List<String> FILES = List.of("portaudit-agent.service", "portaudit-report.service",
            "portaudit-report.timer", "portaudit-agent-metrics.path", "portaudit-agent-metrics.service");
    private static final Path HANDOVER = UNITS.resolve("textfile-handover").toAbsolutePath();

    /** Runs systemd-analyze verify on copies whose ExecStart names this checkout's launcher. */
    private static String verify(Path dir, List<String> units) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no"));
        units.forEach(u -> cmd.add(dir.resolve(u).toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue() + "\n" + out;
    }

    private static Path copies(Path tmp) throws Exception {
        String launcher = Path.of("dist/bin/portaudit").toAbsolutePath().toString();
        for (String f : FILES) {
            Files.writeString(tmp.resolve(f), Files.readString(UNITS.resolve(f)).replace("/usr/bin/portaudit", launcher)
                    .replace("/usr/share/portaudit/textfile-handover", HANDOVER.toString()));
        }
        return tmp;
    }

    @Test
    void unitsPassSystemdAnalyzeVerify(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "needs systemd-analyze (package systemd)");
        assertEquals("0\n", verify(copies(tmp), FILES));
        Files.writeString(tmp.resolve("broken.service"), Files.readString(tmp.resolve("portaudit-agent.service"))
                .replace("NoNewPrivileges=yes", "NoNewPrivilege=yes"));
        assertTrue(verify(tmp, List.of("broken.service")).contains("Unknown key 'NoNewPrivilege'"),
                "the check can fail");
    }

    @Test
    void servicesAreHardened() throws Exception {
        for (String f : List.of("portaudit-agent.service", "portaudit-report.service")) {
            String unit = Files.readString(UNITS.resolve(f));
            for (String line : List.of("NoNewPrivileges=yes", "ProtectSystem=strict", "StateDirectory=portaudit",
                    "DynamicUser=yes", "CapabilityBoundingSet=CAP_DAC_READ_SEARCH CAP_SYS_PTRACE CAP_NET_ADMIN",
                    "AmbientCapabilities=CAP_DAC_READ_SEARCH CAP_SYS_PTRACE CAP_NET_ADMIN", "PrivateTmp=yes")) {
                assertTrue(unit.lines().anyMatch(l -> l.equals(line)), f + " lacks " + line);
            }
            assertTrue(unit.lines().noneMatch(l -> l.startsWith("ReadWritePaths")), f + ": the state directory only");
        }
        assertTrue(Files.readString(UNITS.resolve("portaudit-report.timer")).contains("OnCalendar=daily"));
    }

    /** The units' hand-over script, as the services run it, with the collector's directory set. */
    private static int handOver(Path file, String kind, String textfileDir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(HANDOVER.toString(), file.toString(), kind);
        pb.environment().put("PORTAUDIT_TEXTFILE_DIR", textfileDir);
        Process p = pb.redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue();
    }

    /** The line of a unit that starts with {@code key=}, without the key. */
    private static String line(String unit, String key) throws Exception {
        return Files.readString(UNITS.resolve(unit)).lines().filter(l -> l.startsWith(key + "=")).findFirst()
                .orElseThrow(() -> new AssertionError(unit + " has no " + key)).substring(key.length() + 1);
    }

    @Test
    void theDailyReportReachesNodeExportersTextfileDirectory(@TempDir Path tmp) throws Exception {
        assertEquals("+/usr/share/portaudit/textfile-handover ${STATE_DIRECTORY}/reports/daily-scan.prom report",
                line("portaudit-report.service", "ExecStartPost"));
        Path report = Files.writeString(tmp.resolve("daily-scan.prom"), "portaudit_scan_complete 1\n");
        Path textfile = Files.createDirectories(tmp.resolve("node-exporter"));
        assertEquals(0, handOver(report, "report", textfile.toString()));
        assertEquals("portaudit_scan_complete 1\n", Files.readString(textfile.resolve("portaudit.prom")));
        try (var files = Files.list(textfile)) {
            assertEquals(List.of(textfile.resolve("portaudit.prom")), files.toList(), "no temporary left behind");
        }
        assertEquals(0, handOver(report, "report", ""), "an empty directory setting turns it off");
        assertEquals(0, handOver(report, "report", tmp.resolve("absent").toString()),
                "no node_exporter here: nothing to do, the report still succeeds");
        assertTrue(Files.notExists(tmp.resolve("absent")));
    }

    /**
     * The agent writes its metrics after every scan into its state directory; the path unit sees the
     * file change and the metrics service hands it over. Agent and daily report share portaudit.prom
     * (the same series in two files would fail node_exporter's scrape): the report leaves a fresh
     * agent file alone and replaces a stale one.
     */
    @Test
    void theAgentsMetricsReachNodeExportersTextfileDirectory(@TempDir Path tmp) throws Exception {
        assertTrue(line("portaudit-agent.service", "ExecStart").contains(" --metrics-file ${STATE_DIRECTORY}/agent.prom "));
        assertTrue(line("portaudit-agent.service", "Wants").contains("portaudit-agent-metrics.path"));
        String watched = line("portaudit-agent-metrics.path", "PathChanged");
        assertEquals("/var/lib/private/portaudit/agent.prom", watched, "where DynamicUser's state directory is");
        assertEquals("portaudit-agent-metrics.service", line("portaudit-agent-metrics.path", "Unit"));
        assertEquals("/usr/share/portaudit/textfile-handover " + watched + " agent",
                line("portaudit-agent-metrics.service", "ExecStart"));
        Path textfile = Files.createDirectories(tmp.resolve("node-exporter"));
        Path agent = Files.writeString(tmp.resolve("agent.prom"), "portaudit_agent_scans_total 7\n");
        Path report = Files.writeString(tmp.resolve("daily-scan.prom"), "portaudit_scan_complete 1\n");
        assertEquals(0, handOver(agent, "agent", textfile.toString()));
        assertEquals(0, handOver(report, "report", textfile.toString()));
        assertEquals("portaudit_agent_scans_total 7\n", Files.readString(textfile.resolve("portaudit.prom")),
                "the agent's fresh file stays");
        Files.setLastModifiedTime(textfile.resolve("portaudit.prom"),
                FileTime.from(Instant.now().minus(Duration.ofMinutes(30))));
        assertEquals(0, handOver(report, "report", textfile.toString()));
        assertEquals("portaudit_scan_complete 1\n", Files.readString(textfile.resolve("portaudit.prom")),
                "an agent that stopped writing no longer holds it");
        assertEquals(0, handOver(agent, "agent", textfile.toString()));
        assertEquals("portaudit_agent_scans_total 7\n", Files.readString(textfile.resolve("portaudit.prom")));
    }
}
