package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.SoftwarePackage;
import dev.portaudit.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Package lookup in a real RPM database (SQLite, as rpm 4.16+ writes it): two packages built here
 * with rpmbuild from specs and recorded with {@code rpm --justdb} into a database of the test's own,
 * then asked as a scan asks. Needs Debian's rpm package, which .ci/run installs.
 */
class RpmDatabaseIT {

    @TempDir
    static Path work;
    private static final Path RPM = Path.of("/usr/bin/rpm");

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
    }

    private static Path build(String name, String epoch, String version, String... files) throws Exception {
        StringBuilder spec = new StringBuilder("Name: " + name + "\n" + epoch + "Version: " + version
                + "\nRelease: 3\nSummary: fixture\nLicense: MIT\nBuildArch: noarch\n%description\nfixture\n%install\n");
        for (String f : files) {
            spec.append("mkdir -p %{buildroot}").append(f, 0, f.lastIndexOf('/')).append("\ntouch %{buildroot}")
                    .append(f).append('\n');
        }
        spec.append("%files\n").append(String.join("\n", files)).append('\n');
        Path file = work.resolve(name + ".spec");
        Files.writeString(file, spec);
        run("rpmbuild", "--quiet", "--define", "_topdir " + work.resolve("top"), "-bb", file.toString());
        return work.resolve("top/RPMS/noarch/" + name + "-" + version + "-3.noarch.rpm");
    }

    @BeforeAll
    static void database() throws Exception {
        assertTrue(Files.isExecutable(RPM), "needs rpm (Debian: rpm, which .ci/run installs)");
        Path daemon = build("pa-fixture-daemon", "Epoch: 1\n", "1.2", "/usr/libexec/pa-fixture/daemon",
                "/usr/sbin/pa-merged");
        Path tools = build("pa-fixture-tools", "", "2.0", "/usr/bin/pa-tool");
        run(RPM.toString(), "--dbpath", work.resolve("db").toString(), "--initdb");
        run(RPM.toString(), "--dbpath", work.resolve("db").toString(), "-i", "--justdb", "--nodeps",
                daemon.toString(), tools.toString());
    }

    @Test
    void executablesAreFoundInTheRpmDatabase() throws Exception {
        Path unowned = Files.writeString(work.resolve("dropped"), "#!/bin/sh\n");
        Set<String> paths = new LinkedHashSet<>(List.of("/usr/libexec/pa-fixture/daemon", "/sbin/pa-merged",
                "/usr/bin/pa-tool", unowned.toString(), work.resolve("deleted-since").toString()));
        Map<String, SoftwarePackage> found = new RpmDatabase(RPM, work.resolve("db")).lookup(paths).orElseThrow();
        assertEquals(new SoftwarePackage("rpm", Optional.of("pa-fixture-daemon"), Optional.of("1:1.2-3")),
                found.get("/usr/libexec/pa-fixture/daemon"), "name and epoch:version-release");
        assertEquals(Optional.of("pa-fixture-daemon"), found.get("/sbin/pa-merged").name(),
                "the usr-merge twin of a listed path");
        assertEquals(Optional.of("2.0-3"), found.get("/usr/bin/pa-tool").version(), "no epoch: none printed");
        assertEquals(SoftwarePackage.none("rpm"), found.get(unowned.toString()), "a file no package owns");
        assertEquals(null, found.get(work.resolve("deleted-since").toString()),
                "a path rpm could not look at is not known, rather than said to be unpackaged");
    }

    @Test
    void ownersOfListenersGetTheirPackage() {
        ProcessOwner daemon = Scenarios.owner(4100, "daemon", "root", 0, "daemon", "/usr/libexec/pa-fixture/daemon");
        List<Listener> out = Packages.rpm(RPM, work.resolve("db")).complete(List.of(Scenarios.tcp("0.0.0.0", 9100,
                daemon)));
        assertEquals("pa-fixture-daemon 1:1.2-3", out.get(0).owners().get(0).software().orElseThrow().describe());
    }

    @Test
    void aDatabaseThatWillNotOpenSaysNothing() throws Exception {
        Path broken = Files.createDirectories(work.resolve("broken"));
        Files.writeString(broken.resolve("rpmdb.sqlite"), "not a database\n");
        assertEquals(Optional.empty(), new RpmDatabase(RPM, broken).lookup(Set.of("/usr/bin/pa-tool")),
                "rpm prints 'not owned' for every path of a broken database: that must not become 'unpackaged'");
    }
}
