package dev.portaudit.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portaudit.model.Checkpoint;
import dev.portaudit.model.Exposure;
import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.ListenerIdentity;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Tracked.Owner;
import dev.portaudit.model.Tracked.TrackedFinding;
import dev.portaudit.model.Tracked.TrackedListener;
import dev.portaudit.model.Transport;
import dev.portaudit.model.Waiver;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The journal's line format: one self-describing JSON object per event, field names stable across
 * versions of schema {@value #SCHEMA}.
 */
public final class JournalCodec {

    public static final String SCHEMA = "portaudit-journal/1";
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** A line with a key twice could mean one thing to a signature and another to a reader: refused. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private JournalCodec() {
    }

    /** The hash of the line before a journal's first: the chain starts from it. */
    public static final String GENESIS = "0".repeat(64);
    private static final Pattern SIGNED = Pattern.compile(",\"signature\":(?:null|\"([A-Za-z0-9+/=]+)\")}$");

    /** An event's line without its place in the hash chain, as the log outputs carry it. */
    public static String line(JournalEvent e) {
        return line(e, Optional.empty());
    }

    /** An event's line, chained to the line before it by that line's hash. */
    public static String line(JournalEvent e, String prev) {
        return line(e, Optional.of(prev));
    }

    private static String line(JournalEvent e, Optional<String> prev) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("schema", SCHEMA);
        prev.ifPresent(p -> n.put("prev", p));
        n.put("seq", e.seq());
        n.put("event", e.type().id());
        n.put("time", e.time().toString());
        n.put("host", e.host());
        n.set("listener", listener(e.listener()));
        e.finding().ifPresent(f -> n.set("finding", finding(f)));
        if (e.inventory()) {
            n.put("inventory", true); // only on the first scan's events: older readers skip it
        }
        if (e.type() == JournalEvent.Type.EXPOSURE_CHANGED) {
            n.put("previousReach", e.previousReach().orElse(null));
        }
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * A checkpoint's line, chained like an event's. The signature comes last and covers every byte
     * before it: the line up to {@code ,"signature":} is the signed message, so a verifier checks the
     * bytes as written, never a re-encoding of them.
     */
    public static String checkpointLine(Checkpoint c, String prev, Optional<JournalKeys.Signer> signer) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("schema", SCHEMA);
        n.put("prev", prev);
        ObjectNode b = n.putObject("checkpoint");
        b.put("through", c.through());
        b.put("time", c.time().toString());
        b.put("host", c.host());
        b.put("tool", c.tool());
        ArrayNode inputs = b.putArray("inputs");
        for (Checkpoint.Input i : c.inputs()) {
            inputs.addObject().put("kind", i.kind()).put("file", i.file()).put("sha256", i.sha256());
        }
        ArrayNode rules = b.putArray("rules");
        c.rules().forEach(rules::add);
        signer.ifPresent(s -> b.put("key", s.id()));
        String whole;
        try {
            whole = MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        String body = whole.substring(0, whole.length() - 1); // without its closing brace
        String signature = signer.map(s -> "\"" + s.sign(body.getBytes(StandardCharsets.UTF_8)) + "\"")
                .orElse("null");
        return body + ",\"signature\":" + signature + "}";
    }

    /**
     * A journal line as the chain sees it: its link to the line before, its sequence number (events)
     * or the last one it covers (checkpoints), and a checkpoint's signature with the bytes it signs.
     *
     * @param prev        the previous line's hash; empty on lines written before the chain
     * @param seq         an event's sequence number; a checkpoint's {@code through}
     * @param checkpoint  the checkpoint, if the line is one
     * @param signature   a checkpoint's signature (base64), if signed
     * @param signed      the bytes the signature covers
     */
    public record Link(Optional<String> prev, long seq, Optional<Checkpoint> checkpoint, Optional<String> signature,
            byte[] signed) {
        public boolean isCheckpoint() {
            return checkpoint.isPresent();
        }
    }

    /** Reads a line's place in the chain; throws IllegalArgumentException for a line that is not one. */
    public static Link link(String line) {
        JsonNode n = tree(line);
        Optional<String> prev = n.path("prev").isTextual() ? Optional.of(n.get("prev").asText()) : Optional.empty();
        if (!n.has("checkpoint")) {
            JsonNode seq = n.get("seq");
            if (seq == null || !seq.canConvertToLong() || seq.asLong() < 1) {
                throw new IllegalArgumentException("no sequence number");
            }
            return new Link(prev, seq.asLong(), Optional.empty(), Optional.empty(), new byte[0]);
        }
        Checkpoint c = checkpoint(n.get("checkpoint"));
        Matcher m = SIGNED.matcher(line);
        if (prev.isEmpty() || !m.find()) {
            throw new IllegalArgumentException("a checkpoint without its chain link or signature field");
        }
        return new Link(prev, c.through(), Optional.of(c), Optional.ofNullable(m.group(1)),
                line.substring(0, m.start()).getBytes(StandardCharsets.UTF_8));
    }

    static Checkpoint checkpoint(JsonNode b) {
        if (!b.isObject() || !b.path("through").canConvertToLong() || b.path("through").asLong() < 0) {
            throw new IllegalArgumentException("a checkpoint without 'through'");
        }
        List<Checkpoint.Input> inputs = new ArrayList<>();
        for (JsonNode i : b.path("inputs")) {
            inputs.add(new Checkpoint.Input(i.path("kind").asText(""), i.path("file").asText(""),
                    i.path("sha256").asText("")));
        }
        List<String> rules = new ArrayList<>();
        b.path("rules").forEach(r -> rules.add(r.asText()));
        return new Checkpoint(b.get("through").asLong(), instant(b, "time"), b.path("host").asText(""),
                b.path("tool").asText(""), inputs, rules,
                b.path("key").isTextual() ? Optional.of(b.get("key").asText()) : Optional.empty());
    }

    private static JsonNode tree(String line) {
        JsonNode n;
        try {
            n = STRICT.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (n == null || !n.isObject() || !SCHEMA.equals(n.path("schema").asText())) {
            throw new IllegalArgumentException("not a " + SCHEMA + " event");
        }
        return n;
    }

    /** Hands a line to {@code events} or {@code checkpoints}; throws IllegalArgumentException for neither. */
    public static void parse(String line, Consumer<JournalEvent> events, Consumer<Checkpoint> checkpoints) {
        JsonNode n = tree(line);
        if (n.has("checkpoint")) {
            checkpoints.accept(checkpoint(n.get("checkpoint")));
        } else {
            events.accept(event(n));
        }
    }

    /** A field that is null when the value is not known (empty), as a journal's reader expects. */
    private static void nullable(ObjectNode n, String field, String value) {
        if (value.isEmpty()) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    /** A tracked listener: identity, address and owner ({@code null} when it was not seen). */
    static ObjectNode listener(TrackedListener l) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("protocol", l.identity().protocol().id());
        n.put("exposure", l.identity().exposure().id());
        n.put("port", l.identity().port());
        n.put("executable", l.identity().executable());
        nullable(n, "name", l.identity().name());
        n.put("address", l.address());
        if (l.owner().isPresent()) {
            ObjectNode o = n.putObject("owner");
            o.put("pid", l.owner().get().pid());
            o.put("process", l.owner().get().process());
            o.put("user", l.owner().get().user());
            nullable(o, "unit", l.owner().get().unit());
            nullable(o, "package", l.owner().get().pkg());
        } else {
            n.putNull("owner");
        }
        if (l.reach().isPresent()) {
            // written only where the firewall was judged: a listener line of older journals reads the same
            n.put("reach", l.reach().get());
            ArrayNode by = n.putArray("reachDecidedBy");
            l.decidedBy().forEach(by::add);
        }
        return n;
    }

    static ObjectNode finding(TrackedFinding f) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("rule", f.rule());
        n.put("severity", f.severity().id());
        n.put("fingerprint", f.fingerprint());
        n.put("message", f.message());
        n.put("waived", f.waiver().isPresent());
        if (f.waiver().isPresent()) {
            ObjectNode w = n.putObject("waiver");
            w.put("reason", f.waiver().get().reason());
            w.put("owner", f.waiver().get().owner());
            w.put("expires", f.waiver().get().expires().map(LocalDate::toString).orElse(null));
            w.put("source", f.waiver().get().source());
        } else {
            n.putNull("waiver");
        }
        return n;
    }

    /** Parses one line; throws IllegalArgumentException naming what is wrong. */
    public static JournalEvent parse(String line) {
        JsonNode n = tree(line);
        if (n.has("checkpoint")) {
            throw new IllegalArgumentException("a checkpoint, not an event");
        }
        return event(n);
    }

    private static JournalEvent event(JsonNode n) {
        JournalEvent.Type type = JournalEvent.Type.parse(text(n, "event"));
        Optional<TrackedFinding> finding = type.isFinding() ? Optional.of(finding(n.path("finding")))
                : Optional.empty();
        boolean inventory = n.path("inventory").asBoolean(false);
        if (inventory && type != JournalEvent.Type.LISTENER_OPENED && type != JournalEvent.Type.FINDING_RAISED) {
            throw new IllegalArgumentException(type.id() + " marked as inventory");
        }
        return new JournalEvent(n.path("seq").asLong(-1), type, instant(n, "time"), text(n, "host"),
                listener(n.path("listener")), finding, inventory, n.path("previousReach").isTextual()
                        ? Optional.of(n.get("previousReach").asText()) : Optional.empty());
    }

    static TrackedListener listener(JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("missing 'listener'");
        }
        int port = n.path("port").asInt(-1);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("listener port " + n.path("port") + " is not 1-65535");
        }
        ListenerIdentity id = new ListenerIdentity(Transport.parse(text(n, "protocol")),
                Exposure.parse(text(n, "exposure")), port, n.path("executable").asText(""),
                n.path("name").asText("")); // absent from events journalled before names were kept
        JsonNode o = n.path("owner");
        Optional<Owner> owner = o.isObject() ? Optional.of(new Owner(o.path("pid").asInt(),
                o.path("process").asText(""), o.path("user").asText(""), o.path("unit").asText(""),
                o.path("package").asText(""))) : Optional.empty();
        List<String> decidedBy = new ArrayList<>();
        n.path("reachDecidedBy").forEach(d -> decidedBy.add(d.asText()));
        return new TrackedListener(id, n.path("address").asText(""), owner,
                n.path("reach").isTextual() ? Optional.of(n.get("reach").asText()) : Optional.empty(), decidedBy);
    }

    static TrackedFinding finding(JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("missing 'finding'");
        }
        JsonNode w = n.path("waiver");
        // an allow entry's acceptance has no expiry: null, where a waiver has its date
        Optional<Waiver> waiver = w.isObject() ? Optional.of(new Waiver(w.path("reason").asText(""),
                w.path("owner").asText(""), w.path("expires").isNull() ? Optional.empty()
                        : Optional.of(date(w, "expires")), w.path("source").asText("")))
                : Optional.empty();
        return new TrackedFinding(text(n, "fingerprint"), text(n, "rule"), Severity.parse(text(n, "severity")),
                n.path("message").asText(""), waiver);
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing '" + field + "'");
        }
        return v.asText();
    }

    static LocalDate date(JsonNode n, String field) {
        try {
            return LocalDate.parse(text(n, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' is not a date");
        }
    }

    static Instant instant(JsonNode n, String field) {
        try {
            return Instant.parse(text(n, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' is not a timestamp");
        }
    }
}
