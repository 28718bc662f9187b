package dev.portaudit.collect;

import dev.portaudit.model.ProcessOwner;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Describes each pid once per scan, however many sockets it holds; safe to ask from several threads.
 */
abstract class MemoOwners implements Owners {

    private final Map<Integer, Optional<ProcessOwner>> seen = new ConcurrentHashMap<>();

    /** The process's description, or empty when it can no longer be read. */
    abstract Optional<ProcessOwner> describe(int pid);

    @Override
    public final Optional<ProcessOwner> owner(int pid) {
        Optional<ProcessOwner> known = seen.get(pid);
        if (known != null) {
            return known;
        }
        Optional<ProcessOwner> owner = describe(pid);
        seen.put(pid, owner);
        return owner;
    }
}
