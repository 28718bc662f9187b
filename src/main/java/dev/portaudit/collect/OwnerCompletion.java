package dev.portaudit.collect;

import dev.portaudit.model.Listener;
import java.util.List;

/**
 * What completes the owners of a scan from the system's databases, once the sockets and their
 * holders are known: user names from the name service, the package of each executable, and the
 * socket unit the service manager holds a socket for. The same for every collector of this host.
 */
record OwnerCompletion(NameService names, Packages packages, SocketUnits socketUnits) {

    /** This host's databases. */
    static OwnerCompletion system() {
        return new OwnerCompletion(NameService.system(), Packages.system(), SocketUnits.system());
    }

    /** None: for tests and collectors of other hosts' files. */
    static OwnerCompletion none() {
        return new OwnerCompletion(NameService.none(), Packages.none(), SocketUnits.none());
    }

    /** Starts what can be read before the owners are known, beside collection. */
    void prefetch() {
        packages.prefetch();
    }

    List<Listener> complete(List<Listener> listeners) {
        return socketUnits.complete(packages.complete(names.complete(listeners)));
    }
}
