package dev.portaudit.model;

/** Finding severities, lowest first so that {@code compareTo} orders them. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    public String id() {
        return Ids.of(this);
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    public static Severity parse(String text) {
        return Ids.parse(values(), Severity::id, text, "severity");
    }
}
