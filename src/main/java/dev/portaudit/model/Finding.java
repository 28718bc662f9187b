package dev.portaudit.model;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A rule's verdict on one listener.
 *
 * @param rule        rule id ("privileged-bind", ...)
 * @param severity    severity
 * @param listener    the listener it concerns
 * @param message     what was found and why it matters, naming the listener and its owner
 * @param remediation what to do about it
 * @param entries     the port-table entries the rule matched
 */
public record Finding(String rule, Severity severity, Listener listener, String message, String remediation,
        List<PortEntry> entries) {

    /** Most severe first, then by listener, then by rule. */
    public static final Comparator<Finding> ORDER = Comparator
            .comparing(Finding::severity, Comparator.reverseOrder())
            .thenComparing(Finding::listener, Listener.ORDER)
            .thenComparing(Finding::rule);

    public Finding {
        Objects.requireNonNull(rule);
        Objects.requireNonNull(severity);
        Objects.requireNonNull(listener);
        Objects.requireNonNull(message);
        remediation = Objects.requireNonNullElse(remediation, "");
        entries = List.copyOf(entries);
    }
}
