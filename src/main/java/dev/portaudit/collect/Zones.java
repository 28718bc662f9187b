package dev.portaudit.collect;

import dev.portaudit.model.Addresses;
import dev.portaudit.model.Exposure;
import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Listener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The interface a link-local listener is scoped to. The socket tables do not print it, but a
 * link-local address can only be bound on an interface that has it, so where exactly one interface
 * of the namespace has the address ({@code /proc/net/if_inet6}) that interface is the zone.
 */
final class Zones {

    private Zones() {
    }

    /** Each IPv6 address of {@code if_inet6} text and the interfaces that have it. */
    static Map<String, List<String>> interfacesByAddress(String ifInet6) {
        Map<String, List<String>> out = new HashMap<>();
        for (String line : ifInet6.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 6 || f[0].length() != 32) {
                continue;
            }
            try {
                byte[] raw = new byte[16];
                for (int i = 0; i < 16; i++) {
                    raw[i] = (byte) Integer.parseInt(f[0].substring(2 * i, 2 * i + 2), 16);
                }
                out.computeIfAbsent(Addresses.parse(raw, IpFamily.IPV6).text(), k -> new ArrayList<>()).add(f[5]);
            } catch (IllegalArgumentException e) {
                // a line that is not an address: skipped, as the kernel never writes one
            }
        }
        return out;
    }

    /** The listeners, the link-local ones given their zone where one interface has the address. */
    static List<Listener> assign(List<Listener> listeners, Optional<String> ifInet6) {
        if (ifInet6.isEmpty()) {
            return listeners;
        }
        Map<String, List<String>> byAddress = interfacesByAddress(ifInet6.get());
        List<Listener> out = new ArrayList<>(listeners.size());
        for (Listener l : listeners) {
            List<String> ifaces = byAddress.getOrDefault(l.address(), List.of());
            boolean linkLocal = l.family() == IpFamily.IPV6 && l.exposure() == Exposure.LINK_LOCAL;
            out.add(linkLocal && ifaces.size() == 1 && l.zone().isEmpty() ? l.withZone(ifaces.get(0)) : l);
        }
        return out;
    }
}
