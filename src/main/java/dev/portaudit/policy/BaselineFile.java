package dev.portaudit.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portaudit.model.Exposure;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ListenerIdentity;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Transport;
import dev.portaudit.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The baseline file: JSON, written atomically, read with every problem named. */
public final class BaselineFile {

    public static final String FORMAT = "portaudit-baseline";
    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long MAX_BYTES = 16L << 20;

    private BaselineFile() {
    }

    /** A baseline of the listeners, one entry per distinct identity. */
    public static Baseline of(List<Listener> listeners, Instant created, String host) {
        Map<ListenerIdentity, Baseline.Entry> entries = new LinkedHashMap<>();
        for (Listener l : listeners) {
            ListenerIdentity id = ListenerIdentity.of(l);
            entries.putIfAbsent(id, new Baseline.Entry(id, l.address(),
                    l.primaryOwner().map(ProcessOwner::name).orElse(""),
                    l.primaryOwner().map(ProcessOwner::userLabel).orElse("")));
        }
        return new Baseline(created, host, new ArrayList<>(entries.values()));
    }

    public static byte[] toJson(Baseline b) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("created", b.created().toString());
        root.put("host", b.host());
        ArrayNode list = root.putArray("listeners");
        for (Baseline.Entry e : b.entries()) {
            ObjectNode n = list.addObject();
            n.put("protocol", e.identity().protocol().id());
            n.put("exposure", e.identity().exposure().id());
            n.put("port", e.identity().port());
            n.put("executable", e.identity().executable());
            n.put("name", e.identity().name());
            n.put("address", e.address());
            n.put("process", e.process());
            n.put("user", e.user());
        }
        try {
            return (MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(Path file, Baseline b) throws IOException {
        AtomicFiles.write(file, toJson(b));
    }

    public static Baseline read(Path file) {
        String source = file.toString();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidInputException(source + ": too large for a baseline (at most " + MAX_BYTES + " bytes)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(source + ": no such file (create it with 'portaudit baseline save "
                    + source + "')");
        } catch (IOException e) {
            throw new InvalidInputException(source + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(bytes, source);
    }

    static Baseline parse(byte[] bytes, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException e) {
            String where = e instanceof JsonProcessingException jp && jp.getLocation() != null
                    ? ":" + jp.getLocation().getLineNr() + ":" + jp.getLocation().getColumnNr() : "";
            throw new InvalidInputException(source + where + ": not valid JSON");
        }
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new InvalidInputException(source + ": not a portaudit baseline (expected \"format\": \"" + FORMAT
                    + "\"; create one with 'portaudit baseline save')");
        }
        if (root.path("version").asInt() != VERSION) {
            throw new InvalidInputException(source + ": baseline version " + root.path("version")
                    + " is not supported (allowed: " + VERSION + ")");
        }
        Instant created = Instant.EPOCH;
        try {
            created = Instant.parse(root.path("created").asText());
        } catch (DateTimeParseException e) {
            problems.add(source + ": 'created' is not a timestamp");
        }
        List<Baseline.Entry> entries = new ArrayList<>();
        JsonNode list = root.path("listeners");
        if (!list.isArray()) {
            problems.add(source + ": 'listeners' must be a list");
        } else {
            for (int i = 0; i < list.size(); i++) {
                JsonNode n = list.get(i);
                String at = source + ": listeners[" + i + "]";
                try {
                    int port = n.path("port").asInt(-1);
                    if (port < 1 || port > 65535) {
                        problems.add(at + ": port " + n.path("port") + " is not 1-65535");
                        continue;
                    }
                    ListenerIdentity id = new ListenerIdentity(Transport.parse(n.path("protocol").asText()),
                            Exposure.parse(n.path("exposure").asText()), port, n.path("executable").asText(""),
                            n.path("name").asText("")); // absent from baselines saved before names were kept
                    entries.add(new Baseline.Entry(id, n.path("address").asText(""), n.path("process").asText(""),
                            n.path("user").asText("")));
                } catch (IllegalArgumentException e) {
                    problems.add(at + ": " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Baseline(created, root.path("host").asText(""), entries);
    }
}
