package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.SocketKey;
import dev.portaudit.model.Transport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxProcTest {

    @TempDir
    Path tmp;

    @Test
    void findsEveryProcessHoldingAListeningSocket() throws Exception {
        ProcTree t = new ProcTree(tmp)
                .write("net/tcp", ProcTree.TCP_HEADER
                        + ProcTree.tcpLine(0, "00000000:0050", "00000000:0000", "0A", 0, 5001)
                        + ProcTree.tcpLine(1, "0100007F:0050", "0100007F:9000", "01", 33, 5002))
                .socketFd(100, 3, 5001)   // master
                .socketFd(101, 3, 5001)   // worker
                .socketFd(102, 7, 5001)   // worker, other descriptor number
                .socketFd(103, 4, 5002)   // established connection: not a listener
                .otherFd(101, 0, "/dev/null")
                .otherFd(104, 0, "pipe:[5001]");
        SocketOwners owners = new ProcSockets(new LinuxProc(t.root)).owners();
        SocketKey http = SocketKey.local(Transport.TCP, "0.0.0.0", 80);
        assertEquals(Map.of(http, Set.of(100, 101, 102)), owners.pidsByKey());
        assertEquals(0L, owners.uidByKey().get(http));
        assertEquals(0, owners.unreadablePids());
    }

    @Test
    void readsCommandLineAndStatus() throws Exception {
        ProcTree t = new ProcTree(tmp)
                .bytes("55/cmdline", "sh\0-c\0echo a\nb\0".getBytes(StandardCharsets.UTF_8))
                .write("55/status", "Name:\tsh\nUid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000000000\n");
        LinuxProc proc = new LinuxProc(t.root);
        assertEquals("sh -c echo a\nb", proc.commandLine(55).orElseThrow());
        assertEquals(1000, proc.status(55).effectiveUid().getAsLong());
        assertTrue(proc.commandLine(56).isEmpty(), "a vanished process has no command line");
    }

    @Test
    void readsKernelSettingsFromAFixtureTree() throws Exception {
        ProcTree t = new ProcTree(tmp)
                .write("sys/net/ipv4/ip_local_port_range", "20000\t29999\n")
                .write("sys/net/ipv4/ip_unprivileged_port_start", "80\n")
                .write("sys/net/ipv6/bindv6only", "1\n");
        KernelSettings k = new LinuxProc(t.root).kernelSettings();
        assertEquals(20000, k.ephemeralFirst().getAsInt());
        assertEquals(29999, k.ephemeralLast().getAsInt());
        assertEquals(80, k.unprivilegedPortStart().getAsInt());
        assertTrue(k.ipv6BindV6Only().orElseThrow());
    }

    /** Procfs sysctl files report a size that is not their content's; the reader must not trust it. */
    @Test
    void readsTheRealKernelSettingsWhole() throws Exception {
        assumeTrue(LinuxProc.available(), "needs Linux procfs");
        String range = cat("/proc/sys/net/ipv4/ip_local_port_range").trim();
        KernelSettings k = LinuxProc.system().kernelSettings();
        assertEquals(range.replaceAll("\\s+", " "),
                k.ephemeralFirst().getAsInt() + " " + k.ephemeralLast().getAsInt());
        assertEquals(cat("/proc/sys/net/ipv4/ip_unprivileged_port_start").trim(),
                Integer.toString(k.unprivilegedPortStart().getAsInt()));
    }

    private static String cat(String file) throws Exception {
        Process p = new ProcessBuilder("cat", file).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        return out;
    }
}
