package dev.portaudit.report;

import com.github.mustachejava.Mustache;
import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.PeriodReport.PeriodFinding;
import dev.portaudit.model.PeriodReport;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Waiver;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A period report as one HTML page, in the look of the scan report; the template escapes every value. */
public final class PeriodHtmlReporter {

    private static final Mustache HTML = HtmlReporter.compile("period.html.mustache");

    private PeriodHtmlReporter() {
    }

    public static void write(PeriodReport r, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        HTML.execute(w, view(r)).flush();
    }

    static Map<String, Object> view(PeriodReport r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("version", r.toolVersion());
        v.put("host", TerminalText.safe(r.host().isEmpty() ? "this host" : r.host()));
        v.put("since", PeriodText.time(r.since()));
        v.put("until", PeriodText.time(r.until()));
        v.put("generatedAt", PeriodText.time(r.generatedAt()));
        v.put("highest", r.open().stream().filter(f -> f.finding().waiver().isEmpty())
                .map(f -> f.finding().severity()).max(Severity::compareTo).map(Severity::id).orElse("none"));
        v.put("openCount", r.open().size());
        v.put("raisedCount", r.raised().size());
        v.put("resolvedCount", r.resolved().size());
        v.put("listenerCount", r.listeners().size());
        v.put("inventoryCount", r.inventoryCount());
        v.put("inventory", PeriodText.inventory(r).orElse(null));
        v.put("timeline", PeriodTimeline.view(r));
        v.put("openedCount", r.changes().stream().filter(e -> e.type() == JournalEvent.Type.LISTENER_OPENED).count());
        v.put("closedCount", r.changes().stream().filter(e -> e.type() == JournalEvent.Type.LISTENER_CLOSED).count());
        v.put("journal", TerminalText.safe(r.verification().summary()));
        v.put("journalStatus", r.verification().status().id());
        v.put("hasWarnings", !r.warnings().isEmpty());
        v.put("warnings", r.warnings().stream().map(TerminalText::safe).toList());
        List<Map<String, Object>> changes = new ArrayList<>();
        for (JournalEvent e : r.changes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", PeriodText.time(e.time()));
            m.put("event", PeriodText.change(e));
            m.put("pill", e.type() == JournalEvent.Type.LISTENER_OPENED ? "sev-low"
                    : e.type() == JournalEvent.Type.EXPOSURE_CHANGED ? "sev-medium" : "sev-info");
            m.put("endpoint", e.listener().endpoint());
            m.put("exposure", e.listener().identity().exposure().id());
            m.put("owner", TerminalText.safe(PeriodText.owner(e.listener())));
            m.put("executable", TerminalText.safe(e.listener().identity().executable()));
            changes.add(m);
        }
        v.put("changes", changes);
        v.put("hasChanges", !changes.isEmpty());
        v.put("open", r.open().stream().map(f -> {
            Map<String, Object> m = finding(f);
            m.put("since", f.inventory() ? "found " + PeriodText.raised(f, "")
                    : f.raisedAt().map(i -> "raised " + PeriodText.time(i)).orElse("open since before the period"));
            return m;
        }).toList());
        v.put("soonDays", PeriodReport.SOON_DAYS);
        v.put("expiring", r.expiringSoon().stream().map(f -> {
            Map<String, Object> m = finding(f);
            m.put("expires", f.finding().waiver().flatMap(Waiver::expires).orElseThrow().toString());
            m.put("owner", TerminalText.safe(f.finding().waiver().orElseThrow().owner()));
            m.put("reason", TerminalText.safe(f.finding().waiver().orElseThrow().reason()));
            return m;
        }).toList());
        v.put("hasExpiring", !r.expiringSoon().isEmpty());
        List<Map<String, Object>> findingChanges = new ArrayList<>();
        List<PeriodFinding> both = new ArrayList<>(r.resolved());
        r.raised().stream().filter(f -> r.resolved().stream().noneMatch(x -> x.finding().fingerprint()
                .equals(f.finding().fingerprint()) && x.raisedAt().equals(f.raisedAt()))).forEach(both::add);
        both.sort(Comparator.comparing(f -> f.raisedAt().or(f::resolvedAt).orElse(Instant.MIN)));
        for (PeriodFinding f : both) {
            Map<String, Object> m = finding(f);
            m.put("raised", PeriodText.raised(f, "before"));
            m.put("resolved", PeriodText.time(f.resolvedAt(), "still open"));
            findingChanges.add(m);
        }
        v.put("findingChanges", findingChanges);
        v.put("hasFindingChanges", !findingChanges.isEmpty());
        v.put("listeners", r.listeners().stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("endpoint", p.listener().endpoint());
            m.put("exposure", p.listener().identity().exposure().id());
            m.put("owner", TerminalText.safe(PeriodText.owner(p.listener())));
            m.put("executable", TerminalText.safe(p.listener().identity().executable()));
            m.put("opened", PeriodText.opened(p));
            m.put("closed", PeriodText.time(p.closedAt(), "still open"));
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
        m.put("message", TerminalText.safe(f.finding().message()));
        m.put("waived", f.finding().waiver().isPresent());
        m.put("waiver", f.finding().waiver().map(HtmlReporter::waiver).orElse(null));
        return m;
    }

}
