package dev.portaudit.collect;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.portaudit.model.KernelSettings;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Reads another network namespace's port settings. Those sysctls answer for the namespace of the
 * thread that opens them, so a short-lived thread enters the namespace (setns, which needs
 * CAP_SYS_ADMIN), reads, and ends; no other thread changes namespace.
 */
public final class NamespaceSettings {

    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY = 0;

    interface CLib extends Library {
        int open(String path, int flags);

        int close(int fd);

        int setns(int fd, int nstype);
    }

    /** The settings, or why they could not be read. */
    public record Result(KernelSettings settings, String problem) {
        public boolean ok() {
            return problem.isEmpty();
        }
    }

    private NamespaceSettings() {
    }

    public static Result read(int pid) {
        Inside<KernelSettings> r = inside(pid, () -> LinuxProc.system().kernelSettings(), 5000);
        return new Result(r.value().orElse(KernelSettings.UNKNOWN), r.problem());
    }

    /**
     * What {@code work} returned, run on a short-lived thread that entered the network namespace of
     * {@code pid} (sockets it opens live there too), or why it could not be run.
     */
    record Inside<T>(Optional<T> value, String problem) {
    }

    static <T> Inside<T> inside(int pid, Supplier<T> work, long millis) {
        AtomicReference<Inside<T>> result = new AtomicReference<>();
        Thread t = new Thread(() -> result.set(enterAndRun(pid, work)), "portaudit-netns-" + pid);
        t.setDaemon(true);
        t.start();
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Inside<T> r = result.get();
        return r != null ? r : new Inside<>(Optional.empty(), "it took too long");
    }

    private static <T> Inside<T> enterAndRun(int pid, Supplier<T> work) {
        CLib c;
        try {
            c = Native.load("c", CLib.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return new Inside<>(Optional.empty(), "the C library could not be loaded (" + e.getMessage() + ")");
        }
        int fd = c.open("/proc/" + pid + "/ns/net", O_RDONLY);
        if (fd < 0) {
            return new Inside<>(Optional.empty(), "/proc/" + pid + "/ns/net could not be opened (errno "
                    + Native.getLastError() + ")");
        }
        try {
            if (c.setns(fd, CLONE_NEWNET) != 0) {
                int errno = Native.getLastError();
                return new Inside<>(Optional.empty(), "entering the namespace was refused (errno " + errno
                        + (errno == 1 ? ": not permitted; run as root" : "") + ")");
            }
        } finally {
            c.close(fd);
        }
        return new Inside<>(Optional.of(work.get()), "");
    }
}
