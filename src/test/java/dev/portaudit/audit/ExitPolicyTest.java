package dev.portaudit.audit;

import static dev.portaudit.testing.Scenarios.JAVA;
import static dev.portaudit.testing.Scenarios.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Verdict;
import dev.portaudit.model.Verdict.Outcome;
import dev.portaudit.model.Waiver;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exit policy as a table: threshold, incompleteness flag, what the scan found -> outcome and count. */
class ExitPolicyTest {

    private static Finding finding(Severity s) {
        return new Finding("rule", s, tcp("0.0.0.0", 8080, JAVA), "m", "", List.of());
    }

    /**
     * @param findings severities of unwaived findings, space-separated ("-" for none)
     * @param waived   severities of waived findings
     * @param coverage whether something could not be seen
     */
    @ParameterizedTest(name = "fail-on {0}, incomplete {1}: [{2}] waived [{3}] coverage {4} -> {5} ({6})")
    @CsvSource({
        // no threshold: findings never fail; only --fail-on-incomplete can
        "none,     false, high critical, -,        false, clean,      0",
        "none,     true,  high,          -,        true,  incomplete, 0",
        "none,     true,  high,          -,        false, clean,      0",
        // at or above the threshold fails, below does not
        "medium,   false, low medium,    -,        false, findings,   1",
        "medium,   false, low info,      -,        false, clean,      0",
        "info,     false, info info low, -,        false, findings,   3",
        "critical, false, high,          -,        false, clean,      0",
        // waived findings never count
        "medium,   false, -,             critical, false, clean,      0",
        "medium,   false, high,          critical, false, findings,   1",
        // findings win over incompleteness; incompleteness counts only when asked for
        "medium,   true,  high,          -,        true,  findings,   1",
        "medium,   true,  low,           -,        true,  incomplete, 0",
        "medium,   false, low,           -,        true,  clean,      0",
    })
    void decides(String failOn, boolean failOnIncomplete, String findings, String waived, boolean incomplete,
            String outcome, long failing) {
        List<Finding> all = new ArrayList<>();
        severities(findings).forEach(s -> all.add(finding(s)));
        Waiver w = new Waiver("accepted", "ops", LocalDate.of(2099, 1, 1), "policy.yaml:3:5");
        severities(waived).forEach(s -> all.add(finding(s).withWaiver(w)));
        List<CoverageNote> coverage = incomplete ? List.of(new CoverageNote("owner-unknown", 1, "owner of 1 socket "
                + "unknown")) : List.of();
        Optional<Severity> threshold = failOn.equals("none") ? Optional.empty()
                : Optional.of(Severity.valueOf(failOn.toUpperCase(Locale.ROOT)));
        Verdict v = ExitPolicy.decide(all, coverage, new ExitPolicy.Thresholds(threshold, failOnIncomplete));
        assertEquals(Outcome.valueOf(outcome.toUpperCase(Locale.ROOT)), v.outcome());
        assertEquals(failing, v.failing());
        assertEquals(threshold, v.failOn());
    }

    private static List<Severity> severities(String list) {
        return list.equals("-") ? List.of() : List.of(list.trim().split("\\s+")).stream()
                .map(s -> Severity.valueOf(s.toUpperCase(Locale.ROOT))).toList();
    }
}
