package dev.portaudit.agent;

import dev.portaudit.model.PeriodReport;
import dev.portaudit.report.PeriodHtmlReporter;
import dev.portaudit.report.PeriodMarkdownReporter;
import dev.portaudit.report.ReportFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** The formats a period report is written in: HTML and Markdown for people, JSON for tools. */
public final class PeriodReportFormats {

    public static final List<ReportFormat> FORMATS = List.of(ReportFormat.HTML, ReportFormat.MARKDOWN,
            ReportFormat.JSON);

    private PeriodReportFormats() {
    }

    public static void write(PeriodReport r, ReportFormat format, OutputStream out) throws IOException {
        switch (format) {
            case HTML -> PeriodHtmlReporter.write(r, out);
            case MARKDOWN -> PeriodMarkdownReporter.write(r, out);
            case JSON -> PeriodJson.write(r, out);
            default -> throw new IllegalArgumentException("a period report is html, markdown or json, not "
                    + format.id());
        }
    }
}
