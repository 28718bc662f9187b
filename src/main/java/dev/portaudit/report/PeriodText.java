package dev.portaudit.report;

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

    /** "nginx (pid 10, www-data)", or "not seen"; raw text, for each format to escape its own way. */
    static String owner(TrackedListener l) {
        return l.owner().map(PeriodText::owner).orElse("not seen");
    }

    private static String owner(Owner o) {
        return (o.process().isEmpty() ? "process" : o.process()) + " (pid " + o.pid()
                + (o.user().isEmpty() ? "" : ", " + o.user()) + ")";
    }
}
