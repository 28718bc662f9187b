package dev.portaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The manual page is generated from the command tree: everything visible is in it, escaped for roff. */
class ManPageTest {

    @Test
    void everyVisibleCommandAndOptionIsInThePage() {
        CliRunner.Run r = CliRunner.run("manpage");
        assertEquals(0, r.code(), r.err());
        String page = r.out();
        assertTrue(page.startsWith(".TH PORTAUDIT 1 "), page.substring(0, 40));
        PrintStream nul = new PrintStream(OutputStream.nullOutputStream());
        CommandLine tree = Cli.commandLine(nul, nul, Environment.live());
        int options = 0;
        for (var e : tree.getSubcommands().entrySet()) {
            if (e.getValue().getCommandSpec().usageMessage().hidden()) {
                continue;
            }
            assertTrue(page.contains(".SS \"portaudit " + e.getKey() + "\""), e.getKey());
            for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                if (!o.hidden()) {
                    assertTrue(page.contains("\\fB" + ManPage.escape(o.longestName()) + "\\fR"),
                            e.getKey() + " " + o.longestName());
                    options++;
                }
            }
        }
        assertTrue(options > 40, "options seen: " + options);
        for (ExitCode c : ExitCode.values()) {
            assertTrue(page.contains(".B " + c.code() + "\n"), "exit code " + c.code());
        }
        assertFalse(page.contains("cds-train"), "hidden commands stay out");
        assertFalse(page.contains("${"), "picocli variables are filled in");
        assertTrue(page.lines().noneMatch(l -> l.startsWith(".") && l.length() > 1 && l.charAt(1) == ' '),
                "no line is swallowed as an empty request");
    }

    @Test
    void roffSpecialCharactersAreEscaped() {
        assertEquals("\\-\\-fail\\-on", ManPage.escape("--fail-on"));
        assertEquals("C:\\eTemp", ManPage.escape("C:\\Temp"));
        assertEquals("\\&.hidden request", ManPage.text(".hidden request"));
        assertEquals("\\&'quoted", ManPage.text("'quoted"));
        assertEquals("one two", ManPage.escape("one\ntwo"));
        assertEquals("cut with \\[u2026]", ManPage.escape("cut with \u2026"), "beyond ASCII: a named character");
        assertEquals("\\[u1F600]", ManPage.escape("\uD83D\uDE00"), "a character beyond the BMP, whole");
    }

    @Test
    void theWholePageIsAscii() {
        String page = ManPage.render(Cli.commandLine("", System.out, System.err, Environment.live()), "test");
        assertTrue(page.chars().allMatch(c -> c < 0x80), "roff reads ASCII; the rest is escaped");
    }
}
