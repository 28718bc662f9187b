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
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Collects the host's listeners through OSHI. On Linux it adds what OSHI leaves out: every process
 * that holds a shared socket, capabilities, kernel port settings, and user names read from
 * {@code /etc/passwd} instead of one {@code getent} process per owner.
 */
public final class OshiCollector implements Collector {

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
        Map<Long, String> users = Map.of();
        try {
            users = PasswdParser.parse(Files.readString(Path.of("/etc/passwd"), StandardCharsets.UTF_8));
        } catch (Exception e) {
            LOG.debug("no /etc/passwd to resolve user names: {}", e.toString());
        }
        return new OshiCollector(new SystemInfo().getOperatingSystem(), linux, users);
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
                .orElse(new LinuxProc.SocketOwners(Map.of(), Map.of(), 0, 0));
        boolean elevated = elevated();

        Map<Integer, ProcessOwner> processes = new HashMap<>();
        int vanished = 0;
        List<Listener> listeners = new ArrayList<>(byKey.size());
        int ownerless = 0;
        for (List<RawSocket> group : byKey.values()) {
            RawSocket first = group.get(0);
            Set<Integer> pids = new TreeSet<>(owners.pidsByKey().getOrDefault(first.key(), Set.of()));
            boolean dual = false;
            for (RawSocket s : group) {
                if (s.pid() > 0) {
                    pids.add(s.pid());
                }
                dual |= s.dualStack();
            }
            List<ProcessOwner> list = new ArrayList<>(pids.size());
            for (int pid : pids) {
                ProcessOwner owner = processes.get(pid);
                if (owner == null) {
                    owner = describe(pid).orElse(null);
                    if (owner == null) {
                        vanished++;
                        owner = ProcessOwner.pidOnly(pid);
                    }
                    processes.put(pid, owner);
                }
                list.add(owner);
            }
            if (list.isEmpty()) {
                ownerless++;
            }
            listeners.add(new Listener(first.protocol(), first.family(), first.address(), first.port(), dual, list));
        }

        List<CoverageNote> coverage = new ArrayList<>();
        if (ownerless > 0 && (!elevated || owners.unreadablePids() > 0)) {
            coverage.add(new CoverageNote("owner-unknown", ownerless, "owner of " + ownerless
                    + " listening socket" + (ownerless == 1 ? "" : "s") + " unknown: "
                    + (elevated ? "some processes could not be inspected even as root"
                            : "not running as root, so other users' processes cannot be inspected")));
        }
        if (owners.unreadablePids() > 0) {
            coverage.add(new CoverageNote("processes-unreadable", owners.unreadablePids(),
                    owners.unreadablePids() + " process" + (owners.unreadablePids() == 1 ? "'s" : "es'")
                    + " open sockets could not be read (permission denied"
                    + (elevated ? " despite root: a security module or procfs restriction)" : ")")));
        }
        int bad = owners.unparsableLines() + unparsable.values().stream().mapToInt(Integer::intValue).sum();
        if (bad > 0) {
            coverage.add(new CoverageNote("socket-unparsable", bad, bad
                    + " socket entries could not be interpreted and were skipped"
                    + (unparsable.isEmpty() ? "" : " (" + String.join("; ", unparsable.keySet()) + ")")));
        }
        if (vanished > 0) {
            coverage.add(new CoverageNote("process-vanished", vanished, vanished
                    + " owning process" + (vanished == 1 ? "" : "es")
                    + " exited during the scan; only the pid is known"));
        }
        return new Snapshot(hostFacts(elevated), listeners, coverage);
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

    private Optional<ProcessOwner> describe(int pid) {
        OSProcess p;
        try {
            p = os.getProcess(pid);
        } catch (RuntimeException e) {
            LOG.debug("process {} could not be read: {}", pid, e.toString());
            return Optional.empty();
        }
        if (p == null) {
            return Optional.empty();
        }
        OptionalLong uid = parseUid(p.getUserID());
        Optional<Boolean> capability = Optional.empty();
        String command = commandLine(p);
        if (linux.isPresent()) {
            command = linux.get().commandLine(pid).filter(c -> !c.isEmpty()).orElse(command);
            ProcStatusParser.Status status = linux.get().status(pid);
            capability = status.bindCapability();
            if (uid.isEmpty()) {
                uid = status.effectiveUid();
            }
        }
        Optional<String> user = uid.isPresent() ? Optional.ofNullable(userNames.get(uid.getAsLong()))
                : Optional.empty();
        return Optional.of(new ProcessOwner(pid, nz(p.getName()), user, uid, command, nz(p.getPath()),
                capability));
    }

    /** Arguments joined by spaces, where the platform has no procfs to read them exactly. */
    static String commandLine(OSProcess p) {
        List<String> args = p.getArguments();
        if (args != null && !args.isEmpty()) {
            return String.join(" ", args);
        }
        return nz(p.getCommandLine());
    }

    static OptionalLong parseUid(String text) {
        if (text == null || text.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            long v = Long.parseLong(text.trim());
            return v >= 0 ? OptionalLong.of(v) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
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
