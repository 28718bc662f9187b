package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.portaudit.collect.HostCollector;
import dev.portaudit.collect.LinuxCollector;
import dev.portaudit.collect.OshiCollector;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Snapshot;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The real collectors on this host (procfs and OSHI), against sockets this JVM opens on loopback. */
class LiveCollectorIT {

    static Listener find(Snapshot s, Sockets.Opened o) {
        String address = o.address().equals("::1") ? "::1" : o.address();
        return s.listeners().stream()
                .filter(l -> l.protocol().id().equals(o.protocol()) && l.address().equals(address) && l.port() == o.port())
                .findFirst().orElseGet(() -> fail(o + " not found among " + s.listeners()));
    }

    static Stream<HostCollector> collectors() {
        return Stream.of(LinuxCollector.forThisHost(), OshiCollector.forThisHost());
    }

    @ParameterizedTest
    @MethodSource("collectors")
    void findsEachLoopbackListenerWithThisJvmAsOwner(HostCollector collector) throws Exception {
        long self = ProcessHandle.current().pid();
        try (Sockets sockets = new Sockets()) {
            List<Sockets.Opened> mine = List.of(sockets.tcp("127.0.0.1"), sockets.tcp("::1"), sockets.udp("127.0.0.1"),
                    sockets.udp("::1"));
            Sockets.Opened peer = sockets.udp("127.0.0.1");
            int connected = sockets.connectedUdp("127.0.0.1", peer.port());

            Snapshot s = collector.collect();
            for (Sockets.Opened o : mine) {
                Listener l = find(s, o);
                assertEquals(List.of(self), l.owners().stream().map(ProcessOwner::pid).map(Long::valueOf).toList(),
                        o.toString());
                ProcessOwner owner = l.owners().get(0);
                assertEquals("java", owner.name(), o.toString());
                assertTrue(owner.executable().endsWith("/java"), owner.executable());
                assertTrue(owner.command().contains("java"), owner.command());
                assertTrue(owner.uid().isPresent());
            }
            assertTrue(s.listeners().stream().noneMatch(l -> l.port() == connected),
                    "a connected UDP socket is not a listener");
            assertTrue(s.host().settings().hasEphemeralRange());
            assertTrue(!s.host().hostname().isEmpty());
        }
    }

    /** A listener as both collectors must report it: the socket, and each holder's pid, name, user and command. */
    static Set<String> described(Snapshot s) {
        return s.listeners().stream().map(l -> l.protocol().id() + " " + l.address() + " " + l.port() + " "
                + l.dualStack() + " " + l.owners().stream().map(o -> o.pid() + "/" + o.name() + "/" + o.user() + "/"
                + o.uid() + "/" + o.command() + "/" + o.executable()).sorted().toList())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void procfsAndOshiSeeTheSameListenersAndOwners() throws Exception {
        try (Sockets sockets = new Sockets()) {
            sockets.tcp("127.0.0.1");
            sockets.tcp("::1");
            sockets.udp("127.0.0.1");
            sockets.udp("::1");
            // Other processes on the host may open or close sockets meanwhile. Readings alternate,
            // procfs, OSHI, procfs, OSHI: what one collector saw in both of its readings was there
            // throughout, so the other collector's reading in between must have it, described alike.
            Set<String> procfs1 = described(LinuxCollector.forThisHost().collect());
            Set<String> oshi1 = described(OshiCollector.forThisHost().collect());
            Set<String> procfs2 = described(LinuxCollector.forThisHost().collect());
            Set<String> oshi2 = described(OshiCollector.forThisHost().collect());
            Set<String> stable = new TreeSet<>(procfs1);
            stable.retainAll(procfs2);
            Set<String> missing = new TreeSet<>(stable);
            missing.removeAll(oshi1);
            assertEquals(Set.of(), missing, "seen by procfs, not by OSHI");
            Set<String> stableOshi = new TreeSet<>(oshi1);
            stableOshi.retainAll(oshi2);
            Set<String> extra = new TreeSet<>(stableOshi);
            extra.removeAll(procfs2);
            assertEquals(Set.of(), extra, "seen by OSHI, not by procfs");
            assertTrue(stable.size() >= 4, stable.toString());
        }
    }
}
