package dev.portaudit.audit;

import dev.portaudit.audit.rules.AuditContext;
import dev.portaudit.audit.rules.Rule;
import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.ControlMap;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Probe;
import dev.portaudit.model.Reachability;
import dev.portaudit.model.RuleInfo;
import dev.portaudit.model.Snapshot;
import dev.portaudit.policy.RuleConfig;
import dev.portaudit.policy.RuleSpecs;
import dev.portaudit.ports.PortTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The match stage: joins a snapshot with the port table, the rules and the policy — listener rules,
 * then the policy's allow and deny lists, the baseline, severity overrides, and last the waivers.
 */
final class Auditor {

    /**
     * What matching produced.
     *
     * @param listeners the listeners with their port-table entries
     * @param findings  every finding, waived ones marked
     * @param rules     the rules that were active, in the catalogue's order
     */
    record Matched(List<AuditedListener> listeners, List<Finding> findings, List<RuleInfo> rules) {
    }

    /** Listeners from which the rules run on several threads. */
    private static final int PARALLEL_FROM = 256;

    /** One listener matched, and what the rules found. */
    private record Checked(AuditedListener listener, List<Finding> findings) {
    }

    private final PortTable table;
    private final List<Rule> rules;
    private final AuditSettings settings;

    Auditor(PortTable table, List<Rule> rules, AuditSettings settings) {
        this.table = table;
        this.rules = List.copyOf(rules);
        this.settings = settings;
    }

    Matched match(Snapshot snapshot, List<Probe> probes, LocalDate today) {
        return match(snapshot, probes, today, l -> Optional.empty());
    }

    /** @param reach who can reach each listener through the firewall, where that was judged */
    Matched match(Snapshot snapshot, List<Probe> probes, LocalDate today, Function<Listener, Optional<Reachability>> reach) {
        RuleConfig config = settings.config();
        List<Rule> enabled = rules.stream().filter(r -> config.enabled(r.id())).toList();
        AuditContext ctx = new AuditContext(snapshot.host(), config, settings.catalog(), snapshot.listeners(), probes);
        List<AuditedListener> audited = new ArrayList<>(snapshot.listeners().size());
        Map<Listener, AuditedListener> byListener = new IdentityHashMap<>();
        List<Finding> findings = new ArrayList<>();
        // each listener is checked on its own (rules read the shared context, never write it): on a
        // busy host, on every core; the results are put together in the listeners' order either way
        List<Listener> listeners = snapshot.listeners();
        IntStream indexes = IntStream.range(0, listeners.size());
        List<Checked> checked = (listeners.size() >= PARALLEL_FROM && Runtime.getRuntime().availableProcessors() > 1
                ? indexes.parallel() : indexes).mapToObj(i -> {
                    Listener l = listeners.get(i);
                    AuditedListener a = new AuditedListener(l, table.entries(l.protocol(), l.port()), reach.apply(l));
                    List<Finding> own = new ArrayList<>(2);
                    for (Rule r : enabled) {
                        r.check(a, ctx, own);
                    }
                    return new Checked(a, own);
                }).toList();
        for (Checked c : checked) {
            audited.add(c.listener());
            byListener.put(c.listener().listener(), c.listener());
            findings.addAll(c.findings());
        }
        PolicyChecks checks = new PolicyChecks(settings);
        checks.unexpected(audited, findings);
        checks.denied(audited, findings);
        checks.reachable(audited, findings);
        checks.baseline(audited, table, findings);
        List<Finding> adjusted = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            // a deny entry's severity is the policy author's word for that entry; keep it
            boolean ownSeverity = f.rule().equals(RuleSpecs.DENIED);
            adjusted.add(ownSeverity ? f : config.severityOverride(f.rule()).map(f::withSeverity).orElse(f));
        }
        List<Finding> result = new ArrayList<>();
        Map<String, List<ControlMap.Control>> byRule = settings.controls().byRule();
        for (Finding f : checks.waive(adjusted, byListener, table, today)) {
            List<String> controls = byRule.getOrDefault(f.rule(), List.of()).stream()
                    .filter(c -> c.about(f.listener().protocol(), f.listener().port()))
                    .map(ControlMap.Control::key).toList();
            result.add(controls.isEmpty() ? f : f.withControls(controls));
        }
        return new Matched(audited, result, active(enabled, checks.active()));
    }

    /** The catalogue's rules that this run evaluated, described with the severity the policy gave them. */
    private List<RuleInfo> active(List<Rule> enabled, Set<String> policyRules) {
        List<RuleInfo> out = new ArrayList<>();
        for (RuleSpecs.Spec spec : RuleSpecs.ALL) {
            String id = spec.id();
            if (policyRules.contains(id) || enabled.stream().anyMatch(r -> r.id().equals(id))) {
                out.add(new RuleInfo(id, settings.config().severity(id), spec.summary(), RuleSpecs.help(id)));
            }
        }
        return out;
    }
}
