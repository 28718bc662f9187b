package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.portaudit.collect.OshiCollector;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Snapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real collector on this host, against sockets this JVM opens on loopback. */
class LiveCollectorIT {

    static Listener find(Snapshot s, Sockets.Opened o) {
        String address = o.address().equals("::1") ? "::1" : o.address();
        return s.listeners().stream()
                .filter(l -> l.protocol().id().equals(o.protocol()) && l.address().equals(address) && l.port() == o.port())
                .findFirst().orElseGet(() -> fail(o + " not found among " + s.listeners()));
    }

    @Test
    void findsEachLoopbackListenerWithThisJvmAsOwner() throws Exception {
        long self = ProcessHandle.current().pid();
        try (Sockets sockets = new Sockets()) {
            List<Sockets.Opened> mine = List.of(sockets.tcp("127.0.0.1"), sockets.tcp("::1"), sockets.udp("127.0.0.1"),
                    sockets.udp("::1"));
            Sockets.Opened peer = sockets.udp("127.0.0.1");
            int connected = sockets.connectedUdp("127.0.0.1", peer.port());

            Snapshot s = OshiCollector.forThisHost().collect();
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
}
