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
            // other processes on the host may open or close sockets meanwhile: compare what the procfs
            // collector saw in two readings around OSHI's, so only a listener that changed is left out
            Set<String> before = described(LinuxCollector.forThisHost().collect());
            Set<String> oshi = described(OshiCollector.forThisHost().collect());
            Set<String> after = described(LinuxCollector.forThisHost().collect());
            Set<String> stable = new TreeSet<>(before);
            stable.retainAll(after);
            Set<String> missing = new TreeSet<>(stable);
            missing.removeAll(oshi);
            assertEquals(Set.of(), missing, "seen by procfs, not by OSHI");
            Set<String> extra = new TreeSet<>(oshi);
            extra.removeAll(before);
            extra.removeAll(after);
            assertEquals(Set.of(), extra, "seen by OSHI, not by procfs");
            assertTrue(stable.size() >= 4, stable.toString());
        }
    }
}
