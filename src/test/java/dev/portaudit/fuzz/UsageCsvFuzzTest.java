package dev.portaudit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.ports.importer.UsageCsvParser;
import java.nio.charset.StandardCharsets;

class UsageCsvFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void usageCsv(byte[] input) {
        try {
            UsageCsvParser.parse(new String(input, StandardCharsets.UTF_8), "fuzz.csv");
        } catch (InvalidInputException expected) {
            // refused with a message
        }
    }
}
