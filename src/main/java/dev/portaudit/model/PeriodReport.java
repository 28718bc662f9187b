package dev.portaudit.model;

import dev.portaudit.model.Tracked.TrackedFinding;
import dev.portaudit.model.Tracked.TrackedListener;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A compliance report for a period, built from the agent's journal.
 *
 * @param toolVersion  portaudit's version
 * @param generatedAt  when the report was made
 * @param host         the host the journal is about
 * @param since        start of the period (inclusive)
 * @param until        end of the period (exclusive)
 * @param listeners    every listener that listened at some time in the period
 * @param changes      listeners opened and closed during the period, in order; the starting
 *                     inventory (what the agent's first scan found) is not a change
 * @param raised       findings raised during the period, except those the first scan found
 * @param resolved     findings resolved during the period
 * @param open         findings still open at the end of the period
 * @param expiringSoon open findings whose waiver expires within {@link #SOON_DAYS} days of the end
 * @param warnings     lines of the journal that could not be read
 * @param verification whether the journal verified whole
 */
public record PeriodReport(String toolVersion, Instant generatedAt, String host, Instant since, Instant until,
        List<PeriodListener> listeners, List<JournalEvent> changes, List<PeriodFinding> raised,
        List<PeriodFinding> resolved, List<PeriodFinding> open, List<PeriodFinding> expiringSoon,
        List<String> warnings, JournalVerification verification) {

    public PeriodReport(String toolVersion, Instant generatedAt, String host, Instant since, Instant until,
            List<PeriodListener> listeners, List<JournalEvent> changes, List<PeriodFinding> raised,
            List<PeriodFinding> resolved, List<PeriodFinding> open, List<PeriodFinding> expiringSoon,
            List<String> warnings) {
        this(toolVersion, generatedAt, host, since, until, listeners, changes, raised, resolved, open, expiringSoon,
                warnings, JournalVerification.NOT_DONE);
    }

    /** The same report, stating whether its journal verified. */
    public PeriodReport verified(JournalVerification v) {
        return new PeriodReport(toolVersion, generatedAt, host, since, until, listeners, changes, raised, resolved, open,
                expiringSoon, warnings, v);
    }

    public static final int SOON_DAYS = 30;

    /**
     * A listener of the period: when it opened (empty: before the period) and closed (empty: still
     * open). In the starting inventory, {@code openedAt} is the agent's first scan, which found it there.
     */
    public record PeriodListener(TrackedListener listener, Optional<Instant> openedAt, Optional<Instant> closedAt,
            boolean inventory) {

        public PeriodListener(TrackedListener listener, Optional<Instant> openedAt, Optional<Instant> closedAt) {
            this(listener, openedAt, closedAt, false);
        }
    }

    /**
     * A finding of the period: when it was raised and resolved, where that happened in the period. In
     * the starting inventory, {@code raisedAt} is the agent's first scan, which found it open.
     */
    public record PeriodFinding(TrackedFinding finding, TrackedListener listener, Optional<Instant> raisedAt,
            Optional<Instant> resolvedAt, boolean inventory) {

        public PeriodFinding(TrackedFinding finding, TrackedListener listener, Optional<Instant> raisedAt,
                Optional<Instant> resolvedAt) {
            this(finding, listener, raisedAt, resolvedAt, false);
        }
    }

    /** The agent's first scan, when it falls in the period and found something: the starting inventory's time. */
    public Optional<Instant> inventoryAt() {
        return listeners.stream().filter(PeriodListener::inventory).map(PeriodListener::openedAt)
                .flatMap(Optional::stream).findFirst();
    }

    /** Listeners of the starting inventory. */
    public long inventoryCount() {
        return listeners.stream().filter(PeriodListener::inventory).count();
    }
}
