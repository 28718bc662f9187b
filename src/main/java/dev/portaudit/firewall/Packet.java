package dev.portaudit.firewall;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The first packet of a new connection to a listener (a TCP SYN, a first UDP datagram; conntrack
 * state new), as the firewall sees it arriving. Its source address is a region, not one address:
 * every address a source of that kind may have ({@link #sourceWithin} less {@link #sourceExcept}),
 * so that a rule matching some of them is told apart from one matching all or none. (An empty
 * region, every address cut out, is matched by nothing.)
 *
 * @param v6           IPv6 or IPv4
 * @param l4           "tcp" or "udp"
 * @param iifname      the interface it arrives on
 * @param sourceWithin where its source address may be
 * @param sourceExcept addresses it cannot have (the connected subnets, for traffic from beyond them)
 * @param destination  the listener's address, or for a wildcard listener the address it is reached on
 * @param dport        the listener's port
 * @param oifname      the interface it leaves by, once routing forwards it; empty while it is not
 *                     known (on the way in, or for a destination no connected subnet holds)
 * @param reply        the listener's answer instead (ct state established): from {@link #destination}
 *                     and {@link #dport} back to the client's region and its unknown port, leaving
 *                     by {@link #oifname}
 */
record Packet(boolean v6, String l4, String iifname, List<AddressRange> sourceWithin,
        List<AddressRange> sourceExcept, InetAddress destination, int dport, String oifname, boolean reply) {

    Packet(boolean v6, String l4, String iifname, List<AddressRange> sourceWithin, List<AddressRange> sourceExcept,
            InetAddress destination, int dport) {
        this(v6, l4, iifname, sourceWithin, sourceExcept, destination, dport, "", false);
    }

    /** The packet routed out of an interface, as the forward hook sees it. */
    Packet leaving(String iface) {
        return new Packet(v6, l4, iifname, sourceWithin, sourceExcept, destination, dport, iface, reply);
    }

    /**
     * The listener's reply to this packet as the host sends it: no input interface, leaving by the
     * interface the request came in on.
     */
    Packet answer() {
        return new Packet(v6, l4, "", sourceWithin, sourceExcept, destination, dport, iifname, true);
    }

    /** This packet as the host sends it, before it loops back: no input interface yet, leaving by lo. */
    Packet sentOverLoopback() {
        return new Packet(v6, l4, "", sourceWithin, sourceExcept, destination, dport, "lo", reply);
    }

    /** The packet with its destination rewritten, as NAT does. */
    Packet to(InetAddress address, int port) {
        return new Packet(v6, l4, iifname, sourceWithin, sourceExcept, address, port, oifname, reply);
    }

    /** The same packet arriving on another interface: after forwarding, at the namespace it was sent to. */
    Packet arrivingOn(String iface) {
        return new Packet(v6, l4, iface, sourceWithin, sourceExcept, destination, dport, "", reply);
    }

    /** Whether every possible source address is in the ranges (true), none is (false), or some are (null). */
    Boolean sourceIn(Ranges ranges) {
        List<AddressRange> pieces = sourcePieces();
        if (pieces.isEmpty()) {
            return false;
        }
        boolean all = true;
        boolean none = true;
        for (AddressRange piece : pieces) {
            all &= ranges.covers(piece.first(), piece.last());
            none &= !ranges.touches(piece.first(), piece.last());
        }
        return all ? Boolean.TRUE : none ? Boolean.FALSE : null;
    }

    /** The source region as disjoint ranges: {@link #sourceWithin} with {@link #sourceExcept} cut out. */
    List<AddressRange> sourcePieces() {
        List<AddressRange> pieces = new ArrayList<>(sourceWithin);
        for (AddressRange cut : sourceExcept) {
            List<AddressRange> next = new ArrayList<>();
            for (AddressRange p : pieces) {
                if (!p.overlaps(cut)) {
                    next.add(p);
                    continue;
                }
                if (p.first().compareTo(cut.first()) < 0) {
                    next.add(new AddressRange(v6, p.first(), cut.first().subtract(BigInteger.ONE)));
                }
                if (p.last().compareTo(cut.last()) > 0) {
                    next.add(new AddressRange(v6, cut.last().add(BigInteger.ONE), p.last()));
                }
            }
            pieces = next;
        }
        return pieces;
    }
}
