package dev.portaudit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portaudit.collect.SsSnapshotParser;
import dev.portaudit.model.InvalidInputException;
import java.nio.charset.StandardCharsets;

class SsSnapshotFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void ssSnapshot(byte[] input) {
        try {
            SsSnapshotParser.parse(new String(input, StandardCharsets.UTF_8), "fuzz-host");
        } catch (InvalidInputException expected) {
            // refused with a message
        }
    }
}
