package dev.portaudit.report;

import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.PeriodReport;
import dev.portaudit.model.PeriodReport.PeriodFinding;
import dev.portaudit.model.PeriodReport.PeriodListener;
import dev.portaudit.model.Tracked.Owner;
import dev.portaudit.model.Tracked.TrackedListener;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Phrases the period reports share, as raw text for each format to escape its own way. */
final class PeriodText {

    private PeriodText() {
    }

    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** A time to the second, or what to say when there is none ("before", "still open"). */
    static String time(Optional<Instant> at, String otherwise) {
        return at.map(PeriodText::time).orElse(otherwise);
    }

    /** "2026-11-22 10:00:00 UTC": read by people; the JSON period report keeps ISO 8601. */
    static String time(Instant at) {
        return HUMAN.format(at.truncatedTo(ChronoUnit.SECONDS));
    }

    /** When a listener opened: its time, "before" the period, or that the agent's first scan found it. */
    static String opened(PeriodListener p) {
        return p.inventory() ? "at first scan, " + time(p.openedAt().orElseThrow()) : time(p.openedAt(), "before");
    }

    /** When a finding was raised, in the same words as {@link #opened}. */
    static String raised(PeriodFinding f, String before) {
        return f.inventory() ? "at first scan, " + time(f.raisedAt().orElseThrow()) : time(f.raisedAt(), before);
    }

    /** The sentence introducing the starting inventory, when the agent's first scan is in the period. */
    static Optional<String> inventory(PeriodReport r) {
        return r.inventoryAt().map(t -> r.inventoryCount() + " listener" + (r.inventoryCount() == 1 ? " was" : "s were")
                + " already there when the agent first scanned, " + time(t)
                + ": the starting inventory, listed below, not counted as changes.");
    }

    /** A change as the tables name it: "opened", "closed", or "exposure lan → anywhere". */
    static String change(JournalEvent e) {
        return switch (e.type()) {
            case LISTENER_OPENED -> "opened";
            case LISTENER_CLOSED -> "closed";
            case EXPOSURE_CHANGED -> "exposure " + e.previousReach().orElse("not judged") + " → "
                    + e.listener().reach().orElse("not judged");
            default -> e.type().id();
        };
    }

    /** "nginx (pid 10, www-data)", or "not seen"; raw text, for each format to escape its own way. */
    static String owner(TrackedListener l) {
        return l.owner().map(PeriodText::owner).orElse("not seen");
    }

    private static String owner(Owner o) {
        return (o.process().isEmpty() ? "process" : o.process()) + " (pid " + o.pid()
                + (o.user().isEmpty() ? "" : ", " + o.user()) + ")";
    }
}
