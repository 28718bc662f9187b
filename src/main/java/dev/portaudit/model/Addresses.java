package dev.portaudit.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** Canonical text for raw socket addresses. */
public final class Addresses {

    private Addresses() {
    }

    /** An address and the family it effectively belongs to. */
    public record Parsed(IpFamily family, String text) {
    }

    /**
     * Formats raw address bytes. Four bytes are IPv4; sixteen are IPv6, except IPv4-mapped
     * ({@code ::ffff:a.b.c.d}), which is reported as the IPv4 address it serves. An empty or
     * all-zero array is the wildcard of {@code wildcardFamily}.
     *
     * @throws IllegalArgumentException for any other length
     */
    public static Parsed parse(byte[] raw, IpFamily wildcardFamily) {
        if (raw == null || raw.length == 0 || allZero(raw)) {
            if (raw != null && raw.length == 4) {
                return new Parsed(IpFamily.IPV4, "0.0.0.0");
            }
            if (raw != null && raw.length == 16) {
                return new Parsed(IpFamily.IPV6, "::");
            }
            return new Parsed(wildcardFamily, wildcardFamily == IpFamily.IPV4 ? "0.0.0.0" : "::");
        }
        if (raw.length == 4) {
            return new Parsed(IpFamily.IPV4, ipv4(raw, 0));
        }
        if (raw.length == 16) {
            if (isV4Mapped(raw)) {
                return new Parsed(IpFamily.IPV4, ipv4(raw, 12));
            }
            return new Parsed(IpFamily.IPV6, ipv6(raw));
        }
        throw new IllegalArgumentException("address of " + raw.length + " bytes (expected 0, 4 or 16)");
    }

    public static boolean allZero(byte[] raw) {
        for (byte b : raw) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Canonical form of an IP address literal ("::FFFF:10.0.0.1" becomes "10.0.0.1", "0:0::1" becomes
     * "::1"), or empty when the text is not an address literal. Never resolves a host name.
     */
    public static Optional<String> canonical(String literal) {
        String t = literal.strip();
        if (t.isEmpty() || !t.matches("[0-9A-Fa-f:.]+") || !(t.contains(":") || t.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"))) {
            return Optional.empty();
        }
        try {
            byte[] raw = InetAddress.getByName(t).getAddress();
            return Optional.of(parse(raw, IpFamily.IPV4).text());
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static boolean isV4Mapped(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return (raw[10] & 0xff) == 0xff && (raw[11] & 0xff) == 0xff;
    }

    static String ipv4(byte[] raw, int off) {
        return (raw[off] & 0xff) + "." + (raw[off + 1] & 0xff) + "." + (raw[off + 2] & 0xff) + "." + (raw[off + 3] & 0xff);
    }

    /** RFC 5952: lower case, no leading zeros, the longest run (2+) of zero groups as "::". */
    static String ipv6(byte[] raw) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((raw[2 * i] & 0xff) << 8) | (raw[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8;) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder b = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[i]));
        }
        return b.toString();
    }
}
