package dev.portaudit.collect;

import dev.portaudit.model.InvalidInputException;

/**
 * Picks the host collector: on Linux sock_diag netlink (procfs where netlink is refused), OSHI
 * elsewhere, or the one asked for.
 */
public final class HostCollectors {

    /** The values of {@code --collector}. */
    public static final String[] KINDS = {"auto", "netlink", "procfs", "oshi"};

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

    /**
     * On a live Linux host, netlink: measured against procfs it is never slower, even on a quiet host
     * (the procfs path opens the same channel for the IPv6 flags the tables lack) and about 5 % faster
     * on a busy one (docs/BENCHMARKS.md); where it is refused the collector falls back to procfs.
     */
    static ProcSockets.Source auto(LinuxProc proc) {
        return proc.live() ? ProcSockets.Source.NETLINK : ProcSockets.Source.PROCFS;
    }
}
