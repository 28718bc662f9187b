package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dist/package.sh: the release archive and the Debian package hold what the README promises, and
 * the package installs into a working command with its manual page and completion, and goes away
 * again leaving only its configuration.
 */
class PackageIT {

    @TempDir
    static Path out;
    static Path archive;
    static Path deb;

    /** Runs a command from the checkout, with no input. */
    static JarRunner.Result run(List<String> cmd) throws Exception {
        return JarRunner.exec(new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))),
                240);
    }

    @BeforeAll
    static void build() throws Exception {
        JarRunner.Result r = run(List.of("bash", "dist/package.sh", out.toString()));
        assertEquals(0, r.code(), r.err());
        List<String> made = r.out().lines().toList();
        archive = Path.of(made.get(0));
        assertTrue(Files.isRegularFile(archive), r.out());
        deb = made.size() > 1 ? Path.of(made.get(1)) : null;
    }

    @Test
    void archiveHoldsLauncherJarRulesUnitsCompletionAndManPage() throws Exception {
        JarRunner.Result r = run(List.of("tar", "-tzvf", archive.toString()));
        assertEquals(0, r.code(), r.err());
        String name = archive.getFileName().toString().replace(".tar.gz", "");
        for (String f : List.of("bin/portaudit", "lib/portaudit.jar", "rules/ports/iana-ports.tsv", "rules/services.yaml",
                "systemd/portaudit-agent.service", "systemd/portaudit-report.timer", "completion/portaudit",
                "systemd/portaudit-agent-metrics.path", "systemd/textfile-handover",
                "man/man1/portaudit.1", "etc/portaudit/policy.yaml", "etc/default/portaudit", "README.md",
                "docs/architecture.md", "docs/policies.md")) {
            assertTrue(r.out().lines().anyMatch(l -> l.endsWith(" " + name + "/" + f)), f + " missing:\n" + r.out());
        }
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith("/bin/portaudit")),
                "the launcher is executable");

        // unpacked anywhere, the archive's launcher runs from its own lib/
        Path unpacked = out.resolve("unpacked");
        Files.createDirectories(unpacked);
        assertEquals(0, run(List.of("tar", "-xzf", archive.toString(), "-C", unpacked.toString())).code());
        JarRunner.Result lookup = run(List.of(unpacked.resolve(name + "/bin/portaudit").toString(), "lookup", "22/tcp",
                "--format", "json"));
        assertEquals(0, lookup.code(), lookup.err());
        assertTrue(lookup.out().contains("\"ssh\""), lookup.out());
    }

    @Test
    void manPageIsCleanRoffNamingEveryCommand() throws Exception {
        Path page = out.resolve("portaudit.1");
        JarRunner.Result extract = run(List.of("bash", "-c", "tar -xzOf \"$0\" --wildcards '*/man/man1/portaudit.1' > \"$1\"",
                archive.toString(), page.toString()));
        assertEquals(0, extract.code(), extract.err());
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/groff")), "needs groff to check the page");
        JarRunner.Result groff = run(List.of("groff", "-man", "-Tutf8", "-ww", page.toString()));
        assertEquals(0, groff.code(), groff.err());
        assertEquals("", groff.err(), "roff warnings");
        String text = groff.out().replaceAll(".\b", "");
        for (String c : List.of("portaudit scan", "portaudit agent", "portaudit report", "portaudit lookup",
                "portaudit policy", "portaudit baseline", "portaudit table", "--fail-on", "EXIT STATUS",
                "/etc/portaudit/policy.yaml")) {
            assertTrue(text.contains(c), c + " not in the page");
        }
        assertFalse(text.contains("cds-train"), "hidden commands stay out");
    }

    static boolean installable() throws Exception {
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(Path.of("/usr/bin/dpkg"))) {
            return false;
        }
        // never touch an installation the machine already has
        if (run(List.of("dpkg-query", "-W", "portaudit")).code() == 0 || Files.exists(Path.of("/usr/bin/portaudit"))) {
            return false;
        }
        for (String jre : List.of("openjdk-17-jre-headless", "default-jre-headless", "openjdk-21-jre-headless")) {
            JarRunner.Result q = run(List.of("dpkg-query", "-W", "-f", "${Status}", jre));
            if (q.code() == 0 && q.out().contains("install ok installed")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void debInstallsWorksAndLeavesOnlyConfigurationWhenRemoved() throws Exception {
        assumeTrue(deb != null, "needs dpkg-deb");
        JarRunner.Result contents = run(List.of("dpkg-deb", "-c", deb.toString()));
        for (String f : List.of("./usr/bin/portaudit", "./usr/share/portaudit/portaudit.jar",
                "./usr/share/portaudit/rules/ports/usage-ports.tsv", "./usr/share/man/man1/portaudit.1.gz",
                "./usr/share/bash-completion/completions/portaudit", "./lib/systemd/system/portaudit-agent.service",
                "./etc/portaudit/policy.yaml", "./usr/share/doc/portaudit/copyright",
                "./usr/share/doc/portaudit/docs/architecture.md",
                "./usr/share/portaudit/logback/agent-syslog-stream.xml", "./usr/share/portaudit/textfile-handover",
                "./usr/share/portaudit/prometheus/portaudit-alerts.yml",
                "./lib/systemd/system/portaudit-agent-metrics.path",
                "./lib/systemd/system/portaudit-agent-metrics.service")) {
            assertTrue(contents.out().lines().anyMatch(l -> l.endsWith(" " + f)), f + " missing:\n" + contents.out());
        }
        JarRunner.Result conffiles = run(List.of("dpkg-deb", "-I", deb.toString(), "conffiles"));
        assertEquals(List.of("/etc/portaudit/policy.yaml", "/etc/default/portaudit"), conffiles.out().lines().toList());

        assumeTrue(installable(), "installing needs root, dpkg, a Java runtime package, and no portaudit installed");
        Path policy = Path.of("/etc/portaudit/policy.yaml");
        try {
            JarRunner.Result install = run(List.of("dpkg", "-i", deb.toString()));
            assertEquals(0, install.code(), install.out() + install.err());
            List<String> files = run(List.of("dpkg-query", "-L", "portaudit")).out().lines().toList();

            JarRunner.Result scan = run(List.of("/usr/bin/portaudit", "scan", "--format", "json", "--policy", policy.toString()));
            assertTrue(scan.code() == 0 || scan.code() == 1, scan.err());
            JsonNode report = new ObjectMapper().readTree(scan.out());
            assertEquals("portaudit", report.get("tool").get("name").asText());
            assertTrue(report.get("listeners").isArray());
            // for the runtime the launcher picks (the newest Java of the machine), named by its version
            JarRunner.Result version = run(List.of("/usr/bin/portaudit", "--version"));
            Matcher java = Pattern.compile("Java (\\S+)").matcher(version.out());
            assertTrue(java.find(), version.out());
            assertTrue(Files.isRegularFile(Path.of("/var/cache/portaudit").resolve("portaudit-" + java.group(1) + ".jsa")),
                    "start-up archive made for Java " + java.group(1));

            Path page = Path.of("/usr/share/man/man1/portaudit.1.gz");
            assertTrue(Files.isRegularFile(page));
            if (Files.isExecutable(Path.of("/usr/bin/man"))) {
                JarRunner.Result man = run(List.of("man", "-w", "portaudit"));
                assertEquals(page.toString(), man.out().strip(), man.err());
                JarRunner.Result shown = run(List.of("bash", "-c", "MANPAGER=cat MANWIDTH=80 man portaudit"));
                assertTrue(shown.out().contains("portaudit scan"), shown.out() + shown.err());
            }
            JarRunner.Result complete = run(List.of("bash", "-c", "source /usr/share/bash-completion/completions/portaudit && "
                    + "COMP_WORDS=(portaudit sc) COMP_CWORD=1 && _complete_portaudit && echo \"${COMPREPLY[@]}\""));
            assertEquals("scan", complete.out().strip(), complete.err());

            // a local edit to the policy survives a reinstall
            Files.writeString(policy, Files.readString(policy) + "# local edit\n");
            assertEquals(0, run(List.of("dpkg", "-i", "--force-confold", deb.toString())).code());
            assertTrue(Files.readString(policy).endsWith("# local edit\n"));

            JarRunner.Result remove = run(List.of("dpkg", "-r", "portaudit"));
            assertEquals(0, remove.code(), remove.err());
            List<String> left = new ArrayList<>();
            for (String f : files) {
                Path p = Path.of(f);
                if (Files.isRegularFile(p) && !f.startsWith("/etc/")) {
                    left.add(f);
                }
            }
            assertEquals(List.of(), left, "files left after dpkg -r");
            assertFalse(Files.exists(Path.of("/var/cache/portaudit")));
            assertTrue(Files.readString(policy).endsWith("# local edit\n"), "configuration stays after dpkg -r");
        } finally {
            run(List.of("dpkg", "-P", "portaudit"));
        }
        assertFalse(Files.exists(Path.of("/etc/portaudit")), "purge takes the configuration");
    }
}
