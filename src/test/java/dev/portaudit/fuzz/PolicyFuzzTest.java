package dev.portaudit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portaudit.policy.PolicyParser;
import dev.portaudit.policy.Problems;
import dev.portaudit.policy.SafeYaml;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.testing.Scenarios;
import java.time.LocalDate;

class PolicyFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void policyYaml(byte[] input) {
        try {
            new PolicyParser(Scenarios.catalog(), s -> false, LocalDate.of(2026, 11, 22))
                    .parse(SafeYaml.parse(input, "fuzz.yaml"), new Problems());
        } catch (InvalidInputException expected) {
            // a clear message is the right answer to bad input
        }
    }
}
