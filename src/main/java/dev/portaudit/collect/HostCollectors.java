package dev.portaudit.collect;

import dev.portaudit.model.InvalidInputException;
import java.util.Optional;

/**
 * Picks the host collector: on Linux procfs, or sock_diag netlink where the host has enough sockets
 * for it to pay; OSHI elsewhere; or the one asked for.
 */
public final class HostCollectors {

    /** The values of {@code --collector}. */
    public static final String[] KINDS = {"auto", "netlink", "procfs", "oshi"};

    /**
     * Sockets in the kernel's tables (from {@code /proc/net/sockstat}) from which netlink is chosen:
     * below it, opening the channel costs more than formatting and parsing the procfs tables saves
     * (docs/performance.md has the measurements).
     */
    static final int NETLINK_FROM = 5_000;

    private HostCollectors() {
    }

    public static HostCollector create(String kind) {
        return switch (kind) {
            case "auto" -> LinuxProc.available() ? LinuxCollector.forThisHost(auto(LinuxProc.system()))
                    : OshiCollector.forThisHost();
            case "procfs", "netlink" -> {
                if (!LinuxProc.available()) {
                    throw new InvalidInputException("--collector " + kind + " needs Linux with /proc mounted");
                }
                yield LinuxCollector.forThisHost(kind.equals("netlink") ? ProcSockets.Source.NETLINK
                        : ProcSockets.Source.PROCFS);
            }
            case "oshi" -> OshiCollector.forThisHost();
            default -> throw new InvalidInputException("--collector '" + kind + "' is not a collector (allowed: auto, "
                    + "netlink, procfs, oshi)");
        };
    }

    /** Netlink on a host with many sockets and a Java whose FFM channel needs no native library; else procfs. */
    static ProcSockets.Source auto(LinuxProc proc) {
        if (Runtime.version().feature() < 22) {
            return ProcSockets.Source.PROCFS; // JNA's channel costs more to start than it saves
        }
        return sockets(proc.read("net/sockstat"), proc.read("net/sockstat6")).orElse(0) >= NETLINK_FROM
                ? ProcSockets.Source.NETLINK : ProcSockets.Source.PROCFS;
    }

    /**
     * The sockets the TCP and UDP tables list, from sockstat's "TCP: inuse N orphan N tw N" and
     * "UDP: inuse N" lines (and sockstat6's TCP6/UDP6); empty when unreadable.
     */
    static Optional<Integer> sockets(Optional<String> sockstat, Optional<String> sockstat6) {
        if (sockstat.isEmpty()) {
            return Optional.empty();
        }
        int total = 0;
        for (String text : new String[] {sockstat.get(), sockstat6.orElse("")}) {
            for (String line : text.split("\n")) {
                String[] f = line.strip().split("\\s+");
                if (f.length < 3 || !(f[0].equals("TCP:") || f[0].equals("UDP:") || f[0].equals("TCP6:")
                        || f[0].equals("UDP6:"))) {
                    continue;
                }
                for (int i = 1; i + 1 < f.length; i += 2) {
                    if (f[i].equals("inuse") || f[i].equals("tw")) {
                        try {
                            total += Integer.parseInt(f[i + 1]);
                        } catch (NumberFormatException e) {
                            return Optional.empty();
                        }
                    }
                }
            }
        }
        return Optional.of(total);
    }
}
