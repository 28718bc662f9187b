package dev.portaudit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.portaudit.model.Exposure;
import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.ListenerIdentity;
import dev.portaudit.model.Tracked;
import dev.portaudit.model.Transport;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EventLogTest {

    /** A process name from the system never reaches a log as terminal control; the key-value pair keeps it exact. */
    @Test
    void hostileProcessNameIsEscapedInTheMessageAndExactInTheFields() {
        Logger logger = (Logger) LoggerFactory.getLogger(EventLog.LOGGER);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        Level before = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addAppender(events);
        try {
            String name = "\u001b[31mevil\u001b]0;pwn\u0007\nsecond";
            EventLog.log(new JournalEvent(7, JournalEvent.Type.LISTENER_OPENED, Instant.parse("2026-11-22T00:00:00Z"),
                    "web-1", new Tracked.TrackedListener(new ListenerIdentity(Transport.TCP, Exposure.LOOPBACK, 8080,
                            "/tmp/evil"), "127.0.0.1", Optional.of(new Tracked.Owner(42, name, "root"))),
                    Optional.empty()));
            assertEquals(1, events.list.size());
            String message = events.list.get(0).getFormattedMessage();
            assertTrue(message.contains("held by \\x1b[31mevil\\x1b]0;pwn\\x07\\nsecond (pid 42"), message);
            assertTrue(message.chars().noneMatch(c -> c < 0x20), message);
            Map<String, Object> kv = new HashMap<>();
            events.list.get(0).getKeyValuePairs().forEach(p -> kv.put(p.key, p.value));
            assertEquals(name, kv.get("process"));
        } finally {
            logger.detachAppender(events);
            logger.setLevel(before);
        }
    }
}
