package dev.portaudit.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portaudit.model.Checkpoint;
import dev.portaudit.model.ComplianceReport;
import dev.portaudit.model.ComplianceReport.ControlResult;
import dev.portaudit.model.ComplianceReport.Evidence;
import dev.portaudit.model.ComplianceReport.Justification;
import dev.portaudit.model.ComplianceReport.ListenerEvidence;
import dev.portaudit.model.ComplianceReport.Status;
import dev.portaudit.model.PeriodReport.PeriodFinding;
import dev.portaudit.model.Waiver;
import dev.portaudit.report.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A compliance report as JSON ({@code portaudit-compliance-report/1}): every control with its status
 * and evidence, the waivers, the measures and what the report rests on. Listeners are written by the
 * journal's codec, as in a period report.
 */
final class ComplianceJson {

    static final String SCHEMA = "portaudit-compliance-report/1";

    private ComplianceJson() {
    }

    static void write(ComplianceReport r, OutputStream out) throws IOException {
        Json.write(json(r), out);
    }

    static ObjectNode json(ComplianceReport r) {
        ObjectNode n = Json.NODES.objectNode();
        n.put("schema", SCHEMA);
        n.put("toolVersion", r.toolVersion());
        n.put("generatedAt", r.generatedAt().toString());
        n.put("host", r.host());
        n.put("since", r.since().toString());
        n.put("until", r.until().toString());
        ObjectNode fw = n.putObject("framework");
        fw.put("id", r.framework().id());
        fw.put("title", r.framework().title());
        fw.put("version", r.framework().version());
        ObjectNode summary = n.putObject("summary");
        summary.put("met", r.count(Status.MET));
        summary.put("notMet", r.count(Status.NOT_MET));
        summary.put("notEvaluated", r.count(Status.NOT_EVALUATED));
        ArrayNode controls = n.putArray("controls");
        for (ControlResult c : r.controls()) {
            ObjectNode o = controls.addObject();
            o.put("id", c.control().id());
            o.put("key", c.control().key());
            o.put("title", c.control().title());
            o.put("status", c.status().id());
            o.put("reason", c.reason());
            ArrayNode rules = o.putArray("rules");
            c.control().rules().forEach(rules::add);
            ArrayNode requires = o.putArray("requires");
            c.control().requires().forEach(requires::add);
            ArrayNode ports = o.putArray("ports");
            c.control().ports().stream().sorted().forEach(ports::add);
            ArrayNode findings = o.putArray("findings");
            for (Evidence e : c.findings()) {
                ObjectNode f = finding(findings.addObject(), e.finding());
                f.put("violates", e.violates());
                f.put("verdict", e.verdict());
            }
            ArrayNode listeners = o.putArray("listeners");
            for (ListenerEvidence e : c.listeners()) {
                ObjectNode l = listeners.addObject();
                l.set("listener", JournalCodec.listener(e.listener().listener()));
                l.put("openedAt", time(e.listener().openedAt()));
                l.put("closedAt", time(e.listener().closedAt()));
                l.put("violates", e.violates());
                l.put("verdict", e.verdict());
            }
        }
        ArrayNode waivers = n.putArray("waivers");
        for (Justification j : r.waivers()) {
            ObjectNode w = waivers.addObject();
            w.put("rule", j.finding().finding().rule());
            w.put("fingerprint", j.finding().finding().fingerprint());
            w.set("listener", JournalCodec.listener(j.finding().listener()));
            waiver(w, j.waiver());
            w.put("state", j.state());
            w.put("expiredOn", j.expiredOn().map(LocalDate::toString).orElse(null));
        }
        ObjectNode m = n.putObject("measures");
        m.put("servicesFound", r.measures().found());
        m.put("approved", r.measures().judged() ? r.measures().approved() : null);
        m.put("unnecessary", r.measures().judged() ? r.measures().unnecessary() : null);
        m.put("judged", r.measures().judged());
        n.set("basis", basis(r.basis()));
        ArrayNode warnings = n.putArray("warnings");
        r.warnings().forEach(warnings::add);
        return n;
    }

    private static ObjectNode basis(ComplianceReport.Basis b) {
        ObjectNode n = Json.NODES.objectNode();
        n.put("toolVersion", b.toolVersion());
        ArrayNode table = n.putArray("portTable");
        for (ComplianceReport.TableSource s : b.portTable()) {
            table.addObject().put("source", s.id()).put("title", s.title()).put("date", s.date())
                    .put("sha256", s.sha256());
        }
        ArrayNode inputs = n.putArray("inputs");
        for (Checkpoint.Input i : b.inputs()) {
            inputs.addObject().put("kind", i.kind()).put("file", i.file()).put("sha256", i.sha256());
        }
        ArrayNode versions = n.putArray("agentVersions");
        b.agentVersions().forEach(versions::add);
        ArrayNode rules = n.putArray("rulesEvaluated");
        b.rulesEvaluated().forEach(rules::add);
        n.put("checkpoints", b.checkpoints());
        n.put("watchedFrom", time(b.watchedFrom()));
        n.put("watchedUntil", time(b.watchedUntil()));
        ArrayNode gaps = n.putArray("gaps");
        b.gaps().forEach(g -> gaps.addObject().put("from", g.from().toString()).put("until", g.until().toString()));
        n.set("journal", JournalVerifier.json(b.verification()));
        return n;
    }

    private static ObjectNode finding(ObjectNode n, PeriodFinding f) {
        n.put("rule", f.finding().rule());
        n.put("severity", f.finding().severity().id());
        n.put("fingerprint", f.finding().fingerprint());
        n.put("message", f.finding().message());
        n.set("listener", JournalCodec.listener(f.listener()));
        n.put("raisedAt", time(f.raisedAt()));
        n.put("resolvedAt", time(f.resolvedAt()));
        if (f.finding().waiver().isPresent()) {
            waiver(n.putObject("waiver"), f.finding().waiver().get());
        } else {
            n.putNull("waiver");
        }
        return n;
    }

    private static void waiver(ObjectNode w, Waiver v) {
        w.put("reason", v.reason());
        w.put("owner", v.owner());
        w.put("expires", v.expires().map(LocalDate::toString).orElse(null));
        w.put("source", v.source());
    }

    private static String time(Optional<Instant> t) {
        return t.map(Instant::toString).orElse(null);
    }
}
