package dev.portaudit.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What the run's outcome is, decided once by the exit policy and carried in the report so that every
 * reader (the exit code, the JUnit report, the summary on stderr) tells the same story.
 *
 * @param outcome          clean, findings at or above the threshold, or an incomplete scan
 * @param failOn           the --fail-on threshold; empty when findings never fail the run
 * @param failOnIncomplete whether an incomplete scan fails the run (--fail-on-incomplete)
 * @param failing          how many unwaived findings are at or above the threshold
 */
public record Verdict(Outcome outcome, Optional<Severity> failOn, boolean failOnIncomplete, long failing) {

    /** The run's outcome, most serious first when several apply: findings win over incompleteness. */
    public enum Outcome {
        CLEAN, FINDINGS, INCOMPLETE
    }

    public Verdict {
        Objects.requireNonNull(outcome);
        failOn = Objects.requireNonNullElse(failOn, Optional.empty());
    }

    /**
     * Whether a report should show this finding as failing: unwaived and at or above the threshold.
     * Without a threshold every unwaived finding shows as failing, so a report read alone (a JUnit
     * view in CI) still shows the problems, while the run itself exits clean.
     */
    public boolean shownFailing(Finding f) {
        return !f.waived() && f.severity().atLeast(failOn.orElse(Severity.INFO));
    }

    /** The severity a finding must reach to show as failing. */
    public Severity shownThreshold() {
        return failOn.orElse(Severity.INFO);
    }
}
