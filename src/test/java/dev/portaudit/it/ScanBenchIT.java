package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's quick mode, as CI runs it: a small loopback fixture, portaudit's report checked
 * against ss listener by listener, then timed pairs. Figures are printed, never asserted.
 */
class ScanBenchIT {

    @Test
    void quickModeAgreesWithSsAndReportsRatios() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "the fixture needs perl");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ss")) || Files.isExecutable(Path.of("/bin/ss")),
                "the reference needs ss (iproute2)");
        assumeTrue("root".equals(System.getProperty("user.name")), "ss names other users' owners only to root");
        JarRunner.Result r = PackageIT.run(List.of("bash", "src/bench/scan-bench.sh", "--quick"));
        System.out.println(r.out());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("check: ok: portaudit and ss agree on all 200 fixture listeners and their 20 "
                + "owning processes"), r.out());
        Matcher m = Pattern.compile("median of 3: portaudit (\\d+) ms, ss (\\d+) ms: portaudit/ss (\\d+\\.\\d+)")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Integer.parseInt(m.group(1)) > 0, "portaudit was timed");
        assertEquals(3, r.out().lines().filter(l -> l.startsWith("run ")).count(), r.out());
        assertTrue(r.out().lines().noneMatch(l -> l.contains("fixture.pl")), "no stray output");
    }

    @Test
    void aBrokenCountIsAUsageError() throws Exception {
        JarRunner.Result r = PackageIT.run(List.of("bash", "src/bench/scan-bench.sh", "--runs", "x"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("whole numbers"), r.err());
    }
}
