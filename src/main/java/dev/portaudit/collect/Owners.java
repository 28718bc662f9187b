package dev.portaudit.collect;

import dev.portaudit.model.ProcessOwner;
import java.util.Optional;

/** Describes socket owners by pid, once each per scan. */
interface Owners {

    /** The owner, or empty for a process that exited in the meantime. */
    Optional<ProcessOwner> owner(int pid);

    /** Whether owners may be described from several threads at once (procfs reads may; OSHI's are not promised). */
    default boolean concurrent() {
        return false;
    }
}
