package dev.portaudit.collect;

import dev.portaudit.model.Container;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.Listener;
import java.util.List;
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

    /** A container with its name and image from the engines' state on disk, where this host has them. */
    default Container describe(Container c) {
        return c;
    }

    /**
     * The owners completed from the system's databases, once per scan: names from the name service
     * for uids /etc/passwd did not name, and the package each executable came from.
     */
    List<Listener> completeOwners(List<Listener> listeners);
}
