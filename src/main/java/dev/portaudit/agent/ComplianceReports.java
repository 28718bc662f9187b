package dev.portaudit.agent;

import dev.portaudit.model.Checkpoint;
import dev.portaudit.model.ComplianceReport;
import dev.portaudit.model.ComplianceReport.Basis;
import dev.portaudit.model.ComplianceReport.ControlResult;
import dev.portaudit.model.ComplianceReport.Evidence;
import dev.portaudit.model.ComplianceReport.Gap;
import dev.portaudit.model.ComplianceReport.Justification;
import dev.portaudit.model.ComplianceReport.ListenerEvidence;
import dev.portaudit.model.ComplianceReport.Measures;
import dev.portaudit.model.ComplianceReport.Status;
import dev.portaudit.model.ComplianceReport.TableSource;
import dev.portaudit.model.ControlMap;
import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.JournalVerification;
import dev.portaudit.model.ListenerIdentity;
import dev.portaudit.model.PeriodReport;
import dev.portaudit.model.PeriodReport.PeriodFinding;
import dev.portaudit.model.PeriodReport.PeriodListener;
import dev.portaudit.model.Tracked.TrackedListener;
import dev.portaudit.model.Waiver;
import dev.portaudit.report.ComplianceHtmlReporter;
import dev.portaudit.report.ReportFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Judges a framework's controls over a period from the journal: the period's listeners and findings
 * (replayed as for a period report), the rules and files the agent's checkpoints say it judged by,
 * and whether the journal verified.
 */
public final class ComplianceReports {

    /** The formats a compliance report is written in: HTML for people (and paper), JSON for tools. */
    public static final List<ReportFormat> FORMATS = List.of(ReportFormat.HTML, ReportFormat.JSON);
    /** Twice the agent's checkpoint cadence: a longer silence means it was not watching. */
    static final Duration GAP = Agent.CHECKPOINT_EVERY.multipliedBy(2);
    // the rule ids of the policy's verdicts on a listener (the agent package reads them as data)
    private static final String UNEXPECTED = "unexpected-listener";
    private static final String REACHABLE = "reachable-from-anywhere";
    private static final Set<String> DISAPPROVAL = Set.of(UNEXPECTED, "denied-listener");

    /**
     * What a compliance report is built from besides the journal.
     *
     * @param framework    the framework to judge
     * @param verification whether the journal verified
     * @param table        the port table's sources
     * @param toolVersion  portaudit's version
     */
    public record Request(ControlMap.Framework framework, JournalVerification verification, List<TableSource> table,
            String toolVersion) {
    }

    private ComplianceReports() {
    }

    public static void write(ComplianceReport r, ReportFormat format, OutputStream out) throws IOException {
        switch (format) {
            case HTML -> ComplianceHtmlReporter.write(r, out);
            case JSON -> ComplianceJson.write(r, out);
            default -> throw new IllegalArgumentException("a compliance report is html or json, not " + format.id());
        }
    }

    public static ComplianceReport build(JournalReader.Result all, Request req, Instant since, Instant until,
            Instant generatedAt) {
        PeriodReport p = PeriodReports.build(all.events(), all.warnings(), since, until, req.toolVersion(),
                generatedAt);
        // the checkpoint in force when the period began, and those written during it
        List<Checkpoint> inForce = new ArrayList<>();
        Checkpoint before = null;
        for (Checkpoint c : all.checkpoints()) {
            if (c.time().isBefore(since)) {
                before = c;
            } else if (c.time().isBefore(until)) {
                inForce.add(c);
            }
        }
        if (before != null) {
            inForce.add(0, before);
        }
        boolean rulesKnown = !inForce.isEmpty();
        Set<String> evaluated = new LinkedHashSet<>(rulesKnown ? inForce.get(0).rules() : List.of());
        inForce.forEach(c -> evaluated.retainAll(c.rules()));
        List<Instant> signs = signs(all, before, since, until);
        Instant end = until.isAfter(generatedAt) ? generatedAt : until;
        List<PeriodFinding> findings = new ArrayList<>(p.resolved());
        findings.addAll(p.open());
        // in the order they arose: those open before the period first
        findings.sort(Comparator.comparing((PeriodFinding f) -> f.raisedAt().orElse(Instant.MIN))
                .thenComparing(PeriodFinding::listener, TrackedListener.ORDER)
                .thenComparing(f -> f.finding().rule()));
        Context ctx = new Context(since, end, until, rulesKnown, evaluated, findings);
        List<ControlResult> controls = new ArrayList<>();
        for (ControlMap.Control c : req.framework().controls()) {
            controls.add(judge(c, ctx, p, !signs.isEmpty()));
        }
        Set<String> inputKeys = new HashSet<>();
        List<Checkpoint.Input> inputs = new ArrayList<>();
        Set<String> versions = new LinkedHashSet<>();
        for (Checkpoint c : inForce) {
            c.inputs().stream().filter(i -> inputKeys.add(i.kind() + "\0" + i.file() + "\0" + i.sha256()))
                    .forEach(inputs::add);
            versions.add(c.tool());
        }
        Basis basis = new Basis(req.toolVersion(), req.table(), inputs, List.copyOf(versions),
                List.copyOf(evaluated), (int) inForce.stream().filter(c -> !c.time().isBefore(since)).count(),
                signs.isEmpty() ? Optional.empty() : Optional.of(signs.get(0)),
                signs.isEmpty() ? Optional.empty() : Optional.of(signs.get(signs.size() - 1)),
                all.checkpoints().isEmpty() ? List.of() : gaps(signs, since, end), req.verification());
        return new ComplianceReport(req.toolVersion(), generatedAt, p.host(), since, until, req.framework(), controls,
                justifications(findings, ctx), measures(p, ctx), basis, all.warnings());
    }

