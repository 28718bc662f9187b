package dev.portaudit.audit.rules;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Finding;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.Severity;
import java.util.List;

/** A check applied to every listener. Rules are pure: the same listener and host give the same findings. */
public interface Rule {

    /** Stable id users script against ("privileged-bind"). */
    String id();

    /** Severity of the rule's ordinary case; a rule may grade a worse case higher. */
    Severity defaultSeverity();

    /** One line saying what the rule looks for. */
    String summary();

    /** Adds this rule's findings for {@code listener} to {@code out}. */
    void check(AuditedListener listener, HostFacts host, List<Finding> out);
}
