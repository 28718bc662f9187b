package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged jar as a separate process, optionally as another user. */
final class JarRunner {

    static final Path JAR = Path.of("target", "portaudit.jar").toAbsolutePath();

    record Result(int code, String out, String err) {
    }

    /**
     * @param prefix a command that runs the rest as another user (setpriv ...), or empty; with a
     *               prefix the jar is copied where any user can read it, since the checkout may not be
     */
    static Result run(List<String> prefix, String... args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), "run 'mvn package' first: " + JAR + " is missing");
        Path jar = JAR;
        Path shared = null;
        if (!prefix.isEmpty()) {
            shared = Files.createTempDirectory("portaudit-it-jar");
            jar = Files.copy(JAR, shared.resolve("portaudit.jar"));
            Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(jar, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
        try {
            return start(prefix, jar, args);
        } finally {
            if (shared != null) {
                Files.deleteIfExists(jar);
                Files.deleteIfExists(shared);
            }
        }
    }

    private static Result start(List<String> prefix, Path jar, String... args) throws IOException,
            InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        pb.directory(new java.io.File(System.getProperty("java.io.tmpdir")));
        return exec(pb, 120);
    }

    /** Runs a command to its end, at most {@code timeoutSeconds}, its output captured through files. */
    static Result exec(ProcessBuilder pb, long timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("portaudit-it", ".out");
        Path err = Files.createTempFile("portaudit-it", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("did not finish within " + timeoutSeconds + " s: " + pb.command());
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
