package dev.portaudit.collect;

import dev.portaudit.model.ProcessOwner;

/**
 * The kernel keeps a process's name ({@code /proc/PID/comm}) to 15 bytes, so
 * {@code prometheus-node-exporter} is listed as {@code prometheus-node}. Where the name was cut, the
 * executable's or the first argument's file name that it begins gives the whole name back.
 */
final class ProcessNames {

    /** The length of a name the kernel has cut: TASK_COMM_LEN less its terminating NUL. */
    static final int KERNEL_LIMIT = 15;

    private ProcessNames() {
    }

    /**
     * @param comm        the kernel's name
     * @param executable  the executable's path, empty when unknown
     * @param commandLine the command line, arguments joined by spaces, empty when unknown
     */
    static String full(String comm, String executable, String commandLine) {
        if (comm.length() != KERNEL_LIMIT) {
            return comm;
        }
        String exe = baseName(ProcessOwner.pathOf(executable));
        if (exe.length() > comm.length() && exe.startsWith(comm)) {
            return exe;
        }
        String first = commandLine.isEmpty() ? "" : baseName(commandLine.split(" ", 2)[0]);
        return first.length() > comm.length() && first.startsWith(comm) ? first : comm;
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
