package dev.portaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd units of dist/systemd pass systemd-analyze verify, and are hardened as promised. */
class DistTest {

    private static final Path UNITS = Path.of("dist/systemd");
    private static final List<String> FILES = List.of("portaudit-agent.service", "portaudit-report.service",
            "portaudit-report.timer");

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
            Files.writeString(tmp.resolve(f), Files.readString(UNITS.resolve(f)).replace("/usr/bin/portaudit", launcher));
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
                    "DynamicUser=yes", "CapabilityBoundingSet=CAP_DAC_READ_SEARCH CAP_SYS_PTRACE",
                    "AmbientCapabilities=CAP_DAC_READ_SEARCH CAP_SYS_PTRACE", "PrivateTmp=yes")) {
                assertTrue(unit.lines().anyMatch(l -> l.equals(line)), f + " lacks " + line);
            }
            assertTrue(unit.lines().noneMatch(l -> l.startsWith("ReadWritePaths")), f + ": the state directory only");
        }
        assertTrue(Files.readString(UNITS.resolve("portaudit-report.timer")).contains("OnCalendar=daily"));
    }

    /** The report service's last step, as sh runs it: systemd turns each $$ into $. */
    private static int handOver(Path state, String textfileDir) throws Exception {
        String line = Files.readString(UNITS.resolve("portaudit-report.service")).lines()
                .filter(l -> l.startsWith("ExecStartPost=+/bin/sh -c '")).findFirst().orElseThrow();
        String script = line.substring(line.indexOf('\'') + 1, line.lastIndexOf('\'')).replace("$$", "$");
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script);
        pb.environment().put("STATE_DIRECTORY", state.toString());
        pb.environment().put("PORTAUDIT_TEXTFILE_DIR", textfileDir);
        Process p = pb.redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue();
    }

    @Test
    void theDailyReportReachesNodeExportersTextfileDirectory(@TempDir Path tmp) throws Exception {
        Path state = Files.createDirectories(tmp.resolve("state/reports"));
        Files.writeString(state.resolve("daily-scan.prom"), "portaudit_scan_complete 1\n");
        Path textfile = Files.createDirectories(tmp.resolve("node-exporter"));
        assertEquals(0, handOver(tmp.resolve("state"), textfile.toString()));
        assertEquals("portaudit_scan_complete 1\n", Files.readString(textfile.resolve("portaudit.prom")));
        try (var files = Files.list(textfile)) {
            assertEquals(List.of(textfile.resolve("portaudit.prom")), files.toList(), "no temporary left behind");
        }
        assertEquals(0, handOver(tmp.resolve("state"), ""), "an empty directory setting turns it off");
        assertEquals(0, handOver(tmp.resolve("state"), tmp.resolve("absent").toString()),
                "no node_exporter here: nothing to do, the report still succeeds");
        assertTrue(Files.notExists(tmp.resolve("absent")));
    }
}
