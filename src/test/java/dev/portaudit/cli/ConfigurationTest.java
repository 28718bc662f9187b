package dev.portaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flags, then PORTAUDIT_* variables, then /etc/portaudit and the user's files, then the defaults. */
class ConfigurationTest {

    private static final String DENY_TELNET = "version: 1\ndeny:\n  - name: no telnet\n    port: 23\n";
    private static final String DENY_MYSQL = "version: 1\ndeny:\n  - name: no mysql\n    port: 3306\n";

    private static CliRunner.Run scan(Map<String, String> vars, Path etc, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "scan";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRunner.run(Scenarios::mixed, vars, Optional.of(etc), all);
    }

    private static boolean denies(CliRunner.Run r, String name) {
        return r.out().contains("denied by '" + name + "'");
    }

    @Test
    void theSystemAndUserFilesAreReadWithoutPolicyFlags(@TempDir Path dir) throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("policy.yaml"), DENY_TELNET);
        Path xdg = Files.createDirectories(dir.resolve("xdg/portaudit"));
        Files.writeString(xdg.resolve("policy.yaml"), DENY_MYSQL);
        Map<String, String> vars = Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
        CliRunner.Run both = scan(vars, etc, "--format", "json");
        assertTrue(denies(both, "no telnet") && denies(both, "no mysql"), both.out());
        CliRunner.Run none = scan(vars, etc, "--format", "json", "--no-default-policy");
        assertFalse(denies(none, "no telnet") || denies(none, "no mysql"), "opted out");
        CliRunner.Run byVariable = scan(Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString(),
                "PORTAUDIT_NO_DEFAULT_POLICY", "1"), etc, "--format", "json");
        assertFalse(denies(byVariable, "no telnet"), "opted out by the variable");
        CliRunner.Run home = scan(Map.of("HOME", dir.resolve("home").toString()), etc, "--format", "json");
        assertTrue(denies(home, "no telnet") && !denies(home, "no mysql"), "no user file under this HOME");
        CliRunner.Run isolated = CliRunner.run(Scenarios::mixed, vars, Optional.empty(), "scan", "--format", "json");
        assertFalse(denies(isolated, "no telnet") || denies(isolated, "no mysql"),
                "a run without a configuration directory reads no files at all");
    }

    @Test
    void flagsBeatVariablesWhichBeatFiles(@TempDir Path dir) throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("policy.yaml"), DENY_TELNET);
        Path mysql = Files.writeString(dir.resolve("mysql.yaml"), DENY_MYSQL);
        CliRunner.Run variable = scan(Map.of("PORTAUDIT_POLICY", mysql.toString()), etc, "--format", "json");
        assertTrue(denies(variable, "no mysql") && !denies(variable, "no telnet"), "the variable replaces the files");
        Path telnet = Files.writeString(dir.resolve("telnet.yaml"), DENY_TELNET);
        CliRunner.Run flag = scan(Map.of("PORTAUDIT_POLICY", mysql.toString()), etc, "--format", "json",
                "--policy", telnet.toString());
        assertTrue(denies(flag, "no telnet") && !denies(flag, "no mysql"), "the flag replaces the variable");

        Map<String, String> vars = Map.of("PORTAUDIT_FAIL_ON", "high", "PORTAUDIT_FORMAT", "json");
        CliRunner.Run env = scan(vars, etc);
        assertEquals(1, env.code(), "PORTAUDIT_FAIL_ON=high fails on the mixed host's findings: " + env.err());
        assertTrue(env.out().startsWith("{"), "PORTAUDIT_FORMAT=json");
        CliRunner.Run flags = scan(vars, etc, "--fail-on", "none", "--format", "csv");
        assertEquals(0, flags.code(), flags.err());
        assertFalse(flags.out().startsWith("{"), "--format beats the variable");
        assertEquals(4, scan(Map.of("PORTAUDIT_FAIL_ON_INCOMPLETE", "true"), etc, "--format", "json").code(),
                "the mixed host has an owner unseen: incomplete");
        CliRunner.Run lookup = CliRunner.run(Scenarios::mixed, Map.of("PORTAUDIT_FORMAT", "sarif"), Optional.of(etc),
                "lookup", "22");
        assertEquals(0, lookup.code(), "scan's format is not lookup's: " + lookup.err());
        assertTrue(lookup.out().contains("ssh"), lookup.out());
    }

    @Test
    void verboseSaysWhereEachSettingCameFrom(@TempDir Path dir) throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("policy.yaml"), DENY_TELNET);
        CliRunner.Run r = scan(Map.of("PORTAUDIT_FAIL_ON", "high"), etc, "-v", "--format", "json");
        assertTrue(r.err().contains("portaudit: --fail-on high (from PORTAUDIT_FAIL_ON)"), r.err());
        assertTrue(r.err().contains("portaudit: policy: " + etc.resolve("policy.yaml") + " (system configuration)"),
                r.err());
        CliRunner.Run quiet = scan(Map.of("PORTAUDIT_FAIL_ON", "high"), etc, "--format", "json");
        assertFalse(quiet.err().contains("PORTAUDIT_FAIL_ON"), "only -v says it");
        CliRunner.Run flagged = scan(Map.of("PORTAUDIT_FAIL_ON", "high"), etc, "-v", "--fail-on", "low", "--format",
                "json");
        assertFalse(flagged.err().contains("(from PORTAUDIT_FAIL_ON)"), "a flag given is not from the variable");
    }

    @Test
    void aBadVariableOrFileIsBadInput(@TempDir Path dir) throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        CliRunner.Run bogus = scan(Map.of("PORTAUDIT_FAIL_ON", "bogus"), etc);
        assertEquals(2, bogus.code());
        assertTrue(bogus.err().contains("--fail-on") && bogus.err().contains("bogus"), bogus.err());
        Files.writeString(etc.resolve("policy.yaml"), "version: 1\nallow: [\n");
        CliRunner.Run broken = scan(Map.of(), etc);
        assertEquals(2, broken.code());
        assertTrue(broken.err().contains(etc.resolve("policy.yaml").toString()), "names the file: " + broken.err());
        assertFalse(broken.err().contains("Exception"), broken.err());
    }
}
