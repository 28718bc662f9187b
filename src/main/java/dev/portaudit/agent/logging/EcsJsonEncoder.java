package dev.portaudit.agent.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per log event in Elastic Common Schema field names (ECS 8.11), so Filebeat,
 * Fluent Bit, Vector, promtail and the OpenTelemetry Collector's filelog receiver take findings and
 * journal events without a mapping: {@code @timestamp}, {@code log.level}, {@code message},
 * {@code ecs.version}, {@code event.*}, {@code host.name}, {@code process.*}, {@code user.name},
 * {@code network.transport}, {@code server.address}/{@code server.port}, {@code rule.id},
 * {@code package.name}; what ECS has no field for goes under {@code portaudit.*}. Keys are dotted at
 * the top level, as ECS logging libraries write them. A value that was not seen is left out, not
 * written as null.
 */
public final class EcsJsonEncoder extends JsonEventEncoder {

    /** The ECS version the field names follow. */
    public static final String ECS_VERSION = "8.11.0";
    /** portaudit's key-value pairs and the ECS field each goes to. */
    private static final Map<String, String> FIELDS = Map.ofEntries(Map.entry("seq", "event.sequence"),
            Map.entry("protocol", "network.transport"), Map.entry("address", "server.address"),
            Map.entry("port", "server.port"), Map.entry("pid", "process.pid"), Map.entry("process", "process.name"),
            Map.entry("executable", "process.executable"), Map.entry("user", "user.name"),
            Map.entry("rule", "rule.id"), Map.entry("package", "package.name"));
    private static final List<String> SEVERITIES = List.of("info", "low", "medium", "high", "critical");
    @Override
    public byte[] encode(ILoggingEvent e) {
        Map<String, Object> kv = new LinkedHashMap<>();
        if (e.getKeyValuePairs() != null) {
            for (KeyValuePair p : e.getKeyValuePairs()) {
                if (p.value != null) {
                    kv.putIfAbsent(p.key, p.value);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(384);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("@timestamp", Instant.ofEpochMilli(e.getTimeStamp()).toString());
            g.writeStringField("log.level", e.getLevel().toString().toLowerCase(Locale.ROOT));
            g.writeStringField("log.logger", e.getLoggerName());
            g.writeStringField("message", e.getFormattedMessage());
            g.writeStringField("ecs.version", ECS_VERSION);
            g.writeStringField("host.name", String.valueOf(kv.getOrDefault("host", hostName())));
            event(g, e.getLoggerName(), kv);
            for (Map.Entry<String, Object> p : kv.entrySet()) {
                String key = p.getKey();
                if (key.equals("host") || key.equals("event") || key.equals("severity")) {
                    continue; // written above, as ECS has them
                }
                Object value = key.equals("protocol") ? String.valueOf(p.getValue()).toLowerCase(Locale.ROOT)
                        : p.getValue();
                g.writeFieldName(FIELDS.getOrDefault(key, "portaudit." + key));
                value(g, value);
                if (key.equals("address")) {
                    g.writeFieldName("server.ip"); // a listener's address is always an IP literal
                    value(g, value);
                }
            }
            IThrowableProxy t = e.getThrowableProxy();
            if (t != null) {
                g.writeStringField("error.type", t.getClassName());
                g.writeStringField("error.message", String.valueOf(t.getMessage()));
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * The ECS categorisation: a finding is an alert, a journal event an event; each in the network
     * category, of the type its action is (a listener opening is a start, closing an end).
     */
    private static void event(JsonGenerator g, String logger, Map<String, Object> kv) throws IOException {
        String action = String.valueOf(kv.getOrDefault("event", "log"));
        boolean finding = logger.endsWith("findings") || action.equals("finding-raised");
        g.writeStringField("event.kind", finding ? "alert" : "event");
        g.writeArrayFieldStart("event.category");
        g.writeString("network");
        g.writeEndArray();
        g.writeArrayFieldStart("event.type");
        g.writeString(switch (action) {
            case "listener-opened" -> "start";
            case "listener-closed", "finding-resolved" -> "end";
            case "exposure-changed" -> "change";
            default -> "info";
        });
        g.writeEndArray();
        g.writeStringField("event.action", action);
        g.writeStringField("event.module", "portaudit");
        g.writeStringField("event.dataset", logger.startsWith("portaudit.") ? logger : "portaudit.log");
        Object severity = kv.get("severity");
        if (severity != null) {
            int level = SEVERITIES.indexOf(String.valueOf(severity).toLowerCase(Locale.ROOT));
            if (level >= 0) {
                g.writeNumberField("event.severity", level + 1); // 1 info … 5 critical
            }
            g.writeStringField("portaudit.severity", String.valueOf(severity));
        }
    }
}
