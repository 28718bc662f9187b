package dev.portaudit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.ports.importer.IanaRegistryParser;
import java.io.ByteArrayInputStream;

class IanaRegistryFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void ianaXml(byte[] input) {
        try {
            IanaRegistryParser.parse(new ByteArrayInputStream(input), "fuzz.xml");
        } catch (InvalidInputException expected) {
            // refused with a message
        }
    }
}
