package dev.portaudit.audit;

import dev.portaudit.model.Describe;
import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Finding;
import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ListenerIdentity;
import dev.portaudit.model.Reachability;
import dev.portaudit.model.Reachability.Outcome;
import dev.portaudit.model.Reachability.Reach;
import dev.portaudit.model.Reachability.SourceKind;
import dev.portaudit.model.Reachability.SourceVerdict;
import dev.portaudit.model.SocketKey;
import dev.portaudit.model.Waiver;
import dev.portaudit.policy.Baseline;
import dev.portaudit.policy.Policy;
import dev.portaudit.policy.RuleConfig;
import dev.portaudit.policy.RuleSpecs;
import dev.portaudit.policy.ServiceCatalog;
import dev.portaudit.ports.PortTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The findings a policy and a baseline add, and the waivers they apply. */
final class PolicyChecks {

    private final AuditSettings settings;
    private final RuleConfig config;
    private final ServiceCatalog catalog;

    PolicyChecks(AuditSettings settings) {
        this.settings = settings;
        this.config = settings.config();
        this.catalog = settings.catalog();
    }

    /** The policy rules this run evaluates: each needs what it compares with, and must be enabled. */
    Set<String> active() {
        Set<String> ids = new HashSet<>();
        Policy p = settings.policy();
        if (!p.allow().isEmpty()) {
            ids.add(RuleSpecs.UNEXPECTED);
            ids.add(RuleSpecs.REACHABLE);
        }
        if (!p.deny().isEmpty()) {
            ids.add(RuleSpecs.DENIED);
        }
        if (settings.baseline().isPresent()) {
            ids.add(RuleSpecs.BASELINE_ADDED);
            ids.add(RuleSpecs.BASELINE_REMOVED);
        }
        if (!p.waivers().isEmpty()) {
            ids.add(RuleSpecs.WAIVER_EXPIRED);
        }
        ids.removeIf(id -> !config.enabled(id));
        return ids;
    }

    /**
     * unexpected-listener for every listener no allow entry matches, once the policy allows any; a
     * listener a deny entry matches is reported once, as denied.
     */
    void unexpected(List<AuditedListener> listeners, List<Finding> out) {
        List<Policy.AllowEntry> allow = settings.policy().allow();
        if (allow.isEmpty() || !config.enabled(RuleSpecs.UNEXPECTED)) {
            return;
        }
        String sources = String.join(", ", allow.stream().map(a -> a.source().replaceAll(":\\d+:\\d+$", ""))
                .distinct().toList());
        boolean denying = config.enabled(RuleSpecs.DENIED);
        for (AuditedListener a : listeners) {
            boolean denied = denying && settings.policy().deny().stream().anyMatch(d -> d.selector().matches(a, catalog));
            if (!denied && allow.stream().noneMatch(e -> e.selector().matches(a, catalog))) {
                Listener l = a.listener();
                out.add(new Finding(RuleSpecs.UNEXPECTED, config.severity(RuleSpecs.UNEXPECTED), l,
                        Describe.listener(l) + " matches no allow entry of the policy (" + allow.size() + " entr"
                                + (allow.size() == 1 ? "y" : "ies") + ", in " + sources + ")"
                                + (l.ownerKnown() ? "" : "; with its owner unseen, owner criteria cannot match"),
                        "If the listener is expected, add an allow entry for it; otherwise stop the service"
                                + Describe.stopCommand(l).map(c -> " (" + c + ")").orElse("") + ".",
                        a.entries()).withSource(allow.get(0).source()));
            }
        }
    }

    /**
     * reachable-from-anywhere for every listener the policy allows that the firewall lets be reached
     * from beyond the local subnets, unless an allow entry matching it names reachable: anywhere. A
     * listener no entry allows is unexpected-listener already; one not judged is not guessed at.
     */
    void reachable(List<AuditedListener> listeners, List<Finding> out) {
        List<Policy.AllowEntry> allow = settings.policy().allow();
        if (allow.isEmpty() || !config.enabled(RuleSpecs.REACHABLE)) {
            return;
        }
        for (AuditedListener a : listeners) {
            Optional<Reachability> reach = a.reachability().filter(r -> r.reach() == Reach.ANYWHERE);
            if (reach.isEmpty()) {
                continue;
            }
            List<Policy.AllowEntry> matching = allow.stream().filter(e -> e.selector().matches(a, catalog)).toList();
            if (matching.isEmpty() || matching.stream().anyMatch(e -> e.selector().reachable()
                    .contains(Reach.ANYWHERE))) {
                continue;
            }
            Listener l = a.listener();
            Optional<SourceVerdict> widest = reach.get().verdicts().stream().filter(v -> v.kind()
                    == SourceKind.ANYWHERE && v.outcome() == Outcome.OPEN).findFirst();
            Policy.AllowEntry entry = matching.get(0);
            out.add(new Finding(RuleSpecs.REACHABLE, config.severity(RuleSpecs.REACHABLE), l,
                    Describe.listener(l) + " is allowed by '" + entry.name() + "' (" + entry.source() + "), which "
                            + "does not say it may be reached from anywhere, but the firewall lets it be: from "
                            + widest.map(v -> v.describe() + " (" + String.join("; ", v.decidedBy()) + ")")
                                    .orElse("beyond the local subnets"),
                    "Restrict it in the firewall to the networks that need it, or add 'reachable: anywhere' to the "
                            + "allow entry if it serves the world.", a.entries()).withSource(entry.source()));
        }
    }

