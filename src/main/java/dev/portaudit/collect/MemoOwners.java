package dev.portaudit.collect;

import dev.portaudit.model.ProcessOwner;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Describes each pid once per scan, however many sockets it holds, and counts the processes that
 * were gone before they could be described (they are reported by pid alone).
 */
abstract class MemoOwners implements Owners {

    private final Map<Integer, ProcessOwner> seen = new HashMap<>();
    private int vanished;

    /** The process's description, or empty when it can no longer be read. */
    abstract Optional<ProcessOwner> describe(int pid);

    @Override
    public final ProcessOwner owner(int pid) {
        ProcessOwner known = seen.get(pid);
        if (known != null) {
            return known;
        }
        ProcessOwner owner = describe(pid).orElse(null);
        if (owner == null) {
            vanished++;
            owner = ProcessOwner.pidOnly(pid);
        }
        seen.put(pid, owner);
        return owner;
    }

    @Override
    public final int vanished() {
        return vanished;
    }
}
