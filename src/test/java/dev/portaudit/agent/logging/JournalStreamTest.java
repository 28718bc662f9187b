package dev.portaudit.agent.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalStreamTest {

    @Test
    void theJournalIsTheSocketJournalStreamNames(@TempDir Path dir) throws Exception {
        assertTrue(JournalStream.matches("8:4242", "socket:[4242]"));
        assertFalse(JournalStream.matches("8:4242", "socket:[4243]"), "another socket: passed on, not ours");
        assertFalse(JournalStream.matches("8:4242", "pipe:[4242]"), "a pipe is never the journal");
        assertFalse(JournalStream.matches("4242", "socket:[4242]"), "not device:inode");
        assertFalse(JournalStream.detect(null, Path.of("/proc/self/fd/2")), "no variable: not under systemd");
        Path link = Files.createSymbolicLink(dir.resolve("2"), Path.of("socket:[777]"));
        assertTrue(JournalStream.detect("9:777", link));
        assertFalse(JournalStream.detect("9:777", dir.resolve("missing")), "unreadable: plain lines");
    }

    @Test
    void levelsMapToSyslogPriorities() {
        assertEquals("<3>", JournalStream.prefix(Level.ERROR));
        assertEquals("<4>", JournalStream.prefix(Level.WARN));
        assertEquals("<6>", JournalStream.prefix(Level.INFO));
        assertEquals("<7>", JournalStream.prefix(Level.DEBUG));
        assertEquals("<7>", JournalStream.prefix(Level.TRACE));
    }

    @Test
    void jsonLinesCarryThePrefixOnlyWhenAsked() {
        LoggerContext ctx = new LoggerContext();
        Logger logger = ctx.getLogger("dev.portaudit.agent.Agent");
        LoggingEvent warn = new LoggingEvent("x", logger, Level.WARN, "disk full", null, null);
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(ctx);
        encoder.setHost("web-1");
        encoder.start();
        assertTrue(new String(encoder.encode(warn), StandardCharsets.UTF_8).startsWith("{"), "off by default");
        encoder.setJournalPrefix("true");
        assertTrue(new String(encoder.encode(warn), StandardCharsets.UTF_8).startsWith("<4>{\"time\""));
        encoder.setJournalPrefix("auto");
        assertTrue(new String(encoder.encode(warn), StandardCharsets.UTF_8).startsWith("{"),
                "the test's stderr is not the journal");
        assertThrows(IllegalArgumentException.class, () -> encoder.setJournalPrefix("yes"));
    }
}
