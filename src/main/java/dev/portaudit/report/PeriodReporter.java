package dev.portaudit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.mustachejava.Mustache;
import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.PeriodReport;
import dev.portaudit.model.PeriodReport.PeriodFinding;
import dev.portaudit.model.PeriodReport.PeriodListener;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Tracked.Owner;
import dev.portaudit.model.Tracked.TrackedListener;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Renders a period report as HTML (in the look of the scan report), Markdown or JSON. */
public final class PeriodReporter {

    public static final List<ReportFormat> FORMATS = List.of(ReportFormat.HTML, ReportFormat.MARKDOWN,
            ReportFormat.JSON);
    private static final Mustache HTML = HtmlReporter.compile("period.html.mustache");

    private PeriodReporter() {
    }

    public static void write(PeriodReport r, ReportFormat format, OutputStream out) throws IOException {
        switch (format) {
            case HTML -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                HTML.execute(w, view(r)).flush();
            }
            case MARKDOWN -> markdown(r, out);
            case JSON -> Json.write(json(r), out);
            default -> throw new IllegalArgumentException("a period report is html, markdown or json, not "
                    + format.id());
        }
    }

    private static String t(Optional<Instant> at, String otherwise) {
        return at.map(i -> i.truncatedTo(ChronoUnit.SECONDS).toString()).orElse(otherwise);
    }

    private static String owner(TrackedListener l) {
        return l.owner().map(PeriodReporter::owner).orElse("not seen");
    }

    private static String owner(Owner o) {
        return HtmlReporter.s(o.process().isEmpty() ? "process" : o.process()) + " (pid " + o.pid()
                + (o.user().isEmpty() ? "" : ", " + HtmlReporter.s(o.user())) + ")";
    }

    static Map<String, Object> view(PeriodReport r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("version", r.toolVersion());
        v.put("host", HtmlReporter.s(r.host().isEmpty() ? "this host" : r.host()));
        v.put("since", r.since().toString());
        v.put("until", r.until().toString());
        v.put("generatedAt", r.generatedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        v.put("highest", r.open().stream().filter(f -> f.finding().waiver().isEmpty())
                .map(f -> f.finding().severity()).max(Severity::compareTo).map(Severity::id).orElse("none"));
        v.put("openCount", r.open().size());
        v.put("raisedCount", r.raised().size());
        v.put("resolvedCount", r.resolved().size());
        v.put("listenerCount", r.listeners().size());
        v.put("openedCount", r.changes().stream().filter(e -> e.type() == JournalEvent.Type.LISTENER_OPENED).count());
        v.put("closedCount", r.changes().stream().filter(e -> e.type() == JournalEvent.Type.LISTENER_CLOSED).count());
        v.put("hasWarnings", !r.warnings().isEmpty());
        v.put("warnings", r.warnings().stream().map(HtmlReporter::s).toList());
        List<Map<String, Object>> changes = new ArrayList<>();
        for (JournalEvent e : r.changes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", e.time().truncatedTo(ChronoUnit.SECONDS).toString());
            m.put("event", e.type() == JournalEvent.Type.LISTENER_OPENED ? "opened" : "closed");
            m.put("pill", e.type() == JournalEvent.Type.LISTENER_OPENED ? "sev-low" : "sev-info");
            m.put("endpoint", e.listener().endpoint());
            m.put("exposure", e.listener().identity().exposure().id());
            m.put("owner", owner(e.listener()));
            m.put("executable", HtmlReporter.s(e.listener().identity().executable()));
            changes.add(m);
        }
        v.put("changes", changes);
        v.put("hasChanges", !changes.isEmpty());
        v.put("open", r.open().stream().map(f -> {
            Map<String, Object> m = finding(f);
            m.put("since", f.raisedAt().map(i -> "raised " + i.truncatedTo(ChronoUnit.SECONDS))
                    .orElse("open since before the period"));
            return m;
        }).toList());
        v.put("soonDays", PeriodReport.SOON_DAYS);
        v.put("expiring", r.expiringSoon().stream().map(f -> {
            Map<String, Object> m = finding(f);
            m.put("expires", f.finding().waiver().orElseThrow().expires().toString());
            m.put("owner", HtmlReporter.s(f.finding().waiver().orElseThrow().owner()));
            m.put("reason", HtmlReporter.s(f.finding().waiver().orElseThrow().reason()));
            return m;
        }).toList());
        v.put("hasExpiring", !r.expiringSoon().isEmpty());
        List<Map<String, Object>> findingChanges = new ArrayList<>();
        List<PeriodFinding> both = new ArrayList<>(r.resolved());
        r.raised().stream().filter(f -> r.resolved().stream().noneMatch(x -> x.finding().fingerprint()
                .equals(f.finding().fingerprint()) && x.raisedAt().equals(f.raisedAt()))).forEach(both::add);
        both.sort(java.util.Comparator.comparing(f -> f.raisedAt().or(f::resolvedAt).orElse(Instant.MIN)));
        for (PeriodFinding f : both) {
            Map<String, Object> m = finding(f);
            m.put("raised", t(f.raisedAt(), "before"));
            m.put("resolved", t(f.resolvedAt(), "still open"));
            findingChanges.add(m);
        }
        v.put("findingChanges", findingChanges);
        v.put("hasFindingChanges", !findingChanges.isEmpty());
        v.put("listeners", r.listeners().stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("endpoint", p.listener().endpoint());
            m.put("exposure", p.listener().identity().exposure().id());
            m.put("owner", owner(p.listener()));
            m.put("executable", HtmlReporter.s(p.listener().identity().executable()));
            m.put("opened", t(p.openedAt(), "before"));
            m.put("closed", t(p.closedAt(), "still open"));
            return m;
        }).toList());
        v.put("hasListeners", !r.listeners().isEmpty());
        return v;
    }

    private static Map<String, Object> finding(PeriodFinding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("severity", f.finding().severity().id());
        m.put("rule", f.finding().rule());
        m.put("endpoint", f.listener().endpoint());
        m.put("message", HtmlReporter.s(f.finding().message()));
        m.put("waived", f.finding().waiver().isPresent());
        m.put("waiver", f.finding().waiver().map(w -> Map.of("expires", w.expires().toString(),
                "owner", HtmlReporter.s(w.owner()), "reason", HtmlReporter.s(w.reason()))).orElse(null));
        return m;
    }

    private static void markdown(PeriodReport r, OutputStream out) throws IOException {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), false);
        String host = MarkdownReporter.text(r.host().isEmpty() ? "this host" : r.host());
        w.println("## portaudit: port activity of " + host);
        w.println();
        w.println(r.since() + " to " + r.until() + ", from the agent's journal. " + r.listeners().size()
                + " listeners in the period, " + r.changes().size() + " changes, " + r.raised().size() + " findings "
                + "raised, " + r.resolved().size() + " resolved, **" + r.open().size() + " open** at the end.");
        if (!r.warnings().isEmpty()) {
            w.println();
            w.println("> **Journal problems:** " + r.warnings().size() + " line(s) could not be read.");
        }
        w.println();
        w.println("### Changes");
        w.println();
        if (r.changes().isEmpty()) {
            w.println("Nothing opened or closed in the period.");
        } else {
            w.println("| time | change | listener | exposure | owner | executable |");
            w.println("|---|---|---|---|---|---|");
            for (JournalEvent e : r.changes()) {
                w.println("| " + e.time().truncatedTo(ChronoUnit.SECONDS) + " | "
                        + (e.type() == JournalEvent.Type.LISTENER_OPENED ? "opened" : "closed") + " | "
                        + MarkdownReporter.code(e.listener().endpoint()) + " | " + e.listener().identity().exposure().id()
                        + " | " + MarkdownReporter.text(owner(e.listener())) + " | "
                        + MarkdownReporter.code(e.listener().identity().executable()) + " |");
            }
        }
        w.println();
        w.println("### Findings still open");
        w.println();
        if (r.open().isEmpty()) {
            w.println("No finding is open at the end of the period.");
        } else {
            w.println("| severity | rule | listener | since | finding |");
            w.println("|---|---|---|---|---|");
            for (PeriodFinding f : r.open()) {
                w.println("| **" + f.finding().severity().id() + "**" + (f.finding().waiver().isPresent() ? " (waived)"
                        : "") + " | `" + f.finding().rule() + "` | " + MarkdownReporter.code(f.listener().endpoint())
                        + " | " + t(f.raisedAt(), "before the period") + " | "
                        + MarkdownReporter.text(f.finding().message()) + " |");
            }
        }
        w.println();
        w.println("### Waivers expiring soon");
        w.println();
        if (r.expiringSoon().isEmpty()) {
            w.println("No waiver of an open finding expires within " + PeriodReport.SOON_DAYS + " days.");
        } else {
            for (PeriodFinding f : r.expiringSoon()) {
                var wv = f.finding().waiver().orElseThrow();
                w.println("- " + wv.expires() + ": `" + f.finding().rule() + "` on "
                        + MarkdownReporter.code(f.listener().endpoint()) + ", owner " + MarkdownReporter.text(wv.owner())
                        + ": " + MarkdownReporter.text(wv.reason()));
            }
        }
        w.println();
        w.println("### Findings raised and resolved");
        w.println();
        if (r.raised().isEmpty() && r.resolved().isEmpty()) {
            w.println("No finding was raised or resolved in the period.");
        } else {
            w.println("| raised | resolved | severity | rule | listener |");
            w.println("|---|---|---|---|---|");
            for (PeriodFinding f : r.raised()) {
                Optional<PeriodFinding> done = r.resolved().stream().filter(x -> x.finding().fingerprint()
                        .equals(f.finding().fingerprint()) && x.raisedAt().equals(f.raisedAt())).findFirst();
                w.println("| " + t(f.raisedAt(), "before") + " | " + t(done.flatMap(PeriodFinding::resolvedAt),
                        "still open") + " | " + f.finding().severity().id() + " | `" + f.finding().rule() + "` | "
                        + MarkdownReporter.code(f.listener().endpoint()) + " |");
            }
            for (PeriodFinding f : r.resolved()) {
                if (f.raisedAt().isEmpty()) {
                    w.println("| before | " + t(f.resolvedAt(), "") + " | " + f.finding().severity().id() + " | `"
                            + f.finding().rule() + "` | " + MarkdownReporter.code(f.listener().endpoint()) + " |");
                }
            }
        }
        w.println();
        w.println("### Listeners in the period");
        w.println();
        if (r.listeners().isEmpty()) {
            w.println("Nothing listened in the period.");
        } else {
            w.println("| listener | exposure | owner | executable | opened | closed |");
            w.println("|---|---|---|---|---|---|");
            for (PeriodListener p : r.listeners()) {
                w.println("| " + MarkdownReporter.code(p.listener().endpoint()) + " | "
                        + p.listener().identity().exposure().id() + " | " + MarkdownReporter.text(owner(p.listener()))
                        + " | " + MarkdownReporter.code(p.listener().identity().executable()) + " | "
                        + t(p.openedAt(), "before") + " | " + t(p.closedAt(), "still open") + " |");
            }
        }
        w.flush();
        if (w.checkError()) {
            throw new IOException("the report could not be written in full");
        }
    }

    static ObjectNode json(PeriodReport r) {
        ObjectNode n = Json.NODES.objectNode();
        n.put("schema", "portaudit-period-report/1");
        n.put("toolVersion", r.toolVersion());
        n.put("generatedAt", r.generatedAt().toString());
        n.put("host", r.host());
        n.put("since", r.since().toString());
        n.put("until", r.until().toString());
        ArrayNode listeners = n.putArray("listeners");
        for (PeriodListener p : r.listeners()) {
            ObjectNode l = listeners.addObject();
            l.setAll(Json.trackedListener(p.listener()));
            l.put("openedAt", p.openedAt().map(Instant::toString).orElse(null));
            l.put("closedAt", p.closedAt().map(Instant::toString).orElse(null));
        }
        ArrayNode changes = n.putArray("changes");
        for (JournalEvent e : r.changes()) {
            ObjectNode c = changes.addObject();
            c.put("event", e.type().id());
            c.put("time", e.time().toString());
            c.put("seq", e.seq());
            c.set("listener", Json.trackedListener(e.listener()));
        }
        n.set("raised", findings(r.raised()));
        n.set("resolved", findings(r.resolved()));
        n.set("open", findings(r.open()));
        n.set("waiversExpiringSoon", findings(r.expiringSoon()));
        ArrayNode warnings = n.putArray("warnings");
        r.warnings().forEach(warnings::add);
        return n;
    }

    private static ArrayNode findings(List<PeriodFinding> list) {
        ArrayNode a = Json.NODES.arrayNode();
        for (PeriodFinding f : list) {
            ObjectNode n = a.addObject();
            n.put("rule", f.finding().rule());
            n.put("severity", f.finding().severity().id());
            n.put("fingerprint", f.finding().fingerprint());
            n.put("message", f.finding().message());
            n.set("listener", Json.trackedListener(f.listener()));
            n.put("raisedAt", f.raisedAt().map(Instant::toString).orElse(null));
            n.put("resolvedAt", f.resolvedAt().map(Instant::toString).orElse(null));
            if (f.finding().waiver().isPresent()) {
                ObjectNode w = n.putObject("waiver");
                w.put("reason", f.finding().waiver().get().reason());
                w.put("owner", f.finding().waiver().get().owner());
                w.put("expires", f.finding().waiver().get().expires().toString());
            } else {
                n.putNull("waiver");
            }
        }
        return a;
    }
}
