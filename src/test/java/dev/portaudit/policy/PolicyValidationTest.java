package dev.portaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.cli.CliRunner;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken and hostile policy files, each with the exact messages 'portaudit policy validate' must
 * print ({@code NAME.expected} beside {@code NAME.yaml}, the file's path written as FILE).
 */
class PolicyValidationTest {

    private static final Path DIR = Path.of("src/test/resources/policies");

    static Stream<Path> broken() throws Exception {
        return Files.list(DIR.resolve("broken")).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    static Stream<Path> hostile() throws Exception {
        return Files.list(DIR.resolve("hostile")).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    private static void assertExpected(Path yaml) throws Exception {
        CliRunner.Run r = CliRunner.run("policy", "validate", yaml.toString());
        String expected = Files.readString(Path.of(yaml.toString().replaceAll("\\.yaml$", ".expected")));
        assertEquals(2, r.code(), r.err());
        assertEquals(expected, r.err().replace(yaml.toString(), "FILE").replace("portaudit: ", ""));
        assertEquals("", r.out());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @ParameterizedTest
    @MethodSource("broken")
    void brokenPolicyGivesEveryProblemWithItsPosition(Path yaml) throws Exception {
        assertExpected(yaml);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostilePolicyIsRefusedQuickly(Path yaml) {
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertExpected(yaml));
    }

    @Test
    void hugeFileIsRefusedWithoutReadingIt(@TempDir Path tmp) {
        Path big = tmp.resolve("big.yaml");
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
                f.setLength(100L << 20);
            }
            CliRunner.Run r = CliRunner.run("policy", "validate", big.toString());
            assertEquals(2, r.code());
            assertTrue(r.err().contains("104857600 bytes is too large for a policy (at most 1048576 bytes)"), r.err());
        });
    }

    @Test
    void scanChecksThePolicyBeforeTouchingTheSystem() {
        CliRunner.Run r = CliRunner.run(() -> {
            throw new AssertionError("the collector must not run with a broken policy");
        }, "scan", "--policy", DIR.resolve("broken/wrong-types.yaml").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("version 2 is not supported"), r.err());
    }

    @Test
    void everyProblemOfEveryFileIsReportedTogether() {
        CliRunner.Run r = CliRunner.run("policy", "validate", DIR.resolve("broken/dates.yaml").toString(),
                DIR.resolve("broken/wrong-types.yaml").toString(), "no/such/policy.yaml");
        assertEquals(2, r.code());
        List<String> lines = r.err().lines().toList();
        assertTrue(lines.get(0).contains("dates.yaml:6:14"), r.err());
        assertTrue(lines.stream().anyMatch(l -> l.contains("wrong-types.yaml:1:10")), r.err());
        assertTrue(lines.stream().anyMatch(l -> l.contains("no/such/policy.yaml: no such file")), r.err());
        assertEquals("portaudit: 7 errors", lines.get(lines.size() - 1));
    }

    @Test
    void validFilesAndExamplesPass() throws Exception {
        try (Stream<Path> examples = Files.list(Path.of("rules/examples"))) {
            List<Path> files = examples.filter(x -> x.toString().endsWith(".yaml")).toList();
            assertEquals(3, files.size());
            for (Path p : files) {
                CliRunner.Run r = CliRunner.run("policy", "validate", p.toString());
                assertEquals(0, r.code(), p + ": " + r.err());
                assertTrue(r.out().startsWith("1 policy file valid"), r.out());
            }
        }
    }

    @Test
    void thePolicyPagesCompleteExampleIsValid(@TempDir Path tmp) throws Exception {
        String readme = Files.readString(Path.of("docs/policies.md"));
        int from = readme.indexOf("```yaml", readme.indexOf("A complete example:")) + "```yaml".length();
        Path p = Files.writeString(tmp.resolve("readme.yaml"), readme.substring(from, readme.indexOf("```", from)));
        CliRunner.Run r = CliRunner.run("policy", "validate", p.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("1 policy file valid: 3 allow, 2 deny, 1 waiver entries\n", r.out());
    }

    @Test
    void anAcceptanceNeedsAReasonAndKnownRules(@TempDir Path tmp) throws Exception {
        Path p = Files.writeString(tmp.resolve("p.yaml"), """
                allow:
                  - port: 22
                    accept: [wildcard-exposur]
                    reason: bastion only
                  - port: 80
                    accept: all
                  - port: 443
                    reason: public web
                """);
        CliRunner.Run r = CliRunner.run("policy", "validate", p.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(p + ":3:14: unknown rule 'wildcard-exposur', did you mean 'wildcard-exposure'?"),
                r.err());
        assertTrue(r.err().contains(p + ":6:13: an allow entry that accepts findings needs a reason"), r.err());
        assertTrue(r.err().contains(p + ":8:13: reason and owner go with accept"), r.err());
        Path good = Files.writeString(tmp.resolve("good.yaml"), """
                allow:
                  - port: 22
                    accept: [wildcard-exposure, privileged-bind]
                    reason: bastion only
                    owner: ops@example.com
                """);
        assertEquals(0, CliRunner.run("policy", "validate", good.toString()).code());
    }

    @Test
    void aSelectorThatCanNeverMatchIsAWarning(@TempDir Path tmp) throws Exception {
        Path p = Files.writeString(tmp.resolve("p.yaml"), """
                allow:
                  - port: 22
                    process: /usr/sbin/sshd
                  - port: 80
                    executable: nginx
                  - port: 443
                    process: prometheus-node-exporter
                    executable: /usr/bin/*
                """);
        CliRunner.Run r = CliRunner.run("policy", "validate", p.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains(p + ":3:14: warning: process '/usr/sbin/sshd' contains '/' and can never match"),
                r.err());
        assertTrue(r.err().contains(p + ":5:17: warning: executable 'nginx' can never match"), r.err());
        assertEquals(2, r.err().lines().count(), "a long name and a glob path are fine: " + r.err());
    }

    @Test
    void expiredWaiverIsAWarningNotAnError(@TempDir Path tmp) throws Exception {
        Path p = Files.writeString(tmp.resolve("p.yaml"), """
                waivers:
                  - rule: wildcard-exposure
                    port: 5432
                    reason: moving the database behind the application
                    owner: dba@example.com
                    expires: 2026-01-31
                """);
        CliRunner.Run r = CliRunner.run("policy", "validate", p.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("portaudit: " + p + ":6:14: warning: waiver expired on 2026-01-31: its findings count again\n",
                r.err());
        assertTrue(r.out().contains("1 waiver entries, 1 warning"), r.out());
    }
}
