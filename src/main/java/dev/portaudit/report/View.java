package dev.portaudit.report;

import dev.portaudit.model.Severity;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How much of a report the formats for people show (the table, Markdown), and which file SARIF results
 * point at; the formats for machines always carry everything. It changes what is shown, never what is
 * found or the exit code.
 *
 * @param minSeverity  findings below this severity are counted, not listed
 * @param findingsOnly leave the listener table out
 * @param width        the terminal's width in columns the table fits itself to; 0: no limit
 * @param artifact     the file SARIF results point at when no policy entry decided them ("" for none)
 * @param base         the directory SARIF's relative URIs are written against (the checkout)
 */
public record View(Severity minSeverity, boolean findingsOnly, int width, String artifact, Path base) {

    /** Everything but informational findings, which are counted; the listener table too; no width limit. */
    public static final View DEFAULT = new View(Severity.LOW, false, 0);

    public View(Severity minSeverity, boolean findingsOnly, int width) {
        this(minSeverity, findingsOnly, width, "", Path.of("").toAbsolutePath());
    }

    public View {
        Objects.requireNonNull(minSeverity);
        Objects.requireNonNull(artifact);
        Objects.requireNonNull(base);
        if (width < 0) {
            throw new IllegalArgumentException("width must be 0 or more: " + width);
        }
    }

    /** "2 informational findings" or "5 findings below medium", for the line that counts what is not listed. */
    String hidden(long count) {
        return count + (minSeverity == Severity.LOW ? " informational finding" : " finding") + (count == 1 ? "" : "s")
                + (minSeverity == Severity.LOW ? "" : " below " + minSeverity.id());
    }
}
