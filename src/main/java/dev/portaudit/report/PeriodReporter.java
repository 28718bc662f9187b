package dev.portaudit.report;

import dev.portaudit.model.PeriodReport;
import dev.portaudit.model.Tracked.Owner;
import dev.portaudit.model.Tracked.TrackedListener;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Writes a period report in one of its formats: HTML (in the look of the scan report), Markdown or
 * JSON, each rendered by a class of its own; the phrases they share are here.
 */
public final class PeriodReporter {

    public static final List<ReportFormat> FORMATS = List.of(ReportFormat.HTML, ReportFormat.MARKDOWN,
            ReportFormat.JSON);

    private PeriodReporter() {
    }

    public static void write(PeriodReport r, ReportFormat format, OutputStream out) throws IOException {
        switch (format) {
            case HTML -> PeriodHtmlReporter.write(r, out);
            case MARKDOWN -> PeriodMarkdownReporter.write(r, out);
            case JSON -> PeriodJsonReporter.write(r, out);
            default -> throw new IllegalArgumentException("a period report is html, markdown or json, not "
                    + format.id());
        }
    }

    /** A time to the second, or what to say when there is none ("before", "still open"). */
    static String time(Optional<Instant> at, String otherwise) {
        return at.map(i -> i.truncatedTo(ChronoUnit.SECONDS).toString()).orElse(otherwise);
    }

    /** "nginx (pid 10, www-data)", or "not seen"; raw text, for each format to escape its own way. */
    static String owner(TrackedListener l) {
        return l.owner().map(PeriodReporter::owner).orElse("not seen");
    }

    private static String owner(Owner o) {
        return (o.process().isEmpty() ? "process" : o.process()) + " (pid " + o.pid()
                + (o.user().isEmpty() ? "" : ", " + o.user()) + ")";
    }
}
