package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portaudit.model.ProcessOwner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Owners as their containers see them, on a procfs laid out in a temporary directory: each
 * process's cgroup, uid_map and root (a link to a directory of its own, as /proc/PID/root is).
 */
class ContainerViewTest {

    private static final String PODMAN = "0::/machine.slice/libpod-cc11bb22cc33dd44ee55ff66aa77bb88cc99dd00ee11ff22aa33bb"
            + "44cc55dd66.scope/container\n";
    private static final String IDENTITY = "         0          0 4294967295\n";

    @TempDir
    Path dir;
    ContainerView view;

    private void process(int pid, String cgroup, String uidMap, Path root) throws Exception {
        Path p = Files.createDirectories(dir.resolve("proc").resolve(Integer.toString(pid)));
        Files.writeString(p.resolve("cgroup"), cgroup);
        Files.writeString(p.resolve("uid_map"), uidMap);
        Files.createSymbolicLink(p.resolve("root"), root);
    }

    private static ProcessOwner owner(int pid, long uid, Optional<String> user) {
        return new ProcessOwner(pid, "httpd", user, OptionalLong.of(uid), "httpd -f", "/bin/busybox", Optional.empty());
    }

    @BeforeEach
    void layout() throws Exception {
        Path host = Files.createDirectories(dir.resolve("host/etc"));
        Files.writeString(host.resolve("passwd"), "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
        Path ctr = Files.createDirectories(dir.resolve("ctr/etc"));
        Files.writeString(ctr.resolve("passwd"), "root:x:0:0::/root:/bin/sh\nwww:x:1000:1000::/var/www:/bin/sh\n");
        Path bare = Files.createDirectories(dir.resolve("bare"));
        Files.createDirectories(dir.resolve("proc/self"));
        Files.createSymbolicLink(dir.resolve("proc/self/root"), dir.resolve("host"));
        process(100, "0::/system.slice/ssh.service\n", IDENTITY, dir.resolve("host"));
        process(200, PODMAN, "         0     200000      65536\n", dir.resolve("ctr"));
        process(300, PODMAN, IDENTITY, dir.resolve("ctr"));
        process(400, PODMAN, IDENTITY, bare);
        view = new ContainerView(new LinuxProc(dir.resolve("proc")), ContainerEngines.none());
    }

    @Test
    void aHostProcessGainsOnlyItsUnit() {
        ProcessOwner alice = owner(100, 1000, Optional.of("alice"));
        assertEquals(alice.withUnit("ssh.service"), view.of(alice));
    }

    @Test
    void aMappedUidIsTranslatedAndNamedByTheContainer() {
        ProcessOwner o = view.of(owner(200, 201000, Optional.empty()));
        assertEquals(OptionalLong.of(1000), o.uid());
        assertEquals(OptionalLong.of(201000), o.hostUid(), "the host's view kept beside it");
        assertEquals("www", o.userLabel());
        assertEquals("podman:cc11bb22cc33", o.container().orElseThrow().label());
        ProcessOwner root = view.of(owner(200, 200000, Optional.empty()));
        assertEquals("root", root.userLabel(), "the container's root, not uid 200000");
    }

    @Test
    void theContainersFileNamesItsUsersNotTheHosts() {
        ProcessOwner o = view.of(owner(300, 1000, Optional.of("alice")));
        assertEquals("www", o.userLabel(), "uid 1000 is alice on the host and www in the container");
        assertEquals(OptionalLong.empty(), o.hostUid(), "no user namespace: one uid");
        ProcessOwner none = view.of(owner(400, 1000, Optional.of("alice")));
        assertEquals("1000", none.userLabel(), "a container without /etc/passwd: the number, never the host's name");
    }

    @Test
    void uidMaps() {
        assertEquals(OptionalLong.of(5), ContainerView.UidMap.inside("0 100000 65536\n", 100005));
        assertEquals(OptionalLong.empty(), ContainerView.UidMap.inside("0 100000 10\n", 100010), "past the range");
        assertEquals(OptionalLong.of(1005), ContainerView.UidMap.inside("0 0 1\n1000 5000 10\n", 5005));
        assertEquals(OptionalLong.empty(), ContainerView.UidMap.inside("garbage\n", 5));
    }
}
