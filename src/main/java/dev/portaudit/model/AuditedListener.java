package dev.portaudit.model;

import java.util.List;
import java.util.Objects;

/** A listener with the port-table entries known for its port and protocol. */
public record AuditedListener(Listener listener, List<PortEntry> entries) {
    public AuditedListener {
        Objects.requireNonNull(listener);
        entries = List.copyOf(entries);
    }
}