    /** The period, and what is known of it. */
    private record Context(Instant since, Instant end, Instant until, boolean rulesKnown, Set<String> evaluated,
            List<PeriodFinding> findings) {
    }

    /** When the agent showed it was watching: checkpoints and events in the period (one just before counts from the start). */
    private static List<Instant> signs(JournalReader.Result all, Checkpoint before, Instant since, Instant until) {
        List<Instant> out = new ArrayList<>();
        if (before != null && !before.time().plus(GAP).isBefore(since)) {
            out.add(since);
        }
        all.checkpoints().stream().map(Checkpoint::time).filter(t -> !t.isBefore(since) && t.isBefore(until))
                .forEach(out::add);
        all.events().stream().map(JournalEvent::time).filter(t -> !t.isBefore(since) && t.isBefore(until))
                .forEach(out::add);
        out.sort(null);
        return out;
    }

    private static List<Gap> gaps(List<Instant> signs, Instant since, Instant end) {
        List<Gap> out = new ArrayList<>();
        Instant last = since;
        for (Instant t : signs) {
            if (Duration.between(last, t).compareTo(GAP) > 0) {
                out.add(new Gap(last, t));
            }
            last = t.isAfter(last) ? t : last;
        }
        if (Duration.between(last, end).compareTo(GAP) > 0) {
            out.add(new Gap(last, end));
        }
        return out;
    }

    private static ControlResult judge(ControlMap.Control c, Context ctx, PeriodReport p, boolean watched) {
        List<Evidence> evidence = new ArrayList<>();
        for (PeriodFinding f : ctx.findings()) {
            ListenerIdentity id = f.listener().identity();
            if (c.evidencedBy(f.finding().rule(), id.protocol(), id.port())) {
                evidence.add(evidence(f, ctx));
            }
        }
        List<ListenerEvidence> listeners = new ArrayList<>();
        if (c.absent()) {
            for (PeriodListener l : p.listeners()) {
                ListenerIdentity id = l.listener().identity();
                if (c.about(id.protocol(), id.port())) {
                    listeners.add(presence(l, ctx));
                }
            }
        }
        if (!watched) {
            return new ControlResult(c, Status.NOT_EVALUATED, "no sign of the agent in the period: nothing was scanned",
                    evidence, listeners);
        }
        if (!ctx.rulesKnown() && !c.requires().isEmpty()) {
            return new ControlResult(c, Status.NOT_EVALUATED, "the journal does not record which rules ran (it has "
                    + "no checkpoints); this control needs " + String.join(", ", c.requires()), evidence, listeners);
        }
        List<String> missing = c.requires().stream().filter(r -> !ctx.evaluated().contains(r)).toList();
        if (!missing.isEmpty()) {
            return new ControlResult(c, Status.NOT_EVALUATED, "needs " + String.join(", ", missing)
                    + ", which did not run throughout the period (" + hint(missing) + ")", evidence, listeners);
        }
        long badFindings = evidence.stream().filter(Evidence::violates).count();
        long badListeners = listeners.stream().filter(ListenerEvidence::violates).count();
        if (badFindings + badListeners > 0) {
            List<String> why = new ArrayList<>();
            if (badFindings > 0) {
                why.add(badFindings + (badFindings == 1 ? " finding" : " findings") + " without a valid waiver");
            }
            if (badListeners > 0) {
                why.add(badListeners + (badListeners == 1 ? " listener" : " listeners") + " present and not approved");
            }
            return new ControlResult(c, Status.NOT_MET, String.join("; ", why) + " in the period", evidence, listeners);
        }
        String reason = evidence.isEmpty() && listeners.isEmpty()
                ? (c.absent() ? "nothing listened on " + String.join(", ", c.ports().stream().sorted().toList())
                        : "no finding of " + String.join(", ", c.rules())) + " in the period"
                : "every finding and listener of the period was approved or carried a valid waiver";
        return new ControlResult(c, Status.MET, reason, evidence, listeners);
    }

