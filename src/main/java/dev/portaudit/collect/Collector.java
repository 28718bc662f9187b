package dev.portaudit.collect;

import dev.portaudit.model.Snapshot;

/** Acquires a snapshot of what listens on a host. */
public interface Collector {
    Snapshot collect();
}
