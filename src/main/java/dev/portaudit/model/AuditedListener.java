package dev.portaudit.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A listener with the port-table entries known for its port and protocol, and who can reach it
 * through the firewall where that was judged (empty: not judged, as for a snapshot).
 */
public record AuditedListener(Listener listener, List<PortEntry> entries, Optional<Reachability> reachability) {
    public AuditedListener {
        Objects.requireNonNull(listener);
        entries = List.copyOf(entries);
        reachability = Objects.requireNonNullElse(reachability, Optional.empty());
    }

    public AuditedListener(Listener listener, List<PortEntry> entries) {
        this(listener, entries, Optional.empty());
    }
}
