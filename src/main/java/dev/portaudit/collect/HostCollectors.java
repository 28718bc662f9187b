package dev.portaudit.collect;

import dev.portaudit.model.InvalidInputException;

/** Picks the host collector: procfs on Linux, OSHI elsewhere, or the one asked for. */
public final class HostCollectors {

    /** The values of {@code --collector}. */
    public static final String[] KINDS = {"auto", "procfs", "oshi"};

    private HostCollectors() {
    }

    public static HostCollector create(String kind) {
        return switch (kind) {
            case "auto" -> LinuxProc.available() ? LinuxCollector.forThisHost() : OshiCollector.forThisHost();
            case "procfs" -> {
                if (!LinuxProc.available()) {
                    throw new InvalidInputException("--collector procfs needs Linux with /proc mounted");
                }
                yield LinuxCollector.forThisHost();
            }
            case "oshi" -> OshiCollector.forThisHost();
            default -> throw new InvalidInputException("--collector '" + kind + "' is not a collector (allowed: auto, "
                    + "procfs, oshi)");
        };
    }
}
