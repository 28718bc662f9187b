package dev.portaudit.model;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A listening socket: TCP in LISTEN or a bound, unconnected UDP socket.
 *
 * @param protocol  TCP or UDP
 * @param family    IP family of the bound address (an IPv4-mapped IPv6 address counts as IPv4)
 * @param address   canonical text of the bound address: dotted IPv4 or RFC 5952 IPv6 ("0.0.0.0", "::")
 * @param port      bound port, 1-65535
 * @param dualStack true when the OS reports the socket as accepting both IPv4 and IPv6 (tcp46/udp46)
 * @param owners    every process holding the socket, sorted by pid; empty when the owner cannot be seen
 * @param namespace the network namespace the socket lives in, when it is not the scanning host's own
 * @param socketUid the uid the kernel records for the socket: the user whose process created it, which
 *                  stays root when a daemon binds as root and then drops its privileges; empty when
 *                  the source does not tell
 * @param zone      the interface a link-local address is scoped to ("eth0"), where it can be told
 * @param v6Only    an IPv6 socket's own IPV6_V6ONLY flag, where the kernel was asked (sock_diag, ss -e)
 * @param activation the socket unit the service manager holds it for, and the service it starts
 */
public record Listener(Transport protocol, IpFamily family, String address, int port, boolean dualStack,
        List<ProcessOwner> owners, Optional<NetNamespace> namespace, OptionalLong socketUid, Optional<String> zone,
        Optional<Boolean> v6Only, Optional<SocketActivation> activation) {

    public Listener(Transport protocol, IpFamily family, String address, int port, boolean dualStack,
            List<ProcessOwner> owners, Optional<NetNamespace> namespace, OptionalLong socketUid, Optional<String> zone,
            Optional<Boolean> v6Only) {
        this(protocol, family, address, port, dualStack, owners, namespace, socketUid, zone, v6Only, Optional.empty());
    }

    public static final Comparator<Listener> ORDER = Comparator
            .comparing((Listener l) -> l.namespace().map(NetNamespace::inode).orElse(0L))
            .thenComparing(Listener::protocol)
            .thenComparingInt(Listener::port)
            .thenComparing(Listener::family)
            .thenComparing(Listener::address);

    public Listener {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range 1-65535: " + port);
        }
        owners = owners.stream().sorted(Comparator.comparingInt(ProcessOwner::pid)).toList();
        namespace = Objects.requireNonNullElse(namespace, Optional.empty());
        socketUid = Objects.requireNonNullElse(socketUid, OptionalLong.empty());
        zone = Objects.requireNonNullElse(zone, Optional.empty());
        v6Only = Objects.requireNonNullElse(v6Only, Optional.empty());
        activation = Objects.requireNonNullElse(activation, Optional.empty());
    }

    /** A listener whose address has no zone and whose IPV6_V6ONLY flag is not known. */
    public Listener(Transport protocol, IpFamily family, String address, int port, boolean dualStack,
            List<ProcessOwner> owners, Optional<NetNamespace> namespace, OptionalLong socketUid) {
        this(protocol, family, address, port, dualStack, owners, namespace, socketUid, Optional.empty(),
                Optional.empty());
    }

    /** A listener of the scanning host's own network namespace, its socket's uid not known. */
    public Listener(Transport protocol, IpFamily family, String address, int port, boolean dualStack,
            List<ProcessOwner> owners) {
        this(protocol, family, address, port, dualStack, owners, Optional.empty(), OptionalLong.empty());
    }

    public Listener inNamespace(NetNamespace ns) {
        return new Listener(protocol, family, address, port, dualStack, owners, Optional.of(ns), socketUid, zone,
                v6Only, activation);
    }

    public Listener withSocketUid(long uid) {
        return new Listener(protocol, family, address, port, dualStack, owners, namespace, OptionalLong.of(uid), zone,
                v6Only, activation);
    }

    public Listener withZone(String iface) {
        return new Listener(protocol, family, address, port, dualStack, owners, namespace, socketUid,
                Optional.of(iface), v6Only, activation);
    }

    /** With the socket's own IPV6_V6ONLY flag; a socket that clears it takes IPv4 too, as the OS then says. */
    public Listener withV6Only(boolean only) {
        return new Listener(protocol, family, address, port, dualStack || !only, owners, namespace, socketUid, zone,
                Optional.of(only), activation);
    }

    /** The same socket with its holders described further (names, packages). */
    public Listener withOwners(List<ProcessOwner> described) {
        return new Listener(protocol, family, address, port, dualStack, described, namespace, socketUid, zone, v6Only,
                activation);
    }

    /** Held by the service manager for a socket unit. */
    public Listener withActivation(SocketActivation a) {
        return new Listener(protocol, family, address, port, dualStack, owners, namespace, socketUid, zone, v6Only,
                Optional.of(a));
    }

    /** The address as people write it: with its zone where it has one ("fe80::1%eth0"). */
    public String scopedAddress() {
        return address + zone.map(z -> "%" + z).orElse("");
    }

    public boolean ownerKnown() {
        return !owners.isEmpty();
    }

    /** The first (lowest-pid) owner: for a pre-forking server, usually its master process. */
    public Optional<ProcessOwner> primaryOwner() {
        return owners.isEmpty() ? Optional.empty() : Optional.of(owners.get(0));
    }

    /**
     * Where the listener runs, for people: its holder's container ("podman:web1", and "(host network)"
     * when that container shares the host's), else its namespace's label; empty for the host itself.
     */
    public Optional<String> place() {
        Optional<Container> c = primaryOwner().flatMap(ProcessOwner::container);
        if (c.isPresent()) {
            return Optional.of(c.get().label() + (namespace.isEmpty() ? " (host network)" : ""));
        }
        return namespace.map(NetNamespace::label);
    }

    public boolean isWildcard() {
        return "0.0.0.0".equals(address) || "::".equals(address);
    }

    /** "tcp 127.0.0.1:22", "udp [::1]:53", or "tcp 0.0.0.0:8080 in docker:3f2a9c1b7d10" for another namespace. */
    public String endpoint() {
        String host = family == IpFamily.IPV6 ? "[" + scopedAddress() + "]" : address;
        return protocol.id() + " " + host + ":" + port + namespace.map(n -> " in " + n.label()).orElse("");
    }

    /** Identity of the socket that does not depend on which process holds it. */
    public SocketKey key() {
        return new SocketKey(namespace.map(n -> OptionalLong.of(n.inode())).orElse(OptionalLong.empty()), protocol,
                address, port);
    }

    /** Who can reach the listener, from its bound address. */
    public Exposure exposure() {
        return Exposure.of(address);
    }

    public PortRange range() {
        return PortRange.of(port);
    }
}
