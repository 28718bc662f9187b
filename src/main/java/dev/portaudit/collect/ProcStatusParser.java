package dev.portaudit.collect;

import java.util.Optional;
import java.util.OptionalLong;

/** Reads what matters to us from {@code /proc/PID/status}: the effective uid and capabilities. */
public final class ProcStatusParser {

    /** CAP_NET_BIND_SERVICE, capability number 10. */
    static final long CAP_NET_BIND_SERVICE = 1L << 10;

    /** Effective uid and whether CAP_NET_BIND_SERVICE is effective; each empty when absent. */
    public record Status(OptionalLong effectiveUid, Optional<Boolean> bindCapability) {
    }

    private ProcStatusParser() {
    }

    public static Status parse(String text) {
        OptionalLong uid = OptionalLong.empty();
        Optional<Boolean> cap = Optional.empty();
        for (String line : text.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] f = line.substring(4).trim().split("\\s+");
                if (f.length >= 2) {
                    try {
                        uid = OptionalLong.of(Long.parseLong(f[1]));
                    } catch (NumberFormatException ignored) {
                        // left empty: the caller reports the owner's uid as unknown
                    }
                }
            } else if (line.startsWith("CapEff:")) {
                try {
                    long bits = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    cap = Optional.of((bits & CAP_NET_BIND_SERVICE) != 0);
                } catch (NumberFormatException ignored) {
                    // left empty
                }
            }
        }
        return new Status(uid, cap);
    }
}
