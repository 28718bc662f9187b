package dev.portaudit.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.Tracked.TrackedListener;
import dev.portaudit.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agent's checkpoint ({@code JOURNAL.state} by default), written atomically after each scan's
 * events are on disk. On start it is loaded and the journal's events past it are folded in, so a
 * crash between the two writes loses nothing and repeats nothing.
 */
public final class StateStore {

    static final String SCHEMA = "portaudit-agent-state/1";
    private final Path file;

    public StateStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public void save(AgentState s) throws IOException {
        ObjectNode n = JournalCodec.MAPPER.createObjectNode();
        n.put("schema", SCHEMA);
        n.put("seq", s.seq());
        s.head().ifPresent(h -> n.put("head", h));
        s.lastReport().ifPresent(t -> n.put("lastReport", t.toString()));
        s.journalStarted().ifPresent(t -> n.put("journalStarted", t.toString()));
        s.firstScan().ifPresent(t -> n.put("firstScan", t.toString()));
        ArrayNode listeners = n.putArray("listeners");
        s.listeners().values().stream().sorted(TrackedListener.ORDER)
                .forEach(l -> listeners.add(JournalCodec.listener(l)));
        ArrayNode findings = n.putArray("findings");
        for (AgentState.Finding f : s.findings().values()) {
            ObjectNode fn = findings.addObject();
            fn.set("listener", JournalCodec.listener(f.listener()));
            fn.set("finding", JournalCodec.finding(f.finding()));
        }
        AtomicFiles.write(file, (JournalCodec.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The checkpoint folded forward with the journal's events past it.
     *
     * @param journal  the current journal file
     * @param warnings where skipped journal lines are reported
     */
    public AgentState load(Path journal, List<String> warnings) throws IOException {
        AgentState s = new AgentState();
        try {
            JsonNode n = JournalCodec.MAPPER.readTree(Files.readAllBytes(file));
            if (n == null || !SCHEMA.equals(n.path("schema").asText())) {
                throw new InvalidInputException(file + ": not a portaudit agent state file (expected \"schema\": \""
                        + SCHEMA + "\")");
            }
            s.seq(n.path("seq").asLong(0));
            if (n.path("head").isTextual()) {
                s.head(n.get("head").asText());
            }
            if (n.hasNonNull("lastReport")) {
                s.lastReport(Instant.parse(n.get("lastReport").asText()));
            }
            if (n.hasNonNull("journalStarted")) {
                s.journalStarted(Optional.of(Instant.parse(n.get("journalStarted").asText())));
            }
            if (n.hasNonNull("firstScan")) {
                s.firstScan(Instant.parse(n.get("firstScan").asText()));
            }
            for (JsonNode l : n.path("listeners")) {
                TrackedListener t = JournalCodec.listener(l);
                s.listeners().put(t.identity(), t);
            }
            for (JsonNode f : n.path("findings")) {
                AgentState.Finding af = new AgentState.Finding(JournalCodec.finding(f.path("finding")),
                        JournalCodec.listener(f.path("listener")));
                s.findings().put(af.finding().fingerprint(), af);
            }
        } catch (NoSuchFileException e) {
            // a first start: nothing reported yet
        } catch (IllegalArgumentException | DateTimeParseException
                | JsonProcessingException e) {
            throw new InvalidInputException(file + ": the agent state is damaged (" + e.getMessage()
                    + "); move it aside to rebuild it from the journal");
        }
        List<JournalEvent> later = new ArrayList<>();
        for (Path f : JournalReader.files(journal)) {
            JournalReader.read(f, e -> {
                if (e.seq() > s.seq()) {
                    later.add(e);
                }
            }, warnings);
        }
        later.sort(JournalEvent.BY_SEQ);
        later.forEach(s::apply);
        return s;
    }
}
