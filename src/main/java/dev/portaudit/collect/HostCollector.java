package dev.portaudit.collect;

import dev.portaudit.model.HostFacts;
import java.util.Optional;

/** A collector for the host this process runs on, with what namespace audits reuse from it. */
public interface HostCollector extends Collector {

    /** Whether this process may see every owner. */
    boolean elevatedForScan();

    /** Procfs, where the host has one. */
    Optional<LinuxProc> linux();

    /** A fresh owner describer for one scan. */
    Owners owners();

    HostFacts hostFactsForScan(boolean elevated);
}
