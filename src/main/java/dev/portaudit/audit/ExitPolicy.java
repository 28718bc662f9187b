package dev.portaudit.audit;

import dev.portaudit.model.Finding;
import dev.portaudit.model.Report;
import dev.portaudit.model.Severity;
import java.util.Optional;

/** Decides, after the report is written, whether the run failed. */
public final class ExitPolicy {

    /**
     * @param failed    whether findings reached the threshold
     * @param count     how many findings are at or above it
     * @param threshold the threshold, empty when findings never fail the run
     */
    public record Decision(boolean failed, long count, Optional<Severity> threshold) {
    }

    private ExitPolicy() {
    }

    public static Decision decide(Report report, Optional<Severity> failOn) {
        if (failOn.isEmpty()) {
            return new Decision(false, 0, failOn);
        }
        long count = report.findings().stream().filter(f -> !f.waived()).map(Finding::severity).filter(s -> s.atLeast(failOn.get())).count();
        return new Decision(count > 0, count, failOn);
    }
}
