package dev.portaudit.model;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule's verdict on one listener.
 *
 * @param rule        rule id ("privileged-bind", ...)
 * @param severity    severity
 * @param listener    the listener it concerns
 * @param message     what was found and why it matters, naming the listener and its owner
 * @param remediation what to do about it
 * @param entries     the port-table entries the rule matched
 * @param waiver      the policy waiver that accepts this finding for now, if any (an expired one is not kept)
 * @param source      where the policy entry that decided this finding is written ("policy.yaml:12:5"): the deny
 *                    entry, the allow list a listener fell outside of, the expired waiver; empty for the rules'
 *                    own findings
 * @param controls    the controls of compliance frameworks this finding is evidence against, as
 *                    "framework:id" ({@code rules/controls.yaml})
 */
public record Finding(String rule, Severity severity, Listener listener, String message, String remediation,
        List<PortEntry> entries, Optional<Waiver> waiver, Optional<String> source, List<String> controls) {

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
        waiver = Objects.requireNonNullElse(waiver, Optional.empty());
        source = Objects.requireNonNullElse(source, Optional.<String>empty()).filter(x -> !x.isEmpty());
        controls = List.copyOf(Objects.requireNonNullElse(controls, List.<String>of()));
    }

    public Finding(String rule, Severity severity, Listener listener, String message, String remediation,
            List<PortEntry> entries, Optional<Waiver> waiver, Optional<String> source) {
        this(rule, severity, listener, message, remediation, entries, waiver, source, List.of());
    }

    public Finding(String rule, Severity severity, Listener listener, String message, String remediation,
            List<PortEntry> entries, Optional<Waiver> waiver) {
        this(rule, severity, listener, message, remediation, entries, waiver, Optional.empty());
    }

    public Finding(String rule, Severity severity, Listener listener, String message, String remediation,
            List<PortEntry> entries) {
        this(rule, severity, listener, message, remediation, entries, Optional.empty());
    }

    public boolean waived() {
        return waiver.isPresent();
    }

    public Finding withWaiver(Waiver w) {
        return new Finding(rule, severity, listener, message, remediation, entries, Optional.of(w), source, controls);
    }

    public Finding withSeverity(Severity s) {
        return new Finding(rule, s, listener, message, remediation, entries, waiver, source, controls);
    }

    /** This finding, decided by the policy entry written at {@code where}. */
    public Finding withSource(String where) {
        return new Finding(rule, severity, listener, message, remediation, entries, waiver, Optional.of(where),
                controls);
    }

    /** This finding, as evidence against these controls. */
    public Finding withControls(List<String> keys) {
        return new Finding(rule, severity, listener, message, remediation, entries, waiver, source, keys);
    }
}
