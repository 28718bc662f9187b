package dev.portaudit.model;

import java.util.Objects;

/**
 * One entry of the port table: a service or use known on a port (or range of ports) for one protocol.
 *
 * @param first       first port the entry covers
 * @param last        last port the entry covers (equal to {@code first} for a single port)
 * @param protocol    the transport protocol
 * @param status      reconciled status
 * @param service     IANA service name, or a short name for an unofficial use; empty when none is known
 * @param description short description (IANA's, or a label naming the software or protocol)
 * @param source      where the entry comes from
 */
public record PortEntry(int first, int last, Transport protocol, PortStatus status, String service,
        String description, Source source) {

    /** Provenance of an entry. */
    public enum Source {
        /** The IANA registry alone. */
        IANA,
        /** The usage classification (derived from Wikipedia's list), reconciled with IANA. */
        USAGE,
        /** Implied for a port no source lists. */
        DEFAULT;

        public String id() {
            return Ids.of(this);
        }
    }

    public PortEntry {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(source, "source");
        service = service == null ? "" : service;
        description = description == null ? "" : description;
        if (first < 0 || last > 65535 || first > last) {
            throw new IllegalArgumentException("bad port range " + first + "-" + last);
        }
    }

    public boolean isRange() {
        return first != last;
    }

    public boolean covers(int port) {
        return port >= first && port <= last;
    }

    public PortEntry withStatus(PortStatus newStatus) {
        return new PortEntry(first, last, protocol, newStatus, service, description, source);
    }

    /** "6000-6063" or "22". */
    public String portText() {
        return isRange() ? first + "-" + last : Integer.toString(first);
    }
}
