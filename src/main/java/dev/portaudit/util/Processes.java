package dev.portaudit.util;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The few system programs a scan asks (getent, nft, ip, nsenter, the iptables-legacy saves): found
 * in the system directories only, never through PATH, and run with a bound, their output read on
 * other threads so that one that hangs cannot hold the scan past it.
 */
public final class Processes {

    /** Output is cut here: no answer a scan asks for is this large. */
    private static final int MAX_OUTPUT = 64 << 20;

    private Processes() {
    }

    /**
     * How a run ended.
     *
     * @param code exit status; {@link #FAILED} when it did not run, {@link #TIMED_OUT} when it did not
     *             finish in time
     * @param out  standard output
     * @param err  standard error, or why it did not run or finish
     */
    public record Run(int code, String out, String err) {
        public static final int FAILED = -1;
        public static final int TIMED_OUT = -2;

        public boolean timedOut() {
            return code == TIMED_OUT;
        }
    }

    /** A program of the system directories (/usr/sbin, /sbin, /usr/bin, /bin). */
    public static Optional<Path> find(String name) {
        for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/bin", "/bin"}) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Runs {@code cmd} with nothing on its input, for at most {@code timeout}; it is killed past it. */
    public static Run run(List<String> cmd, Duration timeout) {
        return run(cmd, Map.of(), timeout);
    }

    /** As {@link #run(List, Duration)}, with these variables added to its environment. */
    public static Run run(List<String> cmd, Map<String, String> env, Duration timeout) {
        Process p = null;
        try {
            ProcessBuilder b = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            b.environment().putAll(env);
            p = b.start();
            Process proc = p;
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(proc.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(proc.getErrorStream()));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Run(Run.TIMED_OUT, "", cmd.get(0) + " did not finish within " + timeout.toMillis() + " ms");
            }
            return new Run(p.exitValue(), out.get(timeout.toMillis(), TimeUnit.MILLISECONDS),
                    err.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (IOException | ExecutionException | TimeoutException e) {
            return new Run(Run.FAILED, "", cmd.get(0) + " could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(Run.FAILED, "", "interrupted");
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
