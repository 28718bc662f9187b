package dev.portaudit.agent.logging;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether stderr is systemd's journal stream, and the priority prefix journald reads there. Under
 * systemd a service's stderr is a socket to journald and JOURNAL_STREAM names it ("device:inode");
 * journald files a line that starts with {@code <N>} at syslog priority N (sd-daemon(3)), and every
 * other line at the unit's default, info. A shell or a container runtime that passed the variable on
 * to a process writing elsewhere does not get prefixes: the socket's inode must match.
 */
public final class JournalStream {

    private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");
    private static final boolean STDERR = detect(System.getenv("JOURNAL_STREAM"), Path.of("/proc/self/fd/2"));

    private JournalStream() {
    }

    /** Whether this process's stderr is the journal stream. */
    public static boolean stderr() {
        return STDERR;
    }

    static boolean detect(String journalStream, Path stderrLink) {
        if (journalStream == null) {
            return false;
        }
        try {
            return matches(journalStream, Files.readSymbolicLink(stderrLink).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // no /proc to tell by: plain lines are always correct, prefixes only in the journal
        }
    }

    /** Whether "dev:ino" names the socket of the link text "socket:[ino]" (the device is sockfs's). */
    static boolean matches(String journalStream, String link) {
        int colon = journalStream.indexOf(':');
        Matcher m = SOCKET.matcher(link);
        return colon > 0 && m.matches() && journalStream.substring(colon + 1).strip().equals(m.group(1));
    }

    /** "<3>" for errors, "<4>" warnings, "<6>" information, "<7>" debugging and tracing. */
    public static String prefix(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> "<3>";
            case Level.WARN_INT -> "<4>";
            case Level.INFO_INT -> "<6>";
            default -> "<7>";
        };
    }
}
