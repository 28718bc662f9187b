package dev.portaudit.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portaudit.agent.JournalCodec;
import dev.portaudit.agent.JournalReader;
import dev.portaudit.model.Checkpoint;
import dev.portaudit.model.JournalEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

class JournalFuzzTest {

    /** A journal never fails to read: lines that are not events become warnings. */
    @FuzzTest(maxDuration = "10s")
    void journal(byte[] input) throws IOException {
        List<JournalEvent> events = new ArrayList<>();
        List<Checkpoint> checkpoints = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String text = new String(input, StandardCharsets.UTF_8);
        JournalReader.read(new BufferedReader(new StringReader(text)), "fuzz.jsonl", events::add, checkpoints::add,
                warnings);
        long lines = text.lines().filter(l -> !l.isBlank()).count();
        assertTrue(events.size() + checkpoints.size() + warnings.size() == lines,
                "every line is an event, a checkpoint or a warning");
        // what the verifier reads of each line: its link, or a clear refusal, never another exception
        for (String line : text.lines().toList()) {
            try {
                JournalCodec.link(line);
            } catch (IllegalArgumentException refused) {
                // not a line of the chain: the verifier reports it
            }
        }
    }
}
