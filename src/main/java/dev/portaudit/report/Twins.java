package dev.portaudit.report;

import dev.portaudit.model.Exposure;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * IPv4/IPv6 twins: one service listening on both families' wildcard (0.0.0.0 and ::) or loopback
 * (127.0.0.1 and ::1) addresses through two sockets. For a reviewer they are one thing, so the HTML
 * report shows each pair once; the machine formats keep every socket.
 */
final class Twins {

    private Twins() {
    }

    /** What two sockets of one service share: everything but the family and the address. */
    private record Key(Object protocol, int port, Exposure exposure, Object namespace, List<Integer> pids) {
    }

    private static Key key(Listener l) {
        Exposure e = l.exposure();
        if ((e != Exposure.WILDCARD && e != Exposure.LOOPBACK) || l.owners().isEmpty()) {
            return null; // a specific address, or an owner not seen: nothing shows the sockets belong together
        }
        return new Key(l.protocol(), l.port(), e, l.namespace().orElse(null),
                l.owners().stream().map(ProcessOwner::pid).toList());
    }

    /** The listeners in report order, twins together, each group led by its first listener. */
    static List<List<Listener>> group(List<Listener> listeners) {
        Map<Object, List<Listener>> groups = new LinkedHashMap<>();
        for (Listener l : listeners) {
            Key k = key(l);
            List<Listener> g = k == null ? null : groups.get(k);
            if (g != null && g.stream().noneMatch(x -> x.family() == l.family())) {
                g.add(l);
            } else {
                groups.put(k == null || g != null ? new Object() : k, new ArrayList<>(List.of(l)));
            }
        }
        return List.copyOf(groups.values());
    }

    /**
     * Findings in report order, a finding on a twin folded into its sibling's when the rule, severity,
     * remediation and waiver agree: what differs (the address, the message naming it) is kept.
     */
    static List<List<Finding>> findings(List<Finding> findings, List<List<Listener>> groups) {
        Map<Listener, Integer> groupOf = new IdentityHashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            for (Listener l : groups.get(i)) {
                groupOf.put(l, i);
            }
        }
        Map<Object, List<Finding>> folded = new LinkedHashMap<>();
        for (Finding f : findings) {
            Integer g = groupOf.get(f.listener());
            Object k = g == null ? new Object() : List.of(g, f.rule(), f.severity(), f.remediation(),
                    Objects.toString(f.waiver().orElse(null)));
            folded.computeIfAbsent(k, x -> new ArrayList<>()).add(f);
        }
        return List.copyOf(folded.values());
    }
}
