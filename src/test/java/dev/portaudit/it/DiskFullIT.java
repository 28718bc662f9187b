package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output on a full disk, to a full standard output and into a directory that may not be written:
 * a clear message, exit 3, and never a truncated file in place of a good one. The full disk is a
 * small tmpfs mounted in a private mount namespace (unshare -m), so the host's mounts are untouched.
 */
class DiskFullIT {

    @TempDir
    Path tmp;

    @BeforeEach
    void needsRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare (util-linux)");
    }

    private JarRunner.Result inSmallDisk(String sizeKiB, String script) throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("disk"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/unshare", "-m", "sh", "-c",
                "set -u; mount -t tmpfs -o size=" + sizeKiB + "k tmpfs \"$DISK\" || exit 99; " + script);
        pb.environment().put("DISK", disk.toString());
        pb.environment().put("PORTAUDIT", java + " -jar " + JarRunner.JAR);
        return JarRunner.exec(pb, 120);
    }

    @Test
    void reportsOnAFullDiskLeaveTheGoodFilesInPlaceAndExit3() throws Exception {
        JarRunner.Result r = inSmallDisk("64", """
                printf '{"good":true}' > "$DISK/report.json"
                head -c 1000000 /dev/zero > "$DISK/filler" 2>/dev/null
                $PORTAUDIT scan -o json="$DISK/report.json" -o csv="$DISK/report.csv" > /dev/null
                echo "rc=$?"
                echo "json=$(cat "$DISK/report.json")"
                echo "files=$(ls -A "$DISK" | tr '\\n' ' ')"
                """);
        assertTrue(r.out().contains("rc=3"), r.out() + r.err());
        assertTrue(r.out().contains("json={\"good\":true}"), "the previous report is intact: " + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.strip().equals("files=filler report.json")),
                "no temporary file and no partial CSV left behind: " + r.out());
        assertTrue(r.err().contains("could not write the json report to " + tmp.resolve("disk/report.json")
                + ": No space left on device"), r.err());
        assertTrue(r.err().contains("could not write the csv report"), "each output says its own failure: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void fullStandardOutputExits3WithAMessage() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JarRunner.JAR.toString(), "scan", "--format", "json");
        Path err = tmp.resolve("err");
        Process p = pb.redirectOutput(new File("/dev/full")).redirectError(err.toFile()).start();
        assertEquals(3, p.waitFor(), Files.readString(err));
        assertTrue(Files.readString(err).contains("could not write the json report: standard output is closed or full"),
                Files.readString(err));
    }

    @Test
    void unwritableDirectoryIsNamedAndTheOtherOutputsAreStillWritten() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        Path locked = Files.createDirectories(tmp.resolve("locked"));
        Path open = Files.createDirectories(tmp.resolve("open"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        JarRunner.Result r = JarRunner.run(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups"), "scan", "-o", "json=" + locked.resolve("r.json"), "-o", "csv=" + open.resolve("r.csv"));
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("could not write the json report to " + locked.resolve("r.json")
                + ": permission denied (cannot create a file in " + locked + ")"), r.err());
        assertTrue(Files.readString(open.resolve("r.csv")).startsWith("protocol,family,address,port"),
                "the writable output is written");
        try (var files = Files.list(locked)) {
            assertEquals(0, files.count());
        }
    }

    /**
     * The agent on a disk that fills up and frees again: scans that cannot be written are logged
     * and retried, the journal keeps only whole lines, and afterwards it replays exactly to the
     * agent's state, a listener opened while the disk was full included.
     */
    @Test
    void agentSurvivesAFullDiskAndLosesNoEvent() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "needs perl");
        JarRunner.Result r = inSmallDisk("8192", """
                $PORTAUDIT agent --interval 1s --journal "$DISK/j.jsonl" 2> "$DISK/../agent.err" &
                agent=$!
                i=0; while [ ! -s "$DISK/j.jsonl.state" ] && [ $i -lt 100 ]; do sleep 0.2; i=$((i+1)); done
                head -c 20000000 /dev/zero > "$DISK/filler" 2>/dev/null
                perl -MIO::Socket::INET -e '$|=1; my $s = IO::Socket::INET->new(LocalAddr=>"127.0.0.1",
                    LocalPort=>0, Listen=>5, Proto=>"tcp") or die; print $s->sockport, "\\n"; sleep 4' > "$DISK/../port" &
                sleep 6
                rm -f "$DISK/filler"
                sleep 3
                kill -TERM $agent; wait $agent; echo "agent-rc=$?"
                echo "port=$(cat "$DISK/../port")"
                grep -c '"listener-opened"' "$DISK/j.jsonl" | sed 's/^/opened=/'
                grep -h "\\"port\\":$(cat "$DISK/../port")," "$DISK/j.jsonl" | grep -o '"event":"[a-z-]*"' | tr '\\n' ' ' | sed 's/^/events=/'; echo
                perl src/bench/journal-check.pl "$DISK/j.jsonl"; echo "check-rc=$?"
                $PORTAUDIT journal verify --journal "$DISK/j.jsonl"; echo "verify-rc=$?"
                """);
        String err = Files.readString(tmp.resolve("agent.err"));
        assertTrue(r.out().contains("agent-rc=0"), "the last scan was recorded: " + r.out() + err);
        assertTrue(err.contains("scan not recorded, retrying at the next interval: cannot write the journal, state "
                + "or reports (No space left on device)"), err);
        assertTrue(r.out().contains("check-rc=0"), "journal whole and consistent: " + r.out());
        assertTrue(r.out().contains("verify-rc=0") && r.out().contains(": hash chain intact ("),
                "the writes cut back on a full disk leave the hash chain whole: " + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("events=.*listener-opened.*listener-closed.*")),
                "the listener opened while the disk was full was recorded once it had room: " + r.out());
    }
}
