package dev.portaudit.firewall;

import dev.portaudit.firewall.Interfaces.Iface;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The routing decisions between prerouting and the next hook, as a namespace's kernel makes them:
 * which destinations are its own, whether it forwards, and where a loopback destination from the
 * wire is allowed (route_localnet).
 *
 * @param interfaces the namespace's interfaces that are up
 * @param routes     its routes
 * @param sysctl     the forwarding and route_localnet settings by key ("net.ipv4.ip_forward",
 *                   "net.ipv4.conf.eth0.route_localnet"); a key that could not be read is absent
 */
record Routing(List<Iface> interfaces, List<Interfaces.Route> routes, Map<String, String> sysctl) {

    static String forwardingKey(boolean v6) {
        return v6 ? "net.ipv6.conf.all.forwarding" : "net.ipv4.ip_forward";
    }

    /** Whether an address is this namespace's own: on one of its interfaces, or loopback. */
    boolean local(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return true;
        }
        for (Iface i : interfaces) {
            if (i.addresses().contains(a) || i.linkLocal().contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the kernel forwards this family; empty when the setting could not be read. */
    Optional<Boolean> forwards(boolean v6) {
        return Optional.ofNullable(sysctl.get(forwardingKey(v6))).map(v -> !v.strip().equals("0"));
    }

    /**
     * Whether a packet to 127.0.0.0/8 arriving on {@code iface} is routed to the host rather than
     * dropped: IPv4 only, when route_localnet is on for the interface or for all.
     */
    boolean routeLocalnet(String iface, boolean v6) {
        if (v6) {
            return false;
        }
        return on("net.ipv4.conf.all.route_localnet") || on("net.ipv4.conf." + iface + ".route_localnet");
    }

    private boolean on(String key) {
        String v = sysctl.get(key);
        return v != null && !v.strip().equals("0");
    }

    /** The ports this namespace gives its own outgoing connections, when the setting was read. */
    Optional<int[]> ephemeralPorts() {
        String v = sysctl.get("net.ipv4.ip_local_port_range");
        if (v == null) {
            return Optional.empty();
        }
        String[] f = v.strip().split("\\s+");
        try {
            int lo = Integer.parseInt(f[0]);
            int hi = Integer.parseInt(f[f.length - 1]);
            return lo >= 1 && lo <= hi && hi <= 65535 ? Optional.of(new int[] {lo, hi}) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The first address of the family on an interface: where redirect sends a connection. */
    Optional<InetAddress> primary(String iface, boolean v6) {
        if (iface.equals("lo")) {
            return Optional.of(AddressRange.literal(v6 ? "::1" : "127.0.0.1"));
        }
        return interfaces.stream().filter(i -> i.name().equals(iface)).flatMap(i -> i.addresses().stream())
                .filter(a -> (a instanceof Inet6Address) == v6).findFirst();
    }

    /**
     * The interface a forwarded packet leaves by: the connected subnet or route with the longest
     * prefix that holds its destination; empty when none does (or the routes could not be read).
     */
    String outInterface(InetAddress destination) {
        String best = "";
        int length = -1;
        AddressRange to = AddressRange.of(destination);
        boolean v6 = destination instanceof Inet6Address;
        for (Iface i : interfaces) {
            for (Interfaces.AddressRangeText subnet : i.subnets()) {
                if (subnet.v6() == v6 && subnet.length() > length && subnet.range().contains(to)) {
                    best = i.name();
                    length = subnet.length();
                }
            }
        }
        for (Interfaces.Route r : routes) {
            if (r.destination().v6() == v6 && r.destination().length() > length
                    && r.destination().range().contains(to)) {
                best = r.iface();
                length = r.destination().length();
            }
        }
        return best;
    }
}
