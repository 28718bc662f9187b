package dev.portaudit.report;

import dev.portaudit.model.Ids;

/** The formats {@code portaudit scan} writes. */
public enum ReportFormat {
    TABLE, JSON;

    public String id() {
        return Ids.of(this);
    }

    public Reporter reporter() {
        return switch (this) {
            case TABLE -> new TableReporter();
            case JSON -> new JsonReporter();
        };
    }
}
