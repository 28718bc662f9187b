package dev.portaudit.collect;

import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.SocketKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/** What every collector does with raw sockets: group them, name their owners, say what was not seen. */
final class Assembly {

    /** Holders from which they are described in parallel. */
    private static final int PARALLEL_FROM = 32;

    private Assembly() {
    }

    /**
     * Listeners assembled from raw sockets and their owners.
     *
     * @param ownerless listeners without a known holder
     * @param vanished  holders dropped because they exited, or no longer held the socket, before
     *                  they were described
     */
    record Assembled(List<Listener> listeners, int ownerless, int vanished) {
    }

    /**
     * Groups raw sockets by identity and names every process holding each. A holder is kept only if
     * it could be described and {@code stillHolds} confirms, after the description, that the pid
     * still holds the socket: a process gone or replaced under a reused pid is never named.
     */
    static Assembled assemble(Map<SocketKey, List<RawSocket>> byKey, Map<SocketKey, Set<Integer>> pidsByKey,
            Map<SocketKey, Long> uidByKey, Owners describer, IntPredicate stillHolds) {
        List<Listener> listeners = new ArrayList<>(byKey.size());
        Set<Integer> all = new TreeSet<>();
        pidsByKey.values().forEach(all::addAll);
        byKey.values().forEach(g -> g.stream().filter(s -> s.pid() > 0).forEach(s -> all.add(s.pid())));
        // each holder described once (status, comm, cmdline, exe, cgroup: five reads), on every core
        // where there are many: on a busy host this is a tenth of a scan on one thread
        Map<Integer, Optional<ProcessOwner>> confirmed = new ConcurrentHashMap<>();
        (describer.concurrent() && all.size() >= PARALLEL_FROM && Runtime.getRuntime().availableProcessors() > 1
                ? all.parallelStream()
                : all.stream()).forEach(pid -> {
                    Optional<ProcessOwner> owner = describer.owner(pid);
                    confirmed.put(pid, owner.isPresent() && !stillHolds.test(pid) ? Optional.empty() : owner);
                });
        int vanished = (int) confirmed.values().stream().filter(Optional::isEmpty).count();
        int ownerless = 0;
        for (List<RawSocket> group : byKey.values()) {
            RawSocket first = group.get(0);
            Set<Integer> pids = new TreeSet<>(pidsByKey.getOrDefault(first.key(), Set.of()));
            boolean dual = false;
            for (RawSocket s : group) {
                if (s.pid() > 0) {
                    pids.add(s.pid());
                }
                dual |= s.dualStack();
            }
            List<ProcessOwner> list = new ArrayList<>(pids.size());
            for (int pid : pids) {
                confirmed.get(pid).ifPresent(list::add);
            }
            if (list.isEmpty()) {
                ownerless++;
            }
            Listener l = new Listener(first.protocol(), first.family(), first.address(), first.port(), dual, list);
            Long uid = uidByKey.get(first.key());
            listeners.add(uid == null ? l : l.withSocketUid(uid));
        }
        return new Assembled(listeners, ownerless, vanished);
    }

    /**
     * What could not be seen, phrased for people. {@code where} names a namespace (" in net:[...]")
     * or is empty for the host.
     */
    static List<CoverageNote> coverage(String where, boolean elevated, int ownerless, int unreadablePids,
            int unparsable, String unparsableDetail, int vanished) {
        List<CoverageNote> coverage = new ArrayList<>();
        if (ownerless > 0) {
            coverage.add(new CoverageNote("owner-unknown", ownerless, "owner of " + ownerless
                    + " listening socket" + (ownerless == 1 ? "" : "s") + where + " unknown: "
                    + (!elevated ? "not running as root, so other users' processes cannot be inspected"
                            : unreadablePids > 0 ? "some processes could not be inspected even as root"
                            : "no process was found holding it (it changed hands during the scan)")));
        }
        if (unreadablePids > 0) {
            coverage.add(new CoverageNote("processes-unreadable", unreadablePids,
                    unreadablePids + " process" + (unreadablePids == 1 ? "'s" : "es'")
                    + " open sockets" + where + " could not be read (permission denied"
                    + (elevated ? " despite root: a security module or procfs restriction)" : ")")));
        }
        if (unparsable > 0) {
            coverage.add(new CoverageNote("socket-unparsable", unparsable, unparsable
                    + " socket entries" + where + " could not be interpreted and were skipped" + unparsableDetail));
        }
        if (vanished > 0) {
            coverage.add(new CoverageNote("process-vanished", vanished, vanished
                    + " owning process" + (vanished == 1 ? "" : "es") + where
                    + " exited during the scan before it could be described"));
        }
        return coverage;
    }
}
