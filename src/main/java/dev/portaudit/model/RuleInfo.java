package dev.portaudit.model;

import java.util.Objects;

/**
 * A rule that was active in a run, as reports describe it.
 *
 * @param id       rule id users script against ("privileged-bind")
 * @param severity the severity the run gave the rule: the policy's override, else the rule's default
 *                 (some rules grade single findings higher or lower, as their messages say)
 * @param summary  one line saying what the rule flags
 * @param help     a paragraph on why it matters and what to do
 */
public record RuleInfo(String id, Severity severity, String summary, String help) {

    public RuleInfo {
        Objects.requireNonNull(id);
        Objects.requireNonNull(severity);
        Objects.requireNonNull(summary);
        Objects.requireNonNull(help);
    }
}
