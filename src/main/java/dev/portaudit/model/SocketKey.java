package dev.portaudit.model;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A socket's identity apart from whoever holds it: the network namespace it lives in, its protocol,
 * bound address and port. Two sockets with equal keys are the same socket as the kernel lists it.
 *
 * @param namespace the namespace's inode, empty for the scanning host's own namespace
 * @param protocol  TCP or UDP
 * @param address   canonical text of the bound address, as {@link Listener#address()}
 * @param port      bound port
 */
public record SocketKey(OptionalLong namespace, Transport protocol, String address, int port) {

    public SocketKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(address, "address");
    }

    /** A socket of the scanning host's own namespace. */
    public static SocketKey local(Transport protocol, String address, int port) {
        return new SocketKey(OptionalLong.empty(), protocol, address, port);
    }

    /** The socket in the same namespace with the same protocol and port, bound to another address. */
    public SocketKey withAddress(String other) {
        return new SocketKey(namespace, protocol, other, port);
    }
}