    /** denied-listener for every deny entry a listener matches, with the entry's message and severity. */
    void denied(List<AuditedListener> listeners, List<Finding> out) {
        if (!config.enabled(RuleSpecs.DENIED)) {
            return;
        }
        for (AuditedListener a : listeners) {
            for (Policy.DenyEntry d : settings.policy().deny()) {
                if (d.selector().matches(a, catalog)) {
                    Listener l = a.listener();
                    String why = d.message().isEmpty() ? "the policy denies it" : d.message();
                    out.add(new Finding(RuleSpecs.DENIED, d.severity().orElse(config.severity(RuleSpecs.DENIED)), l,
                            Describe.listener(l) + " is denied by '" + d.name() + "' (" + d.source() + "): " + why,
                            "Stop the service" + Describe.stopCommand(l).map(c -> " (" + c + ")").orElse("")
                                    + ", or move it where the policy allows it.",
                            a.entries())
                            .withSource(d.source()));
                }
            }
        }
    }

    /** baseline-added and baseline-removed against the baseline, by identity. */
    void baseline(List<AuditedListener> listeners, PortTable table, List<Finding> out) {
        if (settings.baseline().isEmpty()) {
            return;
        }
        Baseline b = settings.baseline().get();
        // by stable name where both sides have one; entries of an older baseline by executable
        ListenerIdentity.Index<Baseline.Entry> before = new ListenerIdentity.Index<>(b.entries(),
                Baseline.Entry::identity);
        Set<Baseline.Entry> seen = new HashSet<>();
        for (AuditedListener a : listeners) {
            ListenerIdentity id = ListenerIdentity.of(a.listener());
            Optional<Baseline.Entry> was = before.find(id);
            was.ifPresent(seen::add);
            if (was.isEmpty() && config.enabled(RuleSpecs.BASELINE_ADDED)) {
                out.add(new Finding(RuleSpecs.BASELINE_ADDED, config.severity(RuleSpecs.BASELINE_ADDED), a.listener(),
                        Describe.listener(a.listener()) + " is new since the baseline of " + b.created()
                                + " (" + id + ")",
                        "If the change is intended, save a new baseline; otherwise find out what started it.",
                        a.entries()));
            }
        }
        if (!config.enabled(RuleSpecs.BASELINE_REMOVED)) {
            return;
        }
        for (Baseline.Entry e : b.entries()) {
            if (seen.contains(e)) {
                continue;
            }
            ListenerIdentity id = e.identity();
            String address = e.address().isEmpty() ? (id.exposure().id()) : e.address();
            Listener gone = new Listener(id.protocol(), address.contains(":") ? IpFamily.IPV6 : IpFamily.IPV4,
                    address, id.port(), false, List.of());
            String owner = e.process().isEmpty() ? "" : " by " + e.process() + (e.user().isEmpty() ? ""
                    : " (user " + e.user() + ")");
            out.add(new Finding(RuleSpecs.BASELINE_REMOVED, config.severity(RuleSpecs.BASELINE_REMOVED), gone,
                    gone.endpoint() + ", held" + owner + (id.executable().isEmpty() ? "" : " from " + id.executable())
                            + " at the baseline of " + b.created() + ", no longer listens (" + id + ")",
                    "If the service was retired on purpose, save a new baseline; otherwise find out why it stopped.",
                    table.entries(id.protocol(), id.port())));
        }
    }

    /**
     * Marks findings a current waiver accepts; a finding whose waiver expired counts again and a
     * waiver-expired finding says so.
     */
    List<Finding> waive(List<Finding> findings, Map<Listener, AuditedListener> audited, PortTable table,
            LocalDate today) {
        List<Finding> out = new ArrayList<>(findings.size());
        Set<ExpiredWaiver> expiredSaid = new HashSet<>();
        for (Finding f : findings) {
            AuditedListener a = audited.getOrDefault(f.listener(),
                    new AuditedListener(f.listener(), table.entries(f.listener().protocol(), f.listener().port())));
            Optional<Policy.WaiverEntry> match = settings.policy().waivers().stream()
                    .filter(w -> w.rules().contains(f.rule()) && w.selector().matches(a, catalog)).findFirst();
            if (match.isEmpty()) {
                // an allow entry that accepts the rule on this listener: expected and approved, for good
                Optional<Waiver> accepted = settings.policy().allow().stream()
                        .filter(e -> e.accepts(f.rule()) && e.selector().matches(a, catalog)).findFirst()
                        .flatMap(Policy.AllowEntry::acceptance);
                out.add(accepted.map(f::withWaiver).orElse(f));
                continue;
            }
            Waiver w = match.get().waiver();
            if (!w.expiredOn(today)) {
                out.add(f.withWaiver(w));
                continue;
            }
            out.add(f);
            if (config.enabled(RuleSpecs.WAIVER_EXPIRED) && expiredSaid.add(new ExpiredWaiver(w.source(), f.listener().key()))) {
                out.add(new Finding(RuleSpecs.WAIVER_EXPIRED, config.severity(RuleSpecs.WAIVER_EXPIRED), f.listener(),
                        "the waiver at " + w.source() + " for " + f.rule() + " on " + f.listener().endpoint()
                                + " (owner " + w.owner() + ", reason: " + w.reason() + ") expired on " + w.expires().orElseThrow()
                                + "; its findings count again",
                        "Fix what the waiver covered, or renew it with a new expiry date if the exception still holds.",
                        f.entries()).withSource(w.source()));
            }
        }
        return out;
    }

    /** A waiver that expired, said once per socket however many of its findings count again. */
    private record ExpiredWaiver(String source, SocketKey socket) {
    }
}
