package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The jar with its stderr on a socket, as systemd starts a service: journald's priority prefixes
 * ({@code <6>}) lead each log line when JOURNAL_STREAM names that socket, and never otherwise.
 */
class JournalPrefixIT {

    private static List<String> stderrLines(String mode) throws Exception {
        JarRunner.Result r = JarRunner.exec(new ProcessBuilder("python3",
                Path.of("src/test/resources/journal/stderr-socket.py").toAbsolutePath().toString(), mode,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JarRunner.JAR.toString(),
                "scan", "-v", "--format", "json"), 180);
        assertEquals(0, r.code(), r.err());
        return r.out().lines().toList();
    }

    @Test
    void logLinesCarryTheirPriorityOnlyInTheJournal() throws Exception {
        List<String> journal = stderrLines("match");
        assertTrue(journal.stream().anyMatch(l -> l.startsWith("<6>portaudit: INFO ")), String.join("\n", journal));
        assertTrue(journal.stream().filter(l -> l.contains(" INFO ")).allMatch(l -> l.startsWith("<6>")),
                "every log line, not the first only");
        for (String mode : List.of("other", "none")) {
            List<String> plain = stderrLines(mode);
            assertTrue(plain.stream().anyMatch(l -> l.startsWith("portaudit: INFO ")), mode + ": " + plain);
            assertFalse(plain.stream().anyMatch(l -> l.startsWith("<")), mode + ": no prefix: " + plain);
        }
    }
}
