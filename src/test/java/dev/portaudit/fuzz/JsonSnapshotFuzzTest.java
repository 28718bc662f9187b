package dev.portaudit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portaudit.collect.JsonSnapshotReader;
import java.nio.charset.StandardCharsets;

class JsonSnapshotFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void jsonReport(byte[] input) {
        try {
            JsonSnapshotReader.parse(new String(input, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException expected) {
            // refused, naming the JSON path of the problem
        }
    }
}
