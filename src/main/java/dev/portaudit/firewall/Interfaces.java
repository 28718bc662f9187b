package dev.portaudit.firewall;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The network interfaces of the namespace the asking thread is in, with their addresses and
 * connected subnets: where traffic to a listener can arrive from.
 */
public final class Interfaces {

    /**
     * An interface that is up, with its addresses and the subnets they are on.
     *
     * @param linkLocal its IPv6 link-local addresses (fe80::/10): reachable from the link only, which
     *                  is all an IPv6 socket can be reached by on an interface without another address
     */
    public record Iface(String name, boolean loopback, List<InetAddress> addresses, List<AddressRangeText> subnets,
            List<InetAddress> linkLocal) {

        public Iface {
            addresses = List.copyOf(addresses);
            subnets = List.copyOf(subnets);
            linkLocal = List.copyOf(linkLocal);
        }

        public Iface(String name, boolean loopback, List<InetAddress> addresses, List<AddressRangeText> subnets) {
            this(name, loopback, addresses, subnets, List.of());
        }
    }

    /** A connected subnet, as a range and as people write it ("10.0.0.0/24"). */
    public record AddressRangeText(String text, boolean v6, int length, InetAddress address) {
        AddressRange range() {
            return AddressRange.prefix(address, length);
        }
    }

    private Interfaces() {
    }

    /** This namespace's interfaces that are up. */
    public static List<Iface> read() throws SocketException {
        List<Iface> out = new ArrayList<>();
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!n.isUp()) {
                continue;
            }
            List<InetAddress> addresses = new ArrayList<>();
            List<AddressRangeText> subnets = new ArrayList<>();
            List<InetAddress> linkLocal = new ArrayList<>();
            for (InterfaceAddress a : n.getInterfaceAddresses()) {
                InetAddress ip = a.getAddress();
                if (ip instanceof Inet6Address v6 && v6.isLinkLocalAddress()) {
                    linkLocal.add(withoutScope(v6));
                    continue;
                }
                addresses.add(ip);
                int len = a.getNetworkPrefixLength();
                boolean v6 = ip instanceof Inet6Address;
                if (len < (v6 ? 128 : 32)) {
                    AddressRange r = AddressRange.prefix(ip, len);
                    InetAddress network = network(r, v6);
                    subnets.add(new AddressRangeText(network.getHostAddress() + "/" + len, v6, len, network));
                }
            }
            out.add(new Iface(n.getName(), n.isLoopback(), addresses, subnets, linkLocal));
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /**
     * Interfaces as {@code ip -j addr} prints them: how another namespace's are read, from a process
     * started inside it (nsenter), since this one's own threads stay in the scanner's namespace.
     *
     * @throws IllegalArgumentException when the text is not that JSON
     */
    public static List<Iface> parseIpJson(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("'ip -j addr' printed something that is not JSON");
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("'ip -j addr' printed no list of interfaces");
        }
        List<Iface> out = new ArrayList<>();
        for (JsonNode n : root) {
            List<String> flags = new ArrayList<>();
            n.path("flags").forEach(f -> flags.add(f.asText()));
            if (!flags.contains("UP")) {
                continue;
            }
            List<InetAddress> addresses = new ArrayList<>();
            List<AddressRangeText> subnets = new ArrayList<>();
            List<InetAddress> linkLocal = new ArrayList<>();
            for (JsonNode a : n.path("addr_info")) {
                InetAddress ip = AddressRange.literal(a.path("local").asText());
                if (ip instanceof Inet6Address v6 && v6.isLinkLocalAddress()) {
                    linkLocal.add(ip);
                    continue;
                }
                int len = a.path("prefixlen").asInt(ip instanceof Inet6Address ? 128 : 32);
                boolean v6 = ip instanceof Inet6Address;
                addresses.add(ip);
                if (len < (v6 ? 128 : 32)) {
                    InetAddress network = network(AddressRange.prefix(ip, len), v6);
                    subnets.add(new AddressRangeText(network.getHostAddress() + "/" + len, v6, len, network));
                }
            }
            out.add(new Iface(n.path("ifname").asText(), flags.contains("LOOPBACK"), addresses, subnets, linkLocal));
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** fe80::1%eth0 as fe80::1: the scope is the interface, which the Iface already names. */
    private static InetAddress withoutScope(Inet6Address a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress network(AddressRange r, boolean v6) {
        byte[] raw = r.first().toByteArray();
        byte[] bytes = new byte[v6 ? 16 : 4];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A route of the main table: the destinations it covers and the interface they leave by. */
    public record Route(String iface, AddressRangeText destination) {
    }

    /**
     * The routes of a namespace's kernel, from {@code route} and {@code ipv6_route} in its procfs
     * net directory ({@code /proc/net}, {@code /proc/PID/net}): where a forwarded packet leaves. A
     * file that cannot be read gives no routes, and what depends on them stays unknown.
     */
    public static List<Route> routes(Path net) {
        List<Route> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(net.resolve("route")).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 8 || (Integer.parseInt(f[3], 16) & 1) == 0) {
                    continue; // not up
                }
                int dest = Integer.reverseBytes(Integer.parseUnsignedInt(f[1], 16));
                int mask = Integer.reverseBytes(Integer.parseUnsignedInt(f[7], 16));
                out.add(new Route(f[0], text(bytes(dest), Integer.bitCount(mask), false)));
            }
        } catch (IOException | RuntimeException e) {
            // no IPv4 routes known
        }
        try {
            for (String line : Files.readAllLines(net.resolve("ipv6_route"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 10 || f[9].equals("lo")) {
                    continue;
                }
                long flags = Long.parseLong(f[8], 16);
                if ((flags & 1) == 0 || (flags & 0x80000000L) != 0) {
                    continue; // not up, or a local address's own route
                }
                byte[] dest = new byte[16];
                for (int b = 0; b < 16; b++) {
                    dest[b] = (byte) Integer.parseInt(f[0].substring(b * 2, b * 2 + 2), 16);
                }
                out.add(new Route(f[9], text(dest, Integer.parseInt(f[1], 16), true)));
            }
        } catch (IOException | RuntimeException e) {
            // no IPv6 routes known
        }
        return out;
    }

    private static byte[] bytes(int address) {
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    private static AddressRangeText text(byte[] address, int length, boolean v6) {
        try {
            InetAddress a = InetAddress.getByAddress(address);
            return new AddressRangeText(a.getHostAddress() + "/" + length, v6, length, a);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Routes as {@code ip -j route} prints them ({@code dst} "default" or a prefix, {@code dev}): a
     * saved firewall's, for a snapshot.
     *
     * @throws IllegalArgumentException when the text is not that JSON
     */
    public static List<Route> parseRouteJson(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("'ip -j route' printed something that is not JSON");
        }
        List<Route> out = new ArrayList<>();
        for (JsonNode r : root) {
            String dst = r.path("dst").asText("");
            String dev = r.path("dev").asText("");
            if (dst.isEmpty() || dev.isEmpty() || !r.path("type").asText("unicast").equals("unicast")) {
                continue;
            }
            boolean v6 = dst.contains(":") || dst.equals("default") && r.path("gateway").asText("").contains(":");
            String prefix = dst.equals("default") ? (v6 ? "::/0" : "0.0.0.0/0") : dst.contains("/") ? dst
                    : dst + (v6 ? "/128" : "/32");
            int slash = prefix.indexOf('/');
            InetAddress a = AddressRange.literal(prefix.substring(0, slash));
            int length = Integer.parseInt(prefix.substring(slash + 1));
            out.add(new Route(dev, new AddressRangeText(prefix, v6, length, a)));
        }
        return out;
    }
}