    private static String hint(List<String> missing) {
        if (missing.contains(UNEXPECTED) || missing.contains(REACHABLE)) {
            return "it runs only when the policy has an allow list"
                    + (missing.contains(REACHABLE) ? ", and the firewall could be read" : "");
        }
        return "disabled in the policy";
    }

    /** The stretch of the period a finding was open in, and whether a waiver covered all of it. */
    private static Evidence evidence(PeriodFinding f, Context ctx) {
        Instant to = f.resolvedAt().orElse(ctx.end());
        String open = f.resolvedAt().map(t -> "raised and resolved (" + t + ")").orElse("open at the end");
        Optional<Waiver> w = f.finding().waiver();
        if (w.isEmpty()) {
            return new Evidence(f, true, "not waived; " + open);
        }
        if (w.get().expires().isEmpty()) {
            return new Evidence(f, false, "accepted by the policy (" + w.get().source() + ")");
        }
        LocalDate d = w.get().expires().get();
        if (lapse(d).isBefore(to)) {
            return new Evidence(f, true, "waiver expired on " + d + " while the finding was open; " + open);
        }
        return new Evidence(f, false, "waived until " + d + (w.get().owner().isEmpty() ? "" : " by " + w.get().owner()));
    }

    /** The first instant a waiver expiring on {@code d} no longer holds: the next day's midnight, UTC. */
    private static Instant lapse(LocalDate d) {
        return d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static ListenerEvidence presence(PeriodListener l, Context ctx) {
        List<Evidence> against = ctx.findings().stream()
                .filter(f -> DISAPPROVAL.contains(f.finding().rule())
                        && f.listener().identity().equals(l.listener().identity()))
                .map(f -> evidence(f, ctx)).toList();
        Optional<Evidence> bad = against.stream().filter(Evidence::violates).findFirst();
        if (bad.isPresent()) {
            return new ListenerEvidence(l, true, "present, not approved: " + bad.get().finding().finding().rule()
                    + " " + bad.get().verdict());
        }
        if (!ctx.rulesKnown()) {
            return new ListenerEvidence(l, true, "present; the journal does not say whether the policy approved it");
        }
        if (!ctx.evaluated().contains(UNEXPECTED) && against.isEmpty()) {
            return new ListenerEvidence(l, true, "present, and no allow list approved it");
        }
        return new ListenerEvidence(l, false, against.isEmpty() ? "present, approved by the policy's allow list"
                : "present; its disapproval is " + against.get(0).verdict());
    }

    private static List<Justification> justifications(List<PeriodFinding> findings, Context ctx) {
        List<Justification> out = new ArrayList<>();
        LocalDate endDay = LocalDate.ofInstant(ctx.until(), ZoneOffset.UTC);
        for (PeriodFinding f : findings) {
            if (f.finding().waiver().isEmpty()) {
                continue;
            }
            Waiver w = f.finding().waiver().get();
            if (w.expires().isEmpty()) {
                out.add(new Justification(f, w, "accepted", Optional.empty()));
                continue;
            }
            LocalDate d = w.expires().get();
            Instant to = f.resolvedAt().orElse(ctx.end());
            if (lapse(d).isBefore(to)) {
                out.add(new Justification(f, w, "expired", Optional.of(d)));
            } else if (!d.isAfter(endDay.plusDays(PeriodReport.SOON_DAYS))) {
                out.add(new Justification(f, w, "expiring", Optional.empty()));
            } else {
                out.add(new Justification(f, w, "valid", Optional.empty()));
            }
        }
        return out;
    }

    private static Measures measures(PeriodReport p, Context ctx) {
        Set<ListenerIdentity> found = new LinkedHashSet<>();
        p.listeners().forEach(l -> found.add(l.listener().identity()));
        boolean judged = ctx.rulesKnown() && ctx.evaluated().contains(UNEXPECTED);
        Set<ListenerIdentity> unnecessary = new HashSet<>();
        for (PeriodFinding f : ctx.findings()) {
            if (DISAPPROVAL.contains(f.finding().rule()) && evidence(f, ctx).violates()) {
                unnecessary.add(f.listener().identity());
            }
        }
        unnecessary.retainAll(found);
        return new Measures(found.size(), judged ? found.size() - unnecessary.size() : 0,
                judged ? unnecessary.size() : 0, judged);
    }
}
