package dev.portaudit.collect;

import dev.portaudit.model.Container;
import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Snapshot;
import dev.portaudit.model.SocketKey;
import dev.portaudit.util.Logs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Linux collector: reads the kernel's socket tables, keeping only listening sockets, maps them
 * to every process holding them through {@code /proc/PID/fd}, and describes those processes from
 * procfs. It starts no process and loads no native library, which keeps a scan near {@code ss}
 * speed; {@link OshiCollector} covers other systems and is selectable with {@code --collector oshi}.
 */
public final class LinuxCollector implements HostCollector {

    private final LinuxProc proc;
    private final ProcSockets sockets;
    private final Map<Long, String> userNames;
    private final Path osRelease;
    private final OwnerCompletion completion;
    private final Supplier<ContainerEngines> engines;
    /** The engines' state as the current scan read it, for the namespaces it describes. */
    private volatile ContainerEngines scanEngines;

    public LinuxCollector(LinuxProc proc, Map<Long, String> userNames, Path osRelease) {
        this(proc, new ProcSockets(proc), userNames, osRelease, OwnerCompletion.none(), ContainerEngines::none);
    }

    LinuxCollector(LinuxProc proc, ProcSockets sockets, Map<Long, String> userNames, Path osRelease,
            OwnerCompletion completion, Supplier<ContainerEngines> engines) {
        this.proc = proc;
        this.sockets = sockets;
        this.userNames = Map.copyOf(userNames);
        this.osRelease = osRelease;
        this.completion = completion;
        this.engines = engines;
    }

    public static LinuxCollector forThisHost() {
        return forThisHost(ProcSockets.Source.PROCFS);
    }

    /** This host, its listening sockets read from {@code source}. */
    public static LinuxCollector forThisHost(ProcSockets.Source source) {
        return new LinuxCollector(LinuxProc.system(), new ProcSockets(LinuxProc.system(), source), PasswdParser.system(),
                Path.of("/etc/os-release"), OwnerCompletion.system(), ContainerEngines::system);
    }

    @Override
    public Snapshot collect() {
        long t0 = System.nanoTime();
        completion.prefetch(); // read beside collection; searched once the owners are known
        boolean elevated = elevatedForScan();
        SocketOwners owners = (sockets.live() ? EarlyScan.take(sockets.source()) : Optional.<SocketOwners>empty())
                .orElseGet(sockets::owners);
        long t1 = System.nanoTime();
        Map<SocketKey, List<RawSocket>> byKey = new LinkedHashMap<>();
        owners.listening().forEach(s -> byKey.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s));
        Assembly.Assembled assembled = Assembly.assemble(byKey, owners.pidsByKey(), owners.uidByKey(), owners(),
                pid -> sockets.stillHolds(owners, pid));
        List<Listener> listeners = assembled.listeners();
        int ownerless = assembled.ownerless();
        // A socket without a holder either belongs to a process we may not inspect or was closed while
        // the scan ran (its process exited, or let it go, after the table was read). Tell them apart by
        // reading the tables again when the unreadable processes cannot account for them all.
        if (ownerless > 0 && (assembled.vanished() > 0 || ownerless > owners.unreadablePids())) {
            List<Listener> open = withoutClosed(listeners, new ArrayList<>(byKey.keySet()), owners.inodesByKey());
            ownerless -= listeners.size() - open.size();
            listeners = open;
        }
        List<CoverageNote> coverage = Assembly.coverage("", elevated, ownerless, owners.unreadablePids(),
                owners.unparsableLines(), "", 0);
        listeners = Zones.assign(listeners, proc.read("net/if_inet6"));
        listeners = SockDiag.assign(listeners, owners.inodesByKey(), owners.v6only());
        long t2 = System.nanoTime();
        listeners = completeOwners(listeners);
        if (Logs.verbose()) {
            Logs.of(LinuxCollector.class).debug("collected through {}: sockets and their holders {} ms, owners "
                    + "described {} ms, names, packages and units {} ms", owners.tables(), (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
        }
        return new Snapshot(hostFactsForScan(elevated).withCollector(owners.tables()), listeners, coverage);
    }

    /**
     * The listeners less those without a holder whose sockets are no longer in the kernel's tables.
     * {@code keys} are the listeners' socket keys, in the same order.
     */
    private List<Listener> withoutClosed(List<Listener> listeners, List<SocketKey> keys, Map<SocketKey, List<Long>> inodes) {
        Set<ProcSockets.Table> tables = EnumSet.noneOf(ProcSockets.Table.class);
        for (Listener l : listeners) {
            if (l.owners().isEmpty()) {
                tables.add(ProcSockets.Table.of(l.protocol(), l.family()));
            }
        }
        Set<Long> live = sockets.listeningInodes(tables);
        List<Listener> kept = new ArrayList<>(listeners.size());
        for (int i = 0; i < listeners.size(); i++) {
            Listener l = listeners.get(i);
            List<Long> mine = inodes.getOrDefault(keys.get(i), List.of());
            if (!l.owners().isEmpty() || mine.isEmpty() || mine.stream().anyMatch(live::contains)) {
                kept.add(l);
            }
        }
        if (kept.size() < listeners.size() && Logs.verbose()) {
            Logs.of(LinuxCollector.class).debug("{} listening socket(s) closed during the scan and "
                    + "are not reported", listeners.size() - kept.size());
        }
        return kept;
    }

    @Override
    public boolean elevatedForScan() {
        return proc.selfUid().orElse(-1) == 0;
    }

    @Override
    public Optional<LinuxProc> linux() {
        return Optional.of(proc);
    }

    @Override
    public Owners owners() {
        // the engines' state is read afresh for each scan (containers come and go between an agent's
        // scans), and only once a process in a container is seen: most hosts' owners have none
        scanEngines = null;
        return new ProcOwners(proc, userNames, new ContainerView(proc, this::scanEngines));
    }

    /** This scan's engines, read when first asked. */
    private synchronized ContainerEngines scanEngines() {
        if (scanEngines == null) {
            scanEngines = engines.get();
        }
        return scanEngines;
    }

    @Override
    public Container describe(Container c) {
        return scanEngines().describe(c); // this scan's, read once, not once per namespace
    }

    @Override
    public List<Listener> completeOwners(List<Listener> listeners) {
        return completion.complete(listeners);
    }

    @Override
    public HostFacts hostFactsForScan(boolean elevated) {
        KernelSettings settings = proc.kernelSettings();
        String hostname = proc.read("sys/kernel/hostname").map(String::strip).orElse("");
        String kernel = proc.read("sys/kernel/osrelease").map(String::strip).orElse("");
        String os;
        try {
            os = OsReleaseParser.describe(Files.readString(osRelease, StandardCharsets.UTF_8));
        } catch (Exception e) {
            os = "Linux";
        }
        return new HostFacts(hostname, os, kernel, elevated, settings);
    }
}
