package dev.portaudit.collect;

import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Snapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
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

    public OshiCollector(OperatingSystem os, Optional<LinuxProc> linux, Map<Long, String> userNames) {
        this.os = os;
        this.linux = linux;
        this.userNames = Map.copyOf(userNames);
    }

    /** A collector for the host this JVM runs on. */
    public static OshiCollector forThisHost() {
        Optional<LinuxProc> linux = LinuxProc.available() ? Optional.of(LinuxProc.system()) : Optional.empty();
        return new OshiCollector(new SystemInfo().getOperatingSystem(), linux, systemUsers());
    }

    /** User names from /etc/passwd; empty where there is none. */
    static Map<Long, String> systemUsers() {
        try {
            return PasswdParser.parse(Files.readString(Path.of("/etc/passwd"), StandardCharsets.UTF_8));
        } catch (Exception e) {
            LOG.debug("no /etc/passwd to resolve user names: {}", e.toString());
            return Map.of();
        }
    }

    @Override
    public Snapshot collect() {
        List<IPConnection> connections = os.getInternetProtocolStats().getConnections();
        Map<String, List<RawSocket>> byKey = new LinkedHashMap<>();
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
        LinuxProc.SocketOwners owners = linux.map(LinuxProc::socketOwners)
                .orElse(new LinuxProc.SocketOwners(Map.of(), Map.of(), 0, 0, List.of()));
        boolean elevated = elevated();

        OwnerDescriber describer = new OwnerDescriber(os, linux, userNames);
        Assembled assembled = assemble(byKey, owners.pidsByKey(), describer);
        List<Listener> listeners = assembled.listeners();
        int ownerless = assembled.ownerless();
        int vanished = describer.vanished();

        List<CoverageNote> coverage = new ArrayList<>();
        int bad = owners.unparsableLines() + unparsable.values().stream().mapToInt(Integer::intValue).sum();
        coverage.addAll(coverage("", elevated, ownerless, owners.unreadablePids(), bad,
                unparsable.isEmpty() ? "" : " (" + String.join("; ", unparsable.keySet()) + ")", vanished));
        return new Snapshot(hostFacts(elevated), listeners, coverage);
    }

    /** Listeners assembled from raw sockets and their owners. */
    record Assembled(List<Listener> listeners, int ownerless) {
    }

    /** Groups raw sockets by identity and names every process holding each. */
    static Assembled assemble(Map<String, List<RawSocket>> byKey, Map<String, Set<Integer>> pidsByKey,
            Owners describer) {
        List<Listener> listeners = new ArrayList<>(byKey.size());
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
                list.add(describer.owner(pid));
            }
            if (list.isEmpty()) {
                ownerless++;
            }
            listeners.add(new Listener(first.protocol(), first.family(), first.address(), first.port(), dual, list));
        }
        return new Assembled(listeners, ownerless);
    }

    /**
     * What could not be seen, phrased for people. {@code where} names a namespace (" in net:[...]")
     * or is empty for the host.
     */
    static List<CoverageNote> coverage(String where, boolean elevated, int ownerless, int unreadablePids,
            int unparsable, String unparsableDetail, int vanished) {
        List<CoverageNote> coverage = new ArrayList<>();
        if (ownerless > 0 && (!elevated || unreadablePids > 0)) {
            coverage.add(new CoverageNote("owner-unknown", ownerless, "owner of " + ownerless
                    + " listening socket" + (ownerless == 1 ? "" : "s") + where + " unknown: "
                    + (elevated ? "some processes could not be inspected even as root"
                            : "not running as root, so other users' processes cannot be inspected")));
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
                    + " exited during the scan; only the pid is known"));
        }
        return coverage;
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
        return new OwnerDescriber(os, linux, userNames);
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
        return new HostFacts(hostname, osText, kernel, elevated, settings);
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
