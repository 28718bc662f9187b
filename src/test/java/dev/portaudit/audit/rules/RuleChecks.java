package dev.portaudit.audit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Finding;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Probe;
import dev.portaudit.policy.Policy;
import dev.portaudit.policy.RuleConfig;
import dev.portaudit.testing.Scenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs one rule on one listener, as the pipeline would, for the rule tests. */
final class RuleChecks {

    private RuleChecks() {
    }

    /** The rule's findings for {@code l}, on a host where {@code others} listen too. */
    static List<Finding> check(Rule rule, RuleConfig config, HostFacts host, Listener l, Listener... others) {
        List<Listener> all = new ArrayList<>(List.of(others));
        all.add(l);
        AuditContext ctx = new AuditContext(host, config, Scenarios.catalog(), all);
        List<Finding> out = new ArrayList<>();
        rule.check(new AuditedListener(l, Scenarios.table().entries(l.protocol(), l.port())), ctx, out);
        return out;
    }

    /** The rule's findings for {@code l} when the listeners answered {@code probes}. */
    static List<Finding> checkProbed(Rule rule, Listener l, Probe... probes) {
        AuditContext ctx = new AuditContext(Scenarios.host(), RuleConfig.DEFAULTS, Scenarios.catalog(), List.of(l),
                List.of(probes));
        List<Finding> out = new ArrayList<>();
        rule.check(new AuditedListener(l, Scenarios.table().entries(l.protocol(), l.port())), ctx, out);
        return out;
    }

    /** The same with the default rule settings on the scenarios' host. */
    static List<Finding> check(Rule rule, Listener l, Listener... others) {
        return check(rule, RuleConfig.DEFAULTS, Scenarios.host(), l, others);
    }

    static Finding only(List<Finding> findings) {
        assertEquals(1, findings.size(), findings.toString());
        return findings.get(0);
    }

    /** Rule settings that set {@code params} of {@code rule} and leave the rest at their defaults. */
    static RuleConfig config(String rule, Map<String, Object> params) {
        return new RuleConfig(Map.of(rule, new Policy.RuleSettings(Optional.empty(), Optional.empty(), params)));
    }
}
