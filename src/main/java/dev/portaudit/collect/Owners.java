package dev.portaudit.collect;

import dev.portaudit.model.ProcessOwner;

/** Describes socket owners by pid, once each per scan; counts those that exited meanwhile. */
interface Owners {

    /** The owner; a process that exited in the meantime keeps its pid and is counted. */
    ProcessOwner owner(int pid);

    int vanished();
}
