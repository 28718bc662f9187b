package dev.portaudit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.policy.ControlsLoader;
import dev.portaudit.policy.SafeYaml;
import dev.portaudit.testing.Scenarios;

class ControlMappingFuzzTest {

    /** A control mapping is read like a policy: a clear message or a mapping, never another exception. */
    @FuzzTest(maxDuration = "15s")
    void controlMapping(byte[] input) {
        try {
            ControlsLoader.load(SafeYaml.parse(input, "fuzz.yaml"), Scenarios.catalog());
        } catch (InvalidInputException expected) {
            // a clear message is the right answer to bad input
        }
    }
}
