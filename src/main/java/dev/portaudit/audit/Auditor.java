package dev.portaudit.audit;

import dev.portaudit.audit.rules.AuditContext;
import dev.portaudit.audit.rules.Rule;
import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Report;
import dev.portaudit.model.Snapshot;
import dev.portaudit.policy.RuleConfig;
import dev.portaudit.policy.RuleSpecs;
import dev.portaudit.ports.PortTable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins a snapshot with the port table, the rules and the policy, and assembles the report:
 * listener rules, then the policy's allow and deny lists, the baseline, severity overrides, and
 * last the waivers.
 */
public final class Auditor {

    private final PortTable table;
    private final List<Rule> rules;
    private final AuditSettings settings;

    public Auditor(PortTable table, List<Rule> rules, AuditSettings settings) {
        this.table = table;
        this.rules = List.copyOf(rules);
        this.settings = settings;
    }

    public Auditor(PortTable table, List<Rule> rules) {
        this(table, rules, AuditSettings.DEFAULTS);
    }

    public Report audit(Snapshot snapshot, Instant startedAt, long durationMillis, String toolVersion) {
        RuleConfig config = settings.config();
        AuditContext ctx = new AuditContext(snapshot.host(), config, settings.catalog(), snapshot.listeners());
        List<AuditedListener> audited = new ArrayList<>(snapshot.listeners().size());
        Map<Listener, AuditedListener> byListener = new java.util.IdentityHashMap<>();
        List<Finding> findings = new ArrayList<>();
        for (Listener l : snapshot.listeners()) {
            AuditedListener a = new AuditedListener(l, table.entries(l.protocol(), l.port()));
            audited.add(a);
            byListener.put(l, a);
            for (Rule r : rules) {
                if (config.enabled(r.id())) {
                    r.check(a, ctx, findings);
                }
            }
        }
        PolicyChecks checks = new PolicyChecks(settings);
        checks.unexpected(audited, findings);
        checks.denied(audited, findings);
        checks.baseline(audited, table, findings);
        List<Finding> adjusted = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            boolean ownSeverity = f.rule().equals(RuleSpecs.DENIED);
            adjusted.add(ownSeverity ? f : config.severityOverride(f.rule()).map(f::withSeverity).orElse(f));
        }
        LocalDate today = LocalDate.ofInstant(startedAt, ZoneOffset.UTC);
        List<Finding> result = checks.waive(adjusted, byListener, table, today);
        return Report.of(toolVersion, startedAt, durationMillis, snapshot.host(), audited, result,
                snapshot.coverage());
    }
}
