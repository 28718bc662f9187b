package dev.portaudit.collect;

import dev.portaudit.model.IpFamily;
import dev.portaudit.model.SocketKey;
import dev.portaudit.model.Transport;

/**
 * A listening socket as the adapter normalised it, before owners are attached.
 *
 * @param pid the owning pid the OS reported, or 0 when it did not say
 */
public record RawSocket(Transport protocol, IpFamily family, String address, int port, boolean dualStack, int pid) {

    /** Identity of the socket independent of its owner. */
    public SocketKey key() {
        return SocketKey.local(protocol, address, port);
    }
}
