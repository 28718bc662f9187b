package dev.portaudit.collect;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The host's listening sockets and their holders, read from the moment the command line says
 * {@code scan} while the rest of the command is built (its options, the port table, the policy):
 * on a busy host that reading is most of a scan. Only a plain scan of this host starts it; the
 * collector takes it if it was started for the same source, else reads for itself. What runs early
 * writes no log: logging is set up only once the command line is read.
 */
public final class EarlyScan {

    /** Options after which the scan reads something else, or nothing: no early start. */
    private static final List<String> ELSEWHERE = List.of("--from", "--target-pid", "--all-namespaces",
            "--collector", "--snapshot-host", "--kernel-settings", "--firewall", "-h", "--help", "-V", "--version");

    private record Started(ProcSockets.Source source, FutureTask<SocketOwners> task) {
    }

    private static final AtomicReference<Started> STARTED = new AtomicReference<>();

    private EarlyScan() {
    }

    /** Whether these arguments are a plain scan of this host. */
    static boolean eligible(String[] args) {
        if (args.length == 0 || !args[0].equals("scan")) {
            return false;
        }
        for (String a : args) {
            if (a.startsWith("@") || ELSEWHERE.stream().anyMatch(o -> a.equals(o) || a.startsWith(o + "="))) {
                return false; // an argument file could say anything
            }
        }
        return true;
    }

    /** Starts reading, on a thread of its own, if the arguments are a plain scan of this Linux host. */
    public static void startIfPlainScan(String[] args) {
        if (!eligible(args) || !LinuxProc.available()) {
            return;
        }
        LinuxProc proc = LinuxProc.system();
        ProcSockets.Source source = HostCollectors.auto(proc);
        FutureTask<SocketOwners> task = new FutureTask<>(() -> new ProcSockets(proc, source).owners());
        Thread t = new Thread(task, "portaudit-early-scan");
        t.setDaemon(true);
        STARTED.set(new Started(source, task));
        t.start();
    }

    /** What was read early for this source, once; empty when nothing was started for it or it failed. */
    static Optional<SocketOwners> take(ProcSockets.Source source) {
        Started s = STARTED.getAndSet(null);
        if (s == null) {
            return Optional.empty();
        }
        if (s.source() != source) {
            s.task().cancel(true);
            return Optional.empty();
        }
        try {
            return Optional.of(s.task().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty(); // read again, where the failure will be reported as usual
        }
    }
}
