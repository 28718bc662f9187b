package dev.portaudit.audit.rules;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Finding;
import java.util.List;

/**
 * A check applied to every listener. Rules are pure: the same listener and context give the same
 * findings. A rule's id, default severity and parameters are declared in
 * {@link dev.portaudit.policy.RuleSpecs}.
 */
public interface Rule {

    /** Stable id users script against ("privileged-bind"). */
    String id();

    /** Adds this rule's findings for {@code listener} to {@code out}. */
    void check(AuditedListener listener, AuditContext context, List<Finding> out);
}
