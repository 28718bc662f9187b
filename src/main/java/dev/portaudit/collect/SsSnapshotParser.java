package dev.portaudit.collect;

import dev.portaudit.model.Addresses;
import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.IpFamily;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Snapshot;
import dev.portaudit.model.Transport;
import dev.portaudit.model.SocketKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the output of {@code ss -tulpnH} (with or without {@code -e}) into a snapshot, so hosts
 * without Java can be audited centrally. An ss snapshot has owners (name and pid, with {@code -p}),
 * each socket's uid (its creator's) and IPv6-only flag (with {@code -e}), but not the users the
 * owners run as, their command lines, executables or the kernel settings. Lines it cannot read are counted in the snapshot's coverage.
 */
public final class SsSnapshotParser {

    private static final Pattern USER = Pattern.compile("\\(\"(.*?)\",pid=(\\d+),fd=(\\d+)\\)");
    private static final Pattern UID = Pattern.compile("(?:^|\\s)uid:(\\d+)(?:\\s|$)");
    /** ss -e prints the socket's inode; its presence tells an extended snapshot. */
    private static final Pattern INODE = Pattern.compile("(?:^|\\s)ino:(\\d+)(?:\\s|$)");
    private static final Pattern V6ONLY = Pattern.compile("(?:^|\\s)v6only:([01])(?:\\s|$)");

    private SsSnapshotParser() {
    }

    public static Snapshot parse(String text, String hostname) {
        return parse(text, hostname, Optional.empty());
    }

