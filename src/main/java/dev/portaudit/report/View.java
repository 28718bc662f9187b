package dev.portaudit.report;

import dev.portaudit.model.Severity;
import java.util.Objects;

/**
 * How much of a report the formats for people show (the table, Markdown); the formats for machines
 * always carry everything. It changes what is shown, never what is found or the exit code.
 *
 * @param minSeverity  findings below this severity are counted, not listed
 * @param findingsOnly leave the listener table out
 */
public record View(Severity minSeverity, boolean findingsOnly) {

    /** Everything but informational findings, which are counted; the listener table too. */
    public static final View DEFAULT = new View(Severity.LOW, false);

    public View {
        Objects.requireNonNull(minSeverity);
    }

    /** "2 informational findings" or "5 findings below medium", for the line that counts what is not listed. */
    String hidden(long count) {
        return count + (minSeverity == Severity.LOW ? " informational finding" : " finding") + (count == 1 ? "" : "s")
                + (minSeverity == Severity.LOW ? "" : " below " + minSeverity.id());
    }
}
