package dev.portaudit.report;

import java.util.Locale;

/** The formats {@code portaudit scan} writes. */
public enum ReportFormat {
    TABLE, JSON;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Reporter reporter() {
        return switch (this) {
            case TABLE -> new TableReporter();
            case JSON -> new JsonReporter();
        };
    }
}
