package dev.portaudit.firewall;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Address ranges of one family, sorted and merged, so that a set of 100,000 elements answers
 * "does it cover this?" and "does it touch this?" by binary search.
 */
final class Ranges {

    private final BigInteger[] firsts;
    private final BigInteger[] lasts;

    Ranges(List<AddressRange> ranges) {
        List<AddressRange> sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> a.first().compareTo(b.first()));
        List<BigInteger> f = new ArrayList<>();
        List<BigInteger> l = new ArrayList<>();
        for (AddressRange r : sorted) {
            int last = l.size() - 1;
            if (last >= 0 && r.first().compareTo(l.get(last).add(BigInteger.ONE)) <= 0) {
                if (r.last().compareTo(l.get(last)) > 0) {
                    l.set(last, r.last());
                }
            } else {
                f.add(r.first());
                l.add(r.last());
            }
        }
        firsts = f.toArray(new BigInteger[0]);
        lasts = l.toArray(new BigInteger[0]);
    }

    /** The index of the last range starting at or before {@code n}, or -1. */
    private int floor(BigInteger n) {
        int lo = 0;
        int hi = firsts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (firsts[mid].compareTo(n) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    boolean covers(BigInteger first, BigInteger last) {
        int i = floor(first);
        return i >= 0 && lasts[i].compareTo(last) >= 0;
    }

    boolean touches(BigInteger first, BigInteger last) {
        int i = floor(last);
        return i >= 0 && lasts[i].compareTo(first) >= 0;
    }

    boolean contains(BigInteger n) {
        return covers(n, n);
    }
}