    /** @param settings the host's kernel port settings, captured with the snapshot; empty: assumed */
    public static Snapshot parse(String text, String hostname, Optional<KernelSettings> settings) {
        Map<SocketKey, Listener> byKey = new LinkedHashMap<>();
        int bad = 0;
        int skipped = 0;
        boolean extended = false;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("Netid") || line.startsWith("State")) {
                continue;
            }
            String[] f = line.split("\\s+", 7);
            if (f.length < 6) {
                bad++;
                continue;
            }
            Transport protocol;
            if (f[0].equals("tcp")) {
                protocol = Transport.TCP;
                if (!f[1].equals("LISTEN")) {
                    skipped++;
                    continue;
                }
            } else if (f[0].equals("udp")) {
                protocol = Transport.UDP;
                if (!f[1].equals("UNCONN")) {
                    skipped++;
                    continue;
                }
            } else {
                skipped++;
                continue;
            }
            String rest = f.length > 6 ? f[6] : "";
            Optional<Endpoint> local = endpoint(f[4]);
            if (local.isEmpty()) {
                bad++;
                continue;
            }
            boolean ext = INODE.matcher(rest).find();
            extended |= ext;
            List<ProcessOwner> owners = owners(rest);
            OptionalLong socketUid = socketUid(rest, ext);
            Matcher v6 = V6ONLY.matcher(rest);
            Endpoint e = local.get();
            // ss -e prints each IPv6 socket's own IPV6_V6ONLY flag, which wins over the sysctl
            Optional<Boolean> v6only = e.family() == IpFamily.IPV6 && !e.dualStack() && v6.find()
                    ? Optional.of(v6.group(1).equals("1")) : Optional.empty();
            boolean dual = e.dualStack() || (e.address().equals("::") && v6only.equals(Optional.of(false)));
            Listener l = new Listener(protocol, e.family(), e.address(), e.port(), dual, owners, Optional.empty(),
                    socketUid, e.zone(), v6only);
            Listener before = byKey.get(l.key());
            if (before != null) {
                List<ProcessOwner> merged = new ArrayList<>(before.owners());
                owners.stream().filter(o -> merged.stream().noneMatch(m -> m.pid() == o.pid())).forEach(merged::add);
                l = new Listener(protocol, e.family(), e.address(), e.port(), before.dualStack() || dual, merged,
                        Optional.empty(), before.socketUid().isPresent() ? before.socketUid() : socketUid,
                        before.zone().isPresent() ? before.zone() : e.zone(),
                        before.v6Only().isPresent() ? before.v6Only() : v6only);
            }
            byKey.put(l.key(), l);
        }
        List<Listener> listeners = new ArrayList<>(byKey.values());
        long ownerless = listeners.stream().filter(x -> !x.ownerKnown()).count();
        List<CoverageNote> coverage = new ArrayList<>();
        if (ownerless > 0) {
            coverage.add(new CoverageNote("owner-unknown", (int) ownerless, "owner of " + ownerless
                    + " listening socket" + (ownerless == 1 ? "" : "s") + " not in the snapshot (ss ran without "
                    + "-p, or without root)"));
        }
        if (bad > 0) {
            coverage.add(new CoverageNote("socket-unparsable", bad, bad + " line" + (bad == 1 ? "" : "s")
                    + " of the snapshot could not be read and were skipped"));
        }
        if (settings.isEmpty()) {
            // ss does not print the kernel's port settings; without them the dynamic-range and
            // privileged-port verdicts would differ from a live scan's, so Linux's defaults stand in, said so
            coverage.add(new CoverageNote("kernel-settings-assumed", 1, "the snapshot carries no kernel port "
                    + "settings: Linux's defaults are assumed (ephemeral ports 32768-60999, unprivileged ports from "
                    + "1024, bindv6only 0); give --kernel-settings FILE, sysctl's output captured with the snapshot"));
        }
        HostFacts facts = new HostFacts(hostname, "", "", ownerless == 0,
                settings.orElse(KernelSettings.LINUX_DEFAULTS), Optional.empty(),
                extended ? "ss -tulpnHe" : "ss -tulpnH");
        return new Snapshot(facts, listeners, coverage);
    }

    /**
     * An address and port as ss prints them: 0.0.0.0:22, [::]:22, 127.0.0.53%lo:53, [fe80::1]%eth0:22,
     * and *:22 for an IPv6 wildcard socket that also accepts IPv4.
     */
    record Endpoint(IpFamily family, String address, int port, boolean dualStack, Optional<String> zone) {
    }

    static Optional<Endpoint> endpoint(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (port < 1 || port > 65535) {
            return Optional.empty();
        }
        String host = text.substring(0, colon);
        int scope = host.indexOf('%');
        // ss writes the interface a socket is bound to after '%': a link-local address's zone
        String zone = scope >= 0 ? host.substring(scope + 1) : "";
        if (scope >= 0) {
            host = host.substring(0, scope);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equals("*")) {
            return Optional.of(new Endpoint(IpFamily.IPV6, "::", port, true, Optional.empty()));
        }
        Optional<String> canonical = Addresses.canonical(host);
        return canonical.map(a -> new Endpoint(a.contains(":") ? IpFamily.IPV6 : IpFamily.IPV4, a, port, false,
                a.startsWith("fe80:") && !zone.isEmpty() ? Optional.of(zone) : Optional.empty()));
    }

    /**
     * The socket's uid: with -e, ss prints {@code uid:N} for every uid but root's, so an extended line
     * without one is root's. It is the socket's creator, not necessarily the process holding it now
     * (a daemon that binds as root and then drops privileges), so it is not given to the owners.
     */
    static OptionalLong socketUid(String rest, boolean extended) {
        Matcher uid = UID.matcher(rest);
        return uid.find() ? number(uid.group(1), Long.MAX_VALUE).stream().mapToLong(Long::longValue).findFirst()
                : extended ? OptionalLong.of(0) : OptionalLong.empty();
    }

    /** The owners named in {@code users:((...))}: pid and name; ss does not say who they run as. */
    static List<ProcessOwner> owners(String rest) {
        List<ProcessOwner> owners = new ArrayList<>();
        int users = rest.indexOf("users:(");
        if (users < 0) {
            return owners;
        }
        Matcher m = USER.matcher(rest);
        m.region(users, rest.length());
        while (m.find()) {
            int pid = number(m.group(2), Integer.MAX_VALUE).orElse(-1L).intValue();
            if (pid > 0 && owners.stream().noneMatch(o -> o.pid() == pid)) {
                owners.add(new ProcessOwner(pid, m.group(1), Optional.empty(), OptionalLong.empty(), "", "",
                        Optional.empty()));
            }
        }
        return owners;
    }

    /** A decimal number up to {@code max}; digits beyond that are not a pid or uid any kernel gives. */
    private static Optional<Long> number(String digits, long max) {
        try {
            long v = Long.parseLong(digits);
            return v <= max ? Optional.of(v) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
