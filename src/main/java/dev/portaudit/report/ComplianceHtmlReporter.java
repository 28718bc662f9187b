package dev.portaudit.report;

import com.github.mustachejava.Mustache;
import dev.portaudit.model.Checkpoint;
import dev.portaudit.model.ComplianceReport;
import dev.portaudit.model.ComplianceReport.ControlResult;
import dev.portaudit.model.ComplianceReport.Evidence;
import dev.portaudit.model.ComplianceReport.Justification;
import dev.portaudit.model.ComplianceReport.ListenerEvidence;
import dev.portaudit.model.ComplianceReport.Status;
import dev.portaudit.model.JournalVerification;
import dev.portaudit.model.Waiver;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compliance report as one HTML page an assessor can read or print: each control's status and
 * evidence, the waivers as business justifications, and what the report rests on. The template
 * escapes every value; the page fetches nothing.
 */
public final class ComplianceHtmlReporter {

    private static final Mustache HTML = HtmlReporter.compile("compliance.html.mustache");

    private ComplianceHtmlReporter() {
    }

    public static void write(ComplianceReport r, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        HTML.execute(w, view(r)).flush();
    }

    static Map<String, Object> view(ComplianceReport r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("version", r.toolVersion());
        v.put("host", TerminalText.safe(r.host().isEmpty() ? "this host" : r.host()));
        v.put("framework", TerminalText.safe(r.framework().title()));
        v.put("frameworkVersion", TerminalText.safe(r.framework().version()));
        v.put("frameworkId", r.framework().id());
        v.put("since", PeriodText.time(r.since()));
        v.put("until", PeriodText.time(r.until()));
        v.put("generatedAt", PeriodText.time(r.generatedAt()));
        v.put("met", r.count(Status.MET));
        v.put("notMet", r.count(Status.NOT_MET));
        v.put("notEvaluated", r.count(Status.NOT_EVALUATED));
        v.put("verdict", r.count(Status.NOT_MET) > 0 ? "high" : r.count(Status.NOT_EVALUATED) > 0 ? "medium" : "none");
        List<Map<String, Object>> controls = new ArrayList<>();
        for (ControlResult c : r.controls()) {
            controls.add(control(c));
        }
        v.put("controls", controls);
        List<Map<String, Object>> waivers = new ArrayList<>();
        for (Justification j : r.waivers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            Waiver w = j.waiver();
            m.put("rule", j.finding().finding().rule());
            m.put("endpoint", j.finding().listener().endpoint());
            m.put("owner", TerminalText.safe(w.owner().isEmpty() ? "(none named)" : w.owner()));
            m.put("noOwner", w.owner().isEmpty());
            m.put("reason", TerminalText.safe(w.reason()));
            m.put("expires", w.expires().map(LocalDate::toString).orElse("no expiry (allow entry)"));
            m.put("state", j.state() + j.expiredOn().map(d -> " on " + d).orElse(""));
            m.put("pill", switch (j.state()) {
                case "expired" -> "sev-high";
                case "expiring" -> "sev-medium";
                default -> "sev-none";
            });
            m.put("source", TerminalText.safe(w.source()));
            waivers.add(m);
        }
        v.put("waivers", waivers);
        v.put("hasWaivers", !waivers.isEmpty());
        v.put("found", r.measures().found());
        v.put("judged", r.measures().judged());
        v.put("approved", r.measures().approved());
        v.put("unnecessary", r.measures().unnecessary());
        v.put("basis", basis(r.basis()));
        v.put("hasWarnings", !r.warnings().isEmpty());
        v.put("warnings", r.warnings().stream().map(TerminalText::safe).toList());
        return v;
    }

    private static Map<String, Object> control(ControlResult c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", TerminalText.safe(c.control().id()));
        m.put("title", TerminalText.safe(c.control().title()));
        m.put("status", c.status().id());
        m.put("pill", switch (c.status()) {
            case MET -> "sev-none";
            case NOT_MET -> "sev-high";
            case NOT_EVALUATED -> "sev-info";
        });
        m.put("reason", TerminalText.safe(c.reason()));
        m.put("rules", String.join(", ", c.control().rules()));
        m.put("about", c.control().ports().isEmpty() ? null : String.join(", ",
                c.control().services().isEmpty() ? c.control().ports().stream().sorted().toList() : c.control().services()));
        List<Map<String, Object>> evidence = new ArrayList<>();
        for (Evidence e : c.findings()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("violates", e.violates());
            f.put("severity", e.finding().finding().severity().id());
            f.put("rule", e.finding().finding().rule());
            f.put("endpoint", e.finding().listener().endpoint());
            f.put("message", TerminalText.safe(e.finding().finding().message()));
            f.put("raised", PeriodText.time(e.finding().raisedAt(), "before the period"));
            f.put("verdict", TerminalText.safe(e.verdict()));
            evidence.add(f);
        }
        for (ListenerEvidence e : c.listeners()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("violates", e.violates());
            f.put("severity", e.violates() ? "high" : "none");
            f.put("rule", "listener");
            f.put("endpoint", e.listener().listener().endpoint());
            f.put("message", TerminalText.safe(PeriodText.owner(e.listener().listener())));
            f.put("raised", PeriodText.time(e.listener().openedAt(), "before the period"));
            f.put("verdict", TerminalText.safe(e.verdict()));
            evidence.add(f);
        }
        m.put("evidence", evidence);
        m.put("hasEvidence", !evidence.isEmpty());
        return m;
    }

    private static Map<String, Object> basis(ComplianceReport.Basis b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("toolVersion", b.toolVersion());
        m.put("portTable", b.portTable().stream().map(s -> Map.of("title", TerminalText.safe(s.title()),
                "date", s.date(), "sha256", s.sha256())).toList());
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (Checkpoint.Input i : b.inputs()) {
            inputs.add(Map.of("kind", i.kind(), "file", TerminalText.safe(i.file()), "sha256", i.sha256()));
        }
        m.put("inputs", inputs);
        m.put("noInputs", inputs.isEmpty());
        m.put("agentVersions", b.agentVersions().isEmpty() ? "not recorded" : String.join(", ", b.agentVersions()));
        m.put("rules", b.rulesEvaluated().isEmpty() ? "not recorded" : String.join(", ", b.rulesEvaluated()));
        m.put("checkpoints", b.checkpoints());
        m.put("watched", b.watchedFrom().isEmpty() ? "no sign of the agent in the period"
                : PeriodText.time(b.watchedFrom().get()) + " to " + PeriodText.time(b.watchedUntil().orElseThrow()));
        m.put("gaps", b.gaps().stream().map(g -> PeriodText.time(g.from()) + " to " + PeriodText.time(g.until()))
                .toList());
        m.put("hasGaps", !b.gaps().isEmpty());
        JournalVerification v = b.verification();
        m.put("journal", TerminalText.safe(v.summary()));
        m.put("journalPill", switch (v.status()) {
            case VERIFIED -> "sev-none";
            case INTACT, NOT_CHECKED -> "sev-medium";
            case PARTIAL, BROKEN -> "sev-high";
        });
        m.put("journalStatus", v.status().id());
        m.put("journalNotes", v.notes().stream().map(TerminalText::safe).toList());
        return m;
    }
}
