package dev.portaudit.agent.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One flat JSON object per log event, for log pipelines: {@code time}, {@code level},
 * {@code logger}, {@code host}, {@code message}, then the event's key-value pairs as fields of their
 * own (numbers stay numbers), and {@code error} when an exception is attached. Field names are
 * stable; a key that would shadow one of the fixed fields is prefixed with {@code kv_}.
 */
public final class JsonLineEncoder extends JsonEventEncoder {

    private static final Set<String> FIXED = Set.of("time", "level", "logger", "host", "message", "error");
    private boolean journal;

    /**
     * Whether lines start with journald's priority prefix ("<4>"): {@code auto} for an appender writing
     * to stderr (when stderr is the journal stream), {@code true}, or {@code false} (the default: files
     * and sockets never want it).
     */
    public void setJournalPrefix(String mode) {
        this.journal = switch (mode.strip()) {
            case "auto" -> JournalStream.stderr();
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("journalPrefix is auto, true or false, not " + mode);
        };
    }

    @Override
    public byte[] encode(ILoggingEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        if (journal) {
            out.writeBytes(JournalStream.prefix(e.getLevel()).getBytes(StandardCharsets.US_ASCII));
        }
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", Instant.ofEpochMilli(e.getTimeStamp()).toString());
            g.writeStringField("level", e.getLevel().toString());
            g.writeStringField("logger", e.getLoggerName());
            g.writeStringField("host", hostName());
            g.writeStringField("message", e.getFormattedMessage());
            Set<String> written = new HashSet<>();
            if (e.getKeyValuePairs() != null) {
                for (KeyValuePair kv : e.getKeyValuePairs()) {
                    if ("host".equals(kv.key) && hostName().equals(kv.value)) {
                        continue; // the event's host is the line's host: said once
                    }
                    String key = FIXED.contains(kv.key) ? "kv_" + kv.key : kv.key;
                    if (!written.add(key)) {
                        continue;
                    }
                    g.writeFieldName(key);
                    value(g, kv.value);
                }
            }
            IThrowableProxy t = e.getThrowableProxy();
            if (t != null) {
                g.writeStringField("error", t.getClassName() + ": " + t.getMessage());
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
