package dev.portaudit.collect;

import dev.portaudit.model.Container;
import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Snapshot;
import dev.portaudit.model.SocketKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.software.os.InternetProtocolStats.IPConnection;
import oshi.software.os.OperatingSystem;

/**
 * Collects the host's listeners through OSHI. On Linux it adds what OSHI leaves out: every process
 * that holds a shared socket, capabilities, kernel port settings, and user names read from
 * {@code /etc/passwd} instead of one {@code getent} process per owner.
 */
public final class OshiCollector implements HostCollector {

    private static final Logger LOG = LoggerFactory.getLogger(OshiCollector.class);

    private final OperatingSystem os;
    private final Optional<LinuxProc> linux;
    private final Map<Long, String> userNames;
    private final OwnerCompletion completion;
    private final Supplier<ContainerEngines> engines;
    /** The engines' state as the current scan read it, for the namespaces it describes. */
    private volatile ContainerEngines scanEngines;

    public OshiCollector(OperatingSystem os, Optional<LinuxProc> linux, Map<Long, String> userNames) {
        this(os, linux, userNames, OwnerCompletion.none(), ContainerEngines::none);
    }

    OshiCollector(OperatingSystem os, Optional<LinuxProc> linux, Map<Long, String> userNames,
            OwnerCompletion completion, Supplier<ContainerEngines> engines) {
        this.os = os;
        this.linux = linux;
        this.userNames = Map.copyOf(userNames);
        this.completion = completion;
        this.engines = engines;
    }

    /** A collector for the host this JVM runs on. */
    public static OshiCollector forThisHost() {
        Optional<LinuxProc> linux = LinuxProc.available() ? Optional.of(LinuxProc.system()) : Optional.empty();
        return new OshiCollector(new SystemInfo().getOperatingSystem(), linux, PasswdParser.system(),
                OwnerCompletion.system(), ContainerEngines::system);
    }

    @Override
    public Container describe(Container c) {
        ContainerEngines e = scanEngines; // this scan's, read once, not once per namespace
        return (e != null ? e : engines.get()).describe(c);
    }

    @Override
    public List<Listener> completeOwners(List<Listener> listeners) {
        return completion.complete(listeners);
    }

    @Override
    public Snapshot collect() {
        completion.prefetch(); // read beside collection; searched once the owners are known
        List<IPConnection> connections = os.getInternetProtocolStats().getConnections();
        Map<SocketKey, List<RawSocket>> byKey = new LinkedHashMap<>();
        Map<String, Integer> unparsable = new HashMap<>();
        for (IPConnection c : connections) {
            OshiConnectionMapper.Outcome o = OshiConnectionMapper.map(c);
            if (o instanceof OshiConnectionMapper.Listening l) {
                byKey.computeIfAbsent(l.socket().key(), k -> new ArrayList<>()).add(l.socket());
            } else if (o instanceof OshiConnectionMapper.Unparsable u) {
                unparsable.merge(u.why(), 1, Integer::sum);
                LOG.debug("skipped a socket OSHI reported: {}", u.why());
            }
        }
        Optional<ProcSockets> sockets = linux.map(ProcSockets::new);
        SocketOwners owners = sockets.map(ProcSockets::owners).orElse(SocketOwners.none());
        boolean elevated = elevated();

        OwnerDescriber describer = describer();
        Assembly.Assembled assembled = Assembly.assemble(byKey, owners.pidsByKey(), owners.uidByKey(), describer,
                pid -> sockets.isEmpty() || sockets.get().stillHolds(owners, pid));
        List<Listener> listeners = assembled.listeners();
        int ownerless = assembled.ownerless();
        int vanished = assembled.vanished();

        List<CoverageNote> coverage = new ArrayList<>();
        int bad = owners.unparsableLines() + unparsable.values().stream().mapToInt(Integer::intValue).sum();
        coverage.addAll(Assembly.coverage("", elevated, ownerless, owners.unreadablePids(), bad,
                unparsable.isEmpty() ? "" : " (" + String.join("; ", unparsable.keySet()) + ")", vanished));
        if (linux.isPresent()) {
            listeners = Zones.assign(listeners, linux.get().read("net/if_inet6"));
            // OSHI reads /proc/net on Linux, which has no IPV6_V6ONLY: the flag sock_diag gave the
            // owner walk, so that dualStack and the wildcard finding say the same as procfs and netlink
            listeners = SockDiag.assign(listeners, owners.inodesByKey(), owners.v6only());
        }
        return new Snapshot(hostFacts(elevated), completeOwners(listeners), coverage);
    }

    @Override
    public boolean elevatedForScan() {
        return elevated();
    }

    @Override
    public Optional<LinuxProc> linux() {
        return linux;
    }

    @Override
    public Owners owners() {
        return describer();
    }

    private OwnerDescriber describer() {
        scanEngines = engines.get();
        return new OwnerDescriber(os, linux, userNames, scanEngines);
    }

    @Override
    public HostFacts hostFactsForScan(boolean elevated) {
        return hostFacts(elevated);
    }

    private boolean elevated() {
        if (linux.isPresent()) {
            OptionalLong uid = linux.get().selfUid();
            if (uid.isPresent()) {
                return uid.getAsLong() == 0;
            }
        }
        return os.isElevated();
    }

    private HostFacts hostFacts(boolean elevated) {
        KernelSettings settings = linux.map(LinuxProc::kernelSettings).orElse(KernelSettings.UNKNOWN);
        String hostname = linux.flatMap(l -> l.read("sys/kernel/hostname")).map(String::trim)
                .filter(s -> !s.isEmpty()).orElseGet(this::oshiHostname);
        String osText = "";
        String kernel = "";
        try {
            osText = (nz(os.getFamily()) + " " + nz(os.getVersionInfo().getVersion())).trim();
            String codename = nz(os.getVersionInfo().getCodeName());
            if (!codename.isEmpty()) {
                osText += " (" + codename + ")";
            }
            kernel = nz(os.getVersionInfo().getBuildNumber());
        } catch (RuntimeException e) {
            LOG.debug("operating system details unavailable: {}", e.toString());
        }
        if (linux.isPresent()) {
            kernel = linux.get().read("sys/kernel/osrelease").map(String::trim).orElse(kernel);
        }
        return new HostFacts(hostname, osText, kernel, elevated, settings).withCollector("oshi");
    }

    private String oshiHostname() {
        try {
            return nz(os.getNetworkParams().getHostName());
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

}
