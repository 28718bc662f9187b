package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher picks the newest Java 17+ of the machine unless JAVA_HOME names one, and refuses older ones. */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("dist/bin/portaudit").toAbsolutePath();

    private static JarRunner.Result run(String javaHome, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString());
        pb.command().addAll(List.of(args));
        pb.environment().remove("JAVA_HOME");
        if (javaHome != null) {
            pb.environment().put("JAVA_HOME", javaHome);
        }
        pb.environment().put("PORTAUDIT_CDS", "off");
        return JarRunner.exec(pb, 60);
    }

    /** The highest feature version among /usr/lib/jvm's runtimes and the java on PATH. */
    private static int newestInstalled() throws Exception {
        int best = Runtime.version().feature();
        try (DirectoryStream<Path> jvms = Files.newDirectoryStream(Path.of("/usr/lib/jvm"))) {
            for (Path home : jvms) {
                Path release = home.resolve("release");
                if (Files.isReadable(release) && Files.isExecutable(home.resolve("bin/java"))) {
                    Matcher m = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
                    if (m.find()) {
                        best = Math.max(best, Integer.parseInt(m.group(1)));
                    }
                }
            }
        }
        return best;
    }

    @Test
    void theNewestJavaUnlessJavaHomeSaysOtherwise() throws Exception {
        JarRunner.Result newest = run(null, "--version");
        assertEquals(0, newest.code(), newest.err());
        int expected = newestInstalled();
        assertTrue(expected >= 22, "this machine kind has a Java 22+ beside the default 17");
        assertTrue(newest.out().contains("Java " + expected + "."), newest.out());
        JarRunner.Result pinned = run(System.getProperty("java.home"), "--version");
        assertTrue(pinned.out().contains("Java " + Runtime.version().feature() + "."), "JAVA_HOME wins: " + pinned.out());
    }

    @Test
    void anOlderJavaIsRefusedWithAClearMessage(@TempDir Path home) throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\necho 'should not run' >&2\nexit 42\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"11.0.2\"\n");
        JarRunner.Result r = run(home.toString(), "--version");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("Java 17 or newer is required (found 11.0.2"), r.err());
    }
}
