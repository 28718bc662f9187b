package dev.portaudit.collect;

import dev.portaudit.model.Container;
import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.NetNamespace;
import dev.portaudit.model.Snapshot;
import dev.portaudit.model.SocketKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Audits network namespaces other than this process's own, from procfs: a namespace's socket
 * tables as a process inside sees them ({@code /proc/PID/net/*}), owners among the processes that
 * share the namespace ({@code /proc/PID/ns/net}), its own port settings, and the container it
 * belongs to. The host's own namespace is collected by the host collector. Linux only.
 */
public final class NamespaceCollector {

    private final HostCollector host;
    private final LinuxProc proc;
    private final ProcNamespaces namespaces;

    public NamespaceCollector(HostCollector host) {
        this.host = host;
        this.proc = host.linux().orElseThrow(() -> new InvalidInputException(
                "auditing network namespaces needs Linux with /proc mounted"));
        this.namespaces = new ProcNamespaces(proc);
    }

    /** {@code scan --target-pid PID}: the namespace PID lives in. */
    public Collector target(int pid) {
        return () -> {
            OptionalLong inode = namespaces.of(pid);
            if (inode.isEmpty()) {
                if (!proc.read(pid + "/stat").isPresent()) {
                    throw new InvalidInputException("--target-pid " + pid + ": no such process");
                }
                throw new InvalidInputException("--target-pid " + pid + ": its network namespace cannot be read "
                        + "(permission denied: run as root)");
            }
            if (inode.equals(namespaces.own())) {
                return host.collect();
            }
            boolean elevated = host.elevatedForScan();
            ProcNamespaces.Namespaces all = namespaces.all();
            Set<Integer> pids = all.pidsByInode().getOrDefault(inode.getAsLong(), Set.of(pid));
            Owners describer = host.owners();
            Scanned s = scan(inode.getAsLong(), pids, describer, elevated);
            List<CoverageNote> coverage = new ArrayList<>(s.coverage());
            if (!s.settings().ok()) {
                coverage.add(settingsUnknown(s));
            }
            return new Snapshot(host.hostFactsForScan(elevated).withNamespace(s.ns(), s.settings().settings()),
                    host.completeOwners(s.listeners()), coverage);
        };
    }

    /** {@code scan --all-namespaces}: the host through its own collector, then every other namespace through procfs. */
    public Collector all() {
        return () -> {
            Snapshot hostSnapshot = host.collect();
            boolean elevated = hostSnapshot.host().elevated();
            List<Listener> others = new ArrayList<>();
            List<CoverageNote> coverage = new ArrayList<>(hostSnapshot.coverage());
            ProcNamespaces.Namespaces all = namespaces.all();
            OptionalLong own = namespaces.own();
            Owners describer = host.owners();
            for (Map.Entry<Long, Set<Integer>> e : all.pidsByInode().entrySet()) {
                if (own.isPresent() && e.getKey() == own.getAsLong()) {
                    continue;
                }
                Scanned s = scan(e.getKey(), e.getValue(), describer, elevated);
                others.addAll(s.listeners());
                coverage.addAll(s.coverage());
                if (!s.settings().ok() && !s.listeners().isEmpty()) {
                    coverage.add(settingsUnknown(s));
                }
            }
            if (all.unreadable() > 0) {
                coverage.add(new CoverageNote("namespaces-unreadable", all.unreadable(), all.unreadable()
                        + " processes' network namespaces could not be read"
                        + (elevated ? " (permission denied despite root)" : " (not running as root)")
                        + "; listeners in namespaces only they belong to are missing"));
            }
            List<Listener> listeners = new ArrayList<>(hostSnapshot.listeners());
            listeners.addAll(host.completeOwners(others)); // the host's own were named by its collect
            return new Snapshot(hostSnapshot.host(), listeners, coverage);
        };
    }

    private static CoverageNote settingsUnknown(Scanned s) {
        return new CoverageNote("namespace-settings-unknown", 1, "port settings of " + s.ns().label()
                + " could not be read: " + s.settings().problem());
    }

    /** One namespace's listeners, settings and gaps. */
    private record Scanned(NetNamespace ns, List<Listener> listeners, NamespaceSettings.Result settings,
            List<CoverageNote> coverage) {
    }

    private Scanned scan(long inode, Set<Integer> pids, Owners describer, boolean elevated) {
        int rep = pids.iterator().next();
        // the namespace's own port settings: containers change them (engines set ip_unprivileged_port_start=0)
        NamespaceSettings.Result settings = NamespaceSettings.read(rep);
        NetNamespace plain = new NetNamespace(inode, container(pids).map(host::describe));
        NetNamespace ns = settings.ok() ? plain.withSettings(settings.settings()) : plain;
        String where = " in " + ns.label();
        List<CoverageNote> coverage = new ArrayList<>();
        if (proc.read(rep + "/net/tcp").isEmpty()) {
            coverage.add(new CoverageNote("namespace-unreadable", 1, "the socket tables of " + ns.label()
                    + " could not be read through process " + rep + (elevated ? "" : " (not running as root)")));
            return new Scanned(ns, List.of(), new NamespaceSettings.Result(KernelSettings.UNKNOWN, "not read"),
                    coverage);
        }
        ProcSockets sockets = new ProcSockets(proc);
        SocketOwners owners = sockets.owners(rep, pids);
        Map<SocketKey, List<RawSocket>> byKey = new LinkedHashMap<>();
        owners.listening().forEach(s -> byKey.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s));
        Assembly.Assembled assembled = Assembly.assemble(byKey, owners.pidsByKey(), owners.uidByKey(), describer,
                pid -> sockets.stillHolds(owners, pid));
        List<Listener> zoned = Zones.assign(assembled.listeners(), proc.read(rep + "/net/if_inet6"));
        // the flags answer for the asking thread's namespace: ask from inside this one
        Optional<Map<Long, Boolean>> flags = NamespaceSettings.inside(rep, SockDiag::v6only, 5000).value()
                .flatMap(f -> f);
        List<Listener> listeners = SockDiag.assign(zoned, owners.inodesByKey(), flags).stream()
                .map(l -> l.inNamespace(ns)).toList();
        coverage.addAll(Assembly.coverage(where, elevated, assembled.ownerless(), owners.unreadablePids(),
                owners.unparsableLines(), "", assembled.vanished()));
        return new Scanned(ns, listeners, settings, coverage);
    }

    private Optional<Container> container(Set<Integer> pids) {
        for (int pid : pids) {
            Optional<Container> c = proc.cgroup(pid).flatMap(ContainerParser::parse);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }
}
