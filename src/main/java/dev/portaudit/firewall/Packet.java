package dev.portaudit.firewall;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The first packet of a new connection to a listener (a TCP SYN, a first UDP datagram; conntrack
 * state new), as the firewall sees it arriving. Its source address is a region, not one address:
 * every address a source of that kind may have ({@link #sourceWithin} less {@link #sourceExcept}),
 * so that a rule matching some of them is told apart from one matching all or none.
 *
 * @param v6           IPv6 or IPv4
 * @param l4           "tcp" or "udp"
 * @param iifname      the interface it arrives on
 * @param sourceWithin where its source address may be
 * @param sourceExcept addresses it cannot have (the connected subnets, for traffic from beyond them)
 * @param destination  the listener's address, or for a wildcard listener the address it is reached on
 * @param dport        the listener's port
 */
record Packet(boolean v6, String l4, String iifname, List<AddressRange> sourceWithin,
        List<AddressRange> sourceExcept, InetAddress destination, int dport) {

    /** Whether every possible source address is in the ranges (true), none is (false), or some are (null). */
    Boolean sourceIn(List<AddressRange> ranges) {
        List<AddressRange> cover = new ArrayList<>(ranges);
        cover.addAll(sourceExcept);
        boolean all = sourceWithin.stream().allMatch(w -> w.coveredBy(cover));
        if (all) {
            return true;
        }
        for (AddressRange s : ranges) {
            for (AddressRange w : sourceWithin) {
                if (s.overlaps(w)) {
                    BigInteger first = s.first().max(w.first());
                    BigInteger last = s.last().min(w.last());
                    if (!new AddressRange(v6, first, last).coveredBy(sourceExcept)) {
                        return null;
                    }
                }
            }
        }
        return false;
    }
}
