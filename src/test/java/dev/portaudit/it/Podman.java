package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real container engine for the tests: Debian's podman, rootful, with runc (crun refuses these
 * machines' hybrid cgroup layout), its storage and configuration in a directory of the test's own
 * (so the host's containers are never touched), and an image made offline from busybox-static.
 * Containers get no network of their own unless a test asks. {@link #close} removes everything it
 * made: containers, pods, images, storage and the cgroups runc left.
 */
final class Podman implements AutoCloseable {

    static final String IMAGE = "localhost/portaudit-test:busybox";
    private static final List<Path> CGROUP_ROOTS = List.of(Path.of("/sys/fs/cgroup"));

    final Path dir;
    final Map<String, String> env;
    private final List<Path> cgroupsBefore;

    Podman() throws Exception {
        for (String tool : List.of("/usr/bin/podman", "/usr/sbin/runc", "/usr/bin/busybox")) {
            assertTrue(Files.isExecutable(Path.of(tool)), tool + " is missing: .ci/run installs podman runc busybox-static");
        }
        cgroupsBefore = libpodCgroups();
        dir = Files.createTempDirectory("portaudit-podman");
        Files.writeString(dir.resolve("storage.conf"), "[storage]\ndriver = \"vfs\"\ngraphroot = \"" + dir.resolve("root")
                + "\"\nrunroot = \"" + dir.resolve("run") + "\"\n");
        // the processes here cannot raise their limits, and runc would try to: lower the defaults
        // containers get no network unless asked (no bridge or firewall rule is made on the host), and
        // stop at once: busybox's httpd as pid 1 ignores SIGTERM
        Files.writeString(dir.resolve("containers.conf"), "[containers]\ndefault_ulimits = [\"nofile=4096:4096\", "
                + "\"nproc=4096:4096\"]\nnetns = \"none\"\n[engine]\nruntime = \"runc\"\nstop_timeout = 1\n"
                + "cgroup_manager = \"cgroupfs\"\nevents_logger = "
                + "\"file\"\nevents_logfile_path = \"" + dir.resolve("events.log") + "\"\ntmp_dir = \"" + dir.resolve("tmp")
                + "\"\n[network]\nnetwork_config_dir = \"" + dir.resolve("net") + "\"\n");
        env = Map.of("CONTAINERS_STORAGE_CONF", dir.resolve("storage.conf").toString(), "CONTAINERS_CONF",
                dir.resolve("containers.conf").toString());
        Path rootfs = Files.createDirectories(dir.resolve("rootfs/bin"));
        Files.copy(Path.of("/usr/bin/busybox"), rootfs.resolve("busybox"));
        for (String applet : List.of("sh", "httpd", "sleep", "cat", "id", "nc")) {
            Files.createSymbolicLink(rootfs.resolve(applet), Path.of("busybox"));
        }
        Path etc = Files.createDirectories(dir.resolve("rootfs/etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\nwww:x:1000:1000:web:/var/www:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nwww:x:1000:\n");
        Files.createDirectories(dir.resolve("rootfs/tmp"));
        Path pause = Files.writeString(dir.resolve("rootfs/pause"), "#!/bin/sh\nexec sleep 100000\n");
        Files.setPosixFilePermissions(pause, PosixFilePermissions.fromString("rwxr-xr-x"));
        JarRunner.Result imported = exec(List.of("sh", "-c", "tar -C \"$0\" -c . | podman import - \"$1\"",
                dir.resolve("rootfs").toString(), IMAGE));
        if (imported.code() != 0) {
            close(); // the test fails here: leave nothing behind
        }
        assertEquals(0, imported.code(), imported.err());
    }

    /** A podman command with the test's storage and configuration. */
    JarRunner.Result podman(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("podman"));
        cmd.addAll(List.of(args));
        return exec(cmd);
    }

    /** Like {@link #podman}, failing the test when the command fails; its output, stripped. */
    String ok(String... args) throws Exception {
        JarRunner.Result r = podman(args);
        assertEquals(0, r.code(), "podman " + String.join(" ", args) + ": " + r.err());
        return r.out().strip();
    }

    int pid(String container) throws Exception {
        return Integer.parseInt(ok("inspect", "-f", "{{.State.Pid}}", container));
    }

    JarRunner.Result exec(List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        return JarRunner.exec(pb, 120);
    }

    private static List<Path> libpodCgroups() throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path root : CGROUP_ROOTS) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.list(root)) {
                for (Path hierarchy : s.toList()) {
                    for (Path p : List.of(hierarchy.resolve("libpod_parent"), root.resolve("libpod_parent"))) {
                        if (Files.isDirectory(p) && !found.contains(p)) {
                            found.add(p);
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Removes the libpod cgroups this engine added; whether none is left. */
    private boolean removeCgroups() throws IOException {
        boolean all = true;
        for (Path p : libpodCgroups()) {
            if (cgroupsBefore.contains(p)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(p)) {
                for (Path d : s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(d); // rmdir: a cgroup's files go with it
                }
            } catch (IOException e) {
                all = false; // busy still
            }
        }
        return all;
    }

    @Override
    public void close() throws Exception {
        podman("pod", "rm", "-af", "-t", "0");
        podman("rm", "-af", "-t", "0");
        podman("rmi", "-af");
        podman("system", "reset", "-f");
        // cgroups runc made for containers outlive them under cgroupfs: remove the empty ones it added
        // (conmon, the engine's monitor, may still be exiting: a cgroup is busy until it has, so retry a while)
        for (int attempt = 0; attempt < 50 && !removeCgroups(); attempt++) {
            Thread.sleep(100);
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
