package dev.portaudit.model;

import java.util.List;
import java.util.Objects;

/** What one collection saw: host facts, listeners (sorted) and what could not be seen. */
public record Snapshot(HostFacts host, List<Listener> listeners, List<CoverageNote> coverage) {
    public Snapshot {
        Objects.requireNonNull(host);
        listeners = listeners.stream().sorted(Listener.ORDER).toList();
        coverage = List.copyOf(coverage);
    }

    public boolean complete() {
        return coverage.isEmpty();
    }
}
