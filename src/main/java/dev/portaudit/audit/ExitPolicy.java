package dev.portaudit.audit;

import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Verdict;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Decides a run's outcome from its findings and coverage; the CLI only maps the outcome to an exit code. */
public final class ExitPolicy {

    /**
     * What fails a run.
     *
     * @param failOn           findings at or above this severity fail it; empty: findings never do
     * @param failOnIncomplete an incomplete scan (anything in coverage) fails it
     */
    public record Thresholds(Optional<Severity> failOn, boolean failOnIncomplete) {

        /** Nothing fails the run: the agent's scans, reports rendered for reading. */
        public static final Thresholds NONE = new Thresholds(Optional.empty(), false);

        public Thresholds {
            Objects.requireNonNull(failOn);
        }
    }

    private ExitPolicy() {
    }

    public static Verdict decide(List<Finding> findings, List<CoverageNote> coverage, Thresholds t) {
        long failing = t.failOn().isEmpty() ? 0
                : findings.stream().filter(f -> !f.waived() && f.severity().atLeast(t.failOn().get())).count();
        Verdict.Outcome outcome = failing > 0 ? Verdict.Outcome.FINDINGS
                : t.failOnIncomplete() && !coverage.isEmpty() ? Verdict.Outcome.INCOMPLETE
                : Verdict.Outcome.CLEAN;
        return new Verdict(outcome, t.failOn(), t.failOnIncomplete(), failing);
    }
}
