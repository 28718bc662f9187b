package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Snapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.software.os.InternetProtocolStats;
import oshi.software.os.InternetProtocolStats.IPConnection;
import oshi.software.os.InternetProtocolStats.TcpState;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

class OshiCollectorTest {

    private static final byte[] ANY4 = new byte[4];
    private static final byte[] LO4 = {127, 0, 0, 1};

    private OperatingSystem os;
    private InternetProtocolStats stats;

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
        os = mock(OperatingSystem.class);
        stats = mock(InternetProtocolStats.class);
        when(os.getInternetProtocolStats()).thenReturn(stats);
        when(os.isElevated()).thenReturn(true);
    }

    private OSProcess process(int pid, String name, String uid, String path, List<String> args) {
        OSProcess p = mock(OSProcess.class);
        when(p.getProcessID()).thenReturn(pid);
        when(p.getName()).thenReturn(name);
        when(p.getUserID()).thenReturn(uid);
        when(p.getPath()).thenReturn(path);
        when(p.getArguments()).thenReturn(args);
        when(p.getCommandLine()).thenReturn(String.join(" ", args));
        when(os.getProcess(pid)).thenReturn(p);
        return p;
    }

    private static IPConnection listen(String type, byte[] addr, int port, int pid) {
        return new IPConnection(type, addr, port, new byte[addr.length], 0, TcpState.LISTEN, 0, 0, pid);
    }

    @Test
    void resolvesOwnersWithoutCallingGetUser() {
        OSProcess sshd = process(812, "sshd", "0", "/usr/sbin/sshd", List.of("/usr/sbin/sshd", "-D"));
        when(stats.getConnections()).thenReturn(List.of(listen("tcp4", ANY4, 22, 812)));
        Snapshot s = new OshiCollector(os, Optional.empty(), Map.of(0L, "root")).collect();

        Listener l = s.listeners().get(0);
        ProcessOwner o = l.owners().get(0);
        assertEquals(812, o.pid());
        assertEquals("sshd", o.name());
        assertEquals(Optional.of("root"), o.user());
        assertEquals(0, o.uid().getAsLong());
        assertEquals("/usr/sbin/sshd -D", o.command());
        assertEquals("/usr/sbin/sshd", o.executable());
        verify(sshd, never()).getUser();
        assertTrue(s.complete());
    }

    @Test
    void unknownUidIsShownAsNumber() {
        process(900, "app", "4242", "/opt/app", List.of("/opt/app"));
        when(stats.getConnections()).thenReturn(List.of(listen("tcp4", LO4, 9000, 900)));
        ProcessOwner o = new OshiCollector(os, Optional.empty(), Map.of()).collect().listeners().get(0).owners().get(0);
        assertEquals(Optional.empty(), o.user());
        assertEquals("4242", o.userLabel());
    }

    @Test
    void socketReportedTwiceNamesEveryOwnerOnce() {
        process(100, "nginx", "0", "/usr/sbin/nginx", List.of("nginx: master process"));
        process(101, "nginx", "33", "/usr/sbin/nginx", List.of("nginx: worker process"));
        when(stats.getConnections()).thenReturn(List.of(listen("tcp4", ANY4, 80, 101), listen("tcp4", ANY4, 80, 100),
                listen("tcp4", ANY4, 80, 101)));
        Snapshot s = new OshiCollector(os, Optional.empty(), Map.of(0L, "root", 33L, "www-data")).collect();
        assertEquals(1, s.listeners().size());
        List<ProcessOwner> owners = s.listeners().get(0).owners();
        assertEquals(List.of(100, 101), owners.stream().map(ProcessOwner::pid).toList());
        assertEquals(Optional.of("www-data"), owners.get(1).user());
    }

    @Test
    void procfsAddsTheWorkersOshiDoesNotReport() throws Exception {
        ProcTree t = new ProcTree(tmp)
                .write("net/tcp", ProcTree.TCP_HEADER + ProcTree.tcpLine(0, "00000000:0050", "00000000:0000", "0A", 0, 77))
                .write("self/status", "Uid:\t0\t0\t0\t0\n")
                .socketFd(100, 3, 77).socketFd(101, 3, 77).socketFd(102, 3, 77);
        process(100, "nginx", "0", "/usr/sbin/nginx", List.of("nginx"));
        process(101, "nginx", "33", "/usr/sbin/nginx", List.of("nginx"));
        process(102, "nginx", "33", "/usr/sbin/nginx", List.of("nginx"));
        when(stats.getConnections()).thenReturn(List.of(listen("tcp4", ANY4, 80, 102)));
        Snapshot s = new OshiCollector(os, Optional.of(new LinuxProc(t.root)), Map.of()).collect();
        assertEquals(List.of(100, 101, 102), s.listeners().get(0).owners().stream().map(ProcessOwner::pid).toList());
    }

    @Test
    void ownerUnknownWithoutRootIsListedAndExplained() {
        when(os.isElevated()).thenReturn(false);
        when(stats.getConnections()).thenReturn(List.of(listen("tcp4", ANY4, 25, -1), listen("udp4", ANY4, 123, -1)));
        Snapshot s = new OshiCollector(os, Optional.empty(), Map.of()).collect();
        assertEquals(2, s.listeners().size());
        assertFalse(s.listeners().get(0).ownerKnown());
        assertFalse(s.complete());
        CoverageNote note = s.coverage().get(0);
        assertEquals("owner-unknown", note.kind());
        assertEquals(2, note.count());
        assertTrue(note.message().contains("not running as root"), note.message());
        verify(os, never()).getProcess(anyInt());
    }

    @Test
    void processThatExitedMidScanIsNotNamedButCounted() {
        when(os.getProcess(555)).thenReturn(null);
        when(stats.getConnections()).thenReturn(List.of(listen("tcp6", new byte[16], 8443, 555)));
        Snapshot s = new OshiCollector(os, Optional.empty(), Map.of()).collect();
        assertEquals(List.of(), s.listeners().get(0).owners());
        assertTrue(s.coverage().stream().anyMatch(c -> c.kind().equals("process-vanished") && c.count() == 1),
                s.coverage().toString());
    }

    @Test
    void unparsableConnectionsAreCountedNotFatal() {
        process(1, "init", "0", "/sbin/init", List.of("/sbin/init"));
        when(stats.getConnections()).thenReturn(List.of(
                new IPConnection("tcp4", new byte[] {1, 2}, 80, ANY4, 0, TcpState.LISTEN, 0, 0, 1),
                new IPConnection("sctp4", LO4, 80, ANY4, 0, TcpState.LISTEN, 0, 0, 1),
                listen("tcp4", LO4, 631, 1)));
        Snapshot s = new OshiCollector(os, Optional.empty(), Map.of()).collect();
        assertEquals(1, s.listeners().size());
        assertEquals("socket-unparsable", s.coverage().get(0).kind());
        assertEquals(2, s.coverage().get(0).count());
    }

    @Test
    void listenersAreSortedAndConnectionsDropped() {
        process(1, "a", "0", "/a", List.of("a"));
        when(stats.getConnections()).thenReturn(List.of(
                listen("udp4", LO4, 53, 1), listen("tcp4", LO4, 8080, 1), listen("tcp4", LO4, 22, 1),
                new IPConnection("tcp4", LO4, 40000, LO4, 22, TcpState.ESTABLISHED, 0, 0, 1)));
        Snapshot s = new OshiCollector(os, Optional.empty(), Map.of()).collect();
        assertEquals(List.of("tcp 127.0.0.1:22", "tcp 127.0.0.1:8080", "udp 127.0.0.1:53"),
                s.listeners().stream().map(Listener::endpoint).toList());
    }
}
