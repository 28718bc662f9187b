package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;

import dev.portaudit.model.Listener;
import dev.portaudit.model.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes and sockets that change between reading the socket tables, walking descriptors and
 * describing owners. The tree is changed right after the descriptor walk, where a live host's
 * scan is most exposed.
 */
class LinuxCollectorRaceTest {

    @TempDir
    Path tmp;

    private static final String L8080 = ProcTree.tcpLine(0, "0100007F:1F90", "00000000:0000", "0A", 0, 100);
    private static final String L9090 = ProcTree.tcpLine(1, "0100007F:2382", "00000000:0000", "0A", 0, 200);

    private ProcTree tree() throws IOException {
        ProcTree t = new ProcTree(tmp).write("self/status", "Name:\tjava\nUid:\t0\t0\t0\t0\n")
                .write("net/tcp", ProcTree.TCP_HEADER + L8080 + L9090)
                .socketFd(42, 3, 100).socketFd(43, 5, 200);
        process(t, 42, "web");
        process(t, 43, "db");
        return t;
    }

    private static void process(ProcTree t, int pid, String name) throws IOException {
        t.write(pid + "/status", "Name:\t" + name + "\nUid:\t0\t0\t0\t0\nCapEff:\t0000000000000000\n")
                .write(pid + "/comm", name + "\n").write(pid + "/cmdline", name + "\0");
    }

    /** Collects, running {@code change} between the descriptor walk and the owners' description. */
    private Snapshot collect(ProcTree t, ThrowingRunnable change) {
        LinuxProc proc = new LinuxProc(t.root);
        ProcSockets sockets = spy(new ProcSockets(proc));
        doAnswer(inv -> {
            Object owners = inv.callRealMethod();
            change.run();
            return owners;
        }).when(sockets).owners();
        return new LinuxCollector(proc, sockets, Map.of(0L, "root"), tmp.resolve("no-os-release"), OwnerCompletion.none(),
                ContainerEngines::none)
                .collect();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static Map<Integer, List<String>> ownersByPort(Snapshot s) {
        return s.listeners().stream().collect(Collectors.toMap(Listener::port,
                l -> l.owners().stream().map(o -> o.pid() + ":" + o.name()).toList()));
    }

    @Test
    void quietHostIsAttributedAndComplete() throws Exception {
        Snapshot s = collect(tree(), () -> { });
        assertEquals(Map.of(8080, List.of("42:web"), 9090, List.of("43:db")), ownersByPort(s));
        assertTrue(s.complete(), s.coverage().toString());
        assertTrue(s.listeners().stream().allMatch(l -> l.socketUid().equals(OptionalLong.of(0))),
                "each socket carries the uid of its table line: " + s.listeners());
    }

    @Test
    void pidReusedByAnotherProcessIsNeverNamedAndItsClosedSocketIsDropped() throws Exception {
        ProcTree t = tree();
        Snapshot s = collect(t, () -> {
            // web exits, its socket closes, and an unrelated process is given pid 42
            Files.delete(t.root.resolve("42/fd/3"));
            t.socketFd(42, 3, 777);
            process(t, 42, "impostor");
            t.write("net/tcp", ProcTree.TCP_HEADER + L9090);
        });
        assertEquals(Map.of(9090, List.of("43:db")), ownersByPort(s));
        assertTrue(s.complete(), "a socket closed during the scan is not a gap: " + s.coverage());
    }

    @Test
    void socketStillListeningAfterItsHolderWasReplacedIsReportedWithOwnerUnknown() throws Exception {
        ProcTree t = tree();
        Snapshot s = collect(t, () -> {
            // the holder handed the socket on and exited; its pid now belongs to someone else
            Files.delete(t.root.resolve("42/fd/3"));
            process(t, 42, "impostor");
        });
        assertEquals(Map.of(8080, List.of(), 9090, List.of("43:db")), ownersByPort(s));
        assertEquals("owner-unknown", s.coverage().get(0).kind());
        assertEquals(1, s.coverage().get(0).count());
        assertTrue(s.coverage().get(0).message().contains("changed hands"), s.coverage().get(0).message());
    }

    @Test
    void processGoneBeforeItWasDescribedIsDroppedWithItsSocket() throws Exception {
        ProcTree t = tree();
        Snapshot s = collect(t, () -> {
            try (var walk = Files.walk(t.root.resolve("42"))) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            t.write("net/tcp", ProcTree.TCP_HEADER + L9090);
        });
        assertEquals(Map.of(9090, List.of("43:db")), ownersByPort(s));
        assertTrue(s.complete(), s.coverage().toString());
    }

    @Test
    void socketClosedBeforeTheWalkIsDroppedNotReportedOwnerless() throws Exception {
        ProcTree t = tree();
        Files.delete(t.root.resolve("42/fd/3")); // closed between the table read and the walk...
        Snapshot s = collect(t, () -> t.write("net/tcp", ProcTree.TCP_HEADER + L9090)); // ...and gone
        assertEquals(Map.of(9090, List.of("43:db")), ownersByPort(s));
        assertTrue(s.complete(), s.coverage().toString());
    }

    @Test
    void holderThatClosedOneOfItsSocketsKeepsTheOthers() throws Exception {
        ProcTree t = tree();
        String l7070 = ProcTree.tcpLine(2, "0100007F:1B9E", "00000000:0000", "0A", 0, 300);
        t.write("net/tcp", ProcTree.TCP_HEADER + L8080 + L9090 + l7070).socketFd(42, 4, 300);
        Snapshot s = collect(t, () -> {
            Files.delete(t.root.resolve("42/fd/3")); // socket 100 closed; fd 3 is reused for another file
            t.otherFd(42, 3, "/var/log/web.log");
            t.write("net/tcp", ProcTree.TCP_HEADER + L9090 + l7070);
        });
        assertEquals(Map.of(7070, List.of("42:web"), 8080, List.of("42:web"), 9090, List.of("43:db")),
                ownersByPort(s), "held at the table read, described while still holding 7070");
        assertTrue(s.complete(), s.coverage().toString());
    }

    @Test
    void socketListedTwiceByAShiftingTableIsOneListener() throws Exception {
        ProcTree t = tree();
        t.write("net/tcp", ProcTree.TCP_HEADER + L8080 + L9090 + L8080.replace("   0:", "   2:"));
        Snapshot s = collect(t, () -> { });
        assertEquals(2, s.listeners().size());
        assertEquals(Map.of(8080, List.of("42:web"), 9090, List.of("43:db")), ownersByPort(s));
    }
}
