package dev.portaudit.firewall;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * An interval of IP addresses of one family, inclusive: what a prefix, a range or a single address
 * in a rule stands for, and what a source of traffic may be.
 */
record AddressRange(boolean v6, BigInteger first, BigInteger last) {

    static AddressRange of(InetAddress a) {
        BigInteger n = new BigInteger(1, a.getAddress());
        return new AddressRange(a.getAddress().length == 16, n, n);
    }

    /** 10.0.0.0/8, ::/0. */
    static AddressRange prefix(InetAddress a, int length) {
        int bits = a.getAddress().length * 8;
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("prefix length " + length + " is not 0-" + bits);
        }
        BigInteger n = new BigInteger(1, a.getAddress());
        BigInteger size = BigInteger.ONE.shiftLeft(bits - length);
        BigInteger first = n.subtract(n.mod(size));
        return new AddressRange(bits == 128, first, first.add(size).subtract(BigInteger.ONE));
    }

    static AddressRange all(boolean v6) {
        return new AddressRange(v6, BigInteger.ZERO, BigInteger.ONE.shiftLeft(v6 ? 128 : 32).subtract(BigInteger.ONE));
    }

    /**
     * One address as text, as an interval: a dotted IPv4 quad read directly (a set of 100,000
     * addresses is read at every scan), anything else through {@link #literal}.
     */
    static AddressRange single(String text) {
        long n = 0;
        int octets = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return of(literal(text));
                }
            } else if (c == '.' && value >= 0 && octets < 4) {
                n = n << 8 | value;
                octets++;
                value = -1;
            } else {
                return of(literal(text)); // IPv6, or not an address: the general reading decides
            }
        }
        if (octets != 4) {
            return of(literal(text));
        }
        BigInteger b = BigInteger.valueOf(n);
        return new AddressRange(false, b, b);
    }

    /** A literal address, never a name: nothing here resolves names. */
    static InetAddress literal(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '.' || c == ':';
            if (!ok) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address");
            }
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("'' is not an IP address");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
    }

    boolean contains(AddressRange r) {
        return v6 == r.v6 && first.compareTo(r.first) <= 0 && last.compareTo(r.last) >= 0;
    }

    boolean overlaps(AddressRange r) {
        return v6 == r.v6 && first.compareTo(r.last) <= 0 && r.first.compareTo(last) <= 0;
    }

    /** Whether the ranges together cover every address of this one. */
    boolean coveredBy(List<AddressRange> ranges) {
        BigInteger next = first;
        List<AddressRange> sorted = ranges.stream().filter(r -> r.v6 == v6)
                .sorted((a, b) -> a.first.compareTo(b.first)).toList();
        for (AddressRange r : sorted) {
            if (r.first.compareTo(next) > 0) {
                break;
            }
            if (r.last.compareTo(next) >= 0) {
                next = r.last.add(BigInteger.ONE);
                if (next.compareTo(last) > 0) {
                    return true;
                }
            }
        }
        return next.compareTo(last) > 0;
    }
}
