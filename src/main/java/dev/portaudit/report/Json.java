package dev.portaudit.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portaudit.model.PortEntry;
import dev.portaudit.model.PortRange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Shared JSON plumbing: one configured writer, and the JSON shape of a port-table entry. */
public final class Json {

    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private static final ObjectWriter PRETTY = MAPPER.writer(
            new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private Json() {
    }

    /** Writes the tree indented, followed by a line break. */
    public static void write(JsonNode node, OutputStream out) throws IOException {
        PRETTY.writeValue(out, node);
        out.write('\n');
        out.flush();
    }

    /**
     * A generator that writes as {@link #write} does, for output streamed piece by piece; the caller
     * flushes it and ends the line, and closing it leaves {@code out} open.
     */
    public static JsonGenerator prettyGenerator(OutputStream out) throws IOException {
        return PRETTY.createGenerator(out);
    }

    /** A port-table entry: {@code port} is the port asked about, or the first of the entry's range. */
    public static ObjectNode entry(PortEntry e, int port) {
        ObjectNode n = NODES.objectNode();
        n.put("port", port);
        n.put("firstPort", e.first());
        n.put("lastPort", e.last());
        n.put("protocol", e.protocol().id());
        n.put("status", e.status().id());
        n.put("service", e.service());
        n.put("description", e.description());
        n.put("source", e.source().id());
        n.put("range", PortRange.of(port).id());
        return n;
    }

    public static ArrayNode entries(List<PortEntry> entries, int port) {
        ArrayNode a = NODES.arrayNode();
        for (PortEntry e : entries) {
            a.add(entry(e, port));
        }
        return a;
    }
}
