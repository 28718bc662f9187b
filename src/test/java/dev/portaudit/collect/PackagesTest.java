package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.portaudit.model.Container;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.SoftwarePackage;
import dev.portaudit.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which package installed an owner's executable, from a dpkg database laid out as Debian writes it. */
class PackagesTest {

    @TempDir
    Path dpkg;

    @BeforeEach
    void database() throws Exception {
        Path info = Files.createDirectories(dpkg.resolve("info"));
        Files.writeString(info.resolve("openssh-server.list"), "/.\n/usr\n/usr/sbin\n/usr/sbin/sshd\n");
        Files.writeString(info.resolve("nginx.list"), "/.\n/usr/sbin/nginx\n");
        Files.writeString(info.resolve("legacy:amd64.list"), "/.\n/sbin/legacyd\n");
        Files.writeString(info.resolve("nginx.md5sums"), "0123  usr/sbin/not-a-list\n");
        Files.writeString(dpkg.resolve("status"), """
                Package: openssh-server
                Status: install ok installed
                Architecture: amd64
                Version: 1:9.2p1-2+deb12u3

                Package: nginx
                Status: install ok installed
                Version: 1.22.1-9

                Package: legacy
                Status: deinstall ok config-files
                Version: 0.9-1
                """);
    }

    private static ProcessOwner owner(int pid, String exe) {
        return new ProcessOwner(pid, exe.substring(exe.lastIndexOf('/') + 1), Optional.of("root"), OptionalLong.of(0),
                exe, exe, Optional.empty());
    }

    private static Optional<SoftwarePackage> software(List<Listener> listeners, int index) {
        return listeners.get(index).owners().get(0).software();
    }

    @Test
    void everyHostExecutableIsLookedUp() {
        List<Listener> before = List.of(Scenarios.tcp("0.0.0.0", 22, owner(1, "/usr/sbin/sshd")),
                Scenarios.tcp("0.0.0.0", 80, owner(2, "/usr/sbin/nginx (deleted)")),
                Scenarios.tcp("0.0.0.0", 81, owner(3, "/usr/sbin/legacyd")),
                Scenarios.tcp("0.0.0.0", 4444, owner(4, "/tmp/.x/backdoor")));
        List<Listener> after = Packages.dpkg(dpkg).complete(before);
        assertEquals("openssh-server 1:9.2p1-2+deb12u3", software(after, 0).orElseThrow().describe());
        assertEquals("nginx 1.22.1-9", software(after, 1).orElseThrow().describe(),
                "an executable replaced since it started is still the package's");
        assertEquals(Optional.of("legacy"), software(after, 2).orElseThrow().name(),
                "listed as /sbin/legacyd, run as /usr/sbin/legacyd: one file under usr-merge");
        assertEquals(Optional.empty(), software(after, 2).orElseThrow().version(), "removed, config files kept");
        assertEquals(SoftwarePackage.none("dpkg"), software(after, 3).orElseThrow());
        assertEquals("not from any package (dpkg)", software(after, 3).orElseThrow().describe());
    }

    @Test
    void containersAndHostsWithoutADatabaseAreLeftAlone() {
        ProcessOwner inContainer = new ProcessOwner(5, "httpd", Optional.empty(), OptionalLong.of(0), "httpd",
                "/usr/sbin/nginx", Optional.empty(), Optional.of(new Container("docker", "4f3c2a1b", Optional.empty())),
                OptionalLong.empty());
        List<Listener> container = List.of(Scenarios.tcp("0.0.0.0", 80, inContainer));
        assertEquals(Optional.empty(), software(Packages.dpkg(dpkg).complete(container), 0),
                "the image's files are not in the host's database");
        List<Listener> host = List.of(Scenarios.tcp("0.0.0.0", 22, owner(1, "/usr/sbin/sshd")));
        assertSame(host, Packages.dpkg(dpkg.resolve("absent")).complete(host), "no database: nothing said");
        assertSame(host, Packages.none().complete(host));
    }

    @Test
    void rpmsAnswerIsRead() {
        String out = "/usr/sbin/sshd\topenssh-server\t9.6p1-1.el9\n/usr/lib/.build-id/x\topenssh-server\t9.6p1-1.el9\n"
                + "/usr/sbin/sshd\tcompat-sshd\t1:1.0-1\nfile /opt/agent/bin/agent is not owned by any package\n"
                + "/usr/bin/ping\tiputils\t20211215-3.el9\n";
        Map<String, SoftwarePackage> found = RpmDatabase.parse(out, Set.of("/usr/sbin/sshd", "/opt/agent/bin/agent",
                "/bin/ping", "/usr/bin/unasked"));
        assertEquals(new SoftwarePackage("rpm", Optional.of("compat-sshd"), Optional.of("1:1.0-1")),
                found.get("/usr/sbin/sshd"), "two owners: the first by name, every scan the same");
        assertEquals(SoftwarePackage.none("rpm"), found.get("/opt/agent/bin/agent"));
        assertEquals(Optional.of("iputils"), found.get("/bin/ping").name(), "found under its usr-merge twin");
        assertEquals(3, found.size(), "nothing said of what rpm did not answer for");
    }
}
