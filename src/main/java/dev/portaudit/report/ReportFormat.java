package dev.portaudit.report;

import dev.portaudit.model.Ids;

/** The formats {@code portaudit scan} writes. */
public enum ReportFormat {
    TABLE, JSON, SARIF, JUNIT, HTML, MARKDOWN, CSV, PROMETHEUS;

    public String id() {
        return Ids.of(this);
    }

    /** The usual file name extension. */
    public String extension() {
        return switch (this) {
            case TABLE -> "txt";
            case JSON -> "json";
            case SARIF -> "sarif";
            case JUNIT -> "xml";
            case HTML -> "html";
            case MARKDOWN -> "md";
            case CSV -> "csv";
            case PROMETHEUS -> "prom";
        };
    }

    /** The reporter for this format; the formats for people read the view, SARIF its artifact. */
    public Reporter reporter(View view) {
        return switch (this) {
            case TABLE -> new TableReporter(view);
            case JSON -> new JsonReporter();
            case SARIF -> new SarifReporter(view.artifact(), view.base());
            case JUNIT -> new JUnitReporter();
            case HTML -> new HtmlReporter();
            case MARKDOWN -> new MarkdownReporter(view);
            case CSV -> new CsvReporter();
            case PROMETHEUS -> new PrometheusReporter();
        };
    }

    public Reporter reporter() {
        return reporter(View.DEFAULT);
    }
}
