package dev.portaudit.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.PeriodReport.PeriodFinding;
import dev.portaudit.model.PeriodReport.PeriodListener;
import dev.portaudit.model.PeriodReport;
import dev.portaudit.report.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A period report as JSON ({@code portaudit-period-report/1}), for the tools that file or chart them;
 * its listeners are written by the journal's codec, so one reader takes both.
 */
final class PeriodJson {

    private PeriodJson() {
    }

    static void write(PeriodReport r, OutputStream out) throws IOException {
        Json.write(json(r), out);
    }

    static ObjectNode json(PeriodReport r) {
        ObjectNode n = Json.NODES.objectNode();
        n.put("schema", "portaudit-period-report/1");
        n.put("toolVersion", r.toolVersion());
        n.put("generatedAt", r.generatedAt().toString());
        n.put("host", r.host());
        n.put("since", r.since().toString());
        n.put("until", r.until().toString());
        if (r.inventoryAt().isPresent()) {
            ObjectNode inv = n.putObject("inventory");
            inv.put("time", r.inventoryAt().get().toString());
            inv.put("listeners", r.inventoryCount());
        } else {
            n.putNull("inventory");
        }
        ArrayNode listeners = n.putArray("listeners");
        for (PeriodListener p : r.listeners()) {
            ObjectNode l = listeners.addObject();
            l.setAll(JournalCodec.listener(p.listener()));
            l.put("openedAt", p.openedAt().map(Instant::toString).orElse(null));
            l.put("closedAt", p.closedAt().map(Instant::toString).orElse(null));
            l.put("inventory", p.inventory());
        }
        ArrayNode changes = n.putArray("changes");
        for (JournalEvent e : r.changes()) {
            ObjectNode c = changes.addObject();
            c.put("event", e.type().id());
            c.put("time", e.time().toString());
            c.put("seq", e.seq());
            c.set("listener", JournalCodec.listener(e.listener()));
            if (e.type() == JournalEvent.Type.EXPOSURE_CHANGED) {
                c.put("previousReach", e.previousReach().orElse(null));
            }
        }
        n.set("raised", findings(r.raised()));
        n.set("resolved", findings(r.resolved()));
        n.set("open", findings(r.open()));
        n.set("waiversExpiringSoon", findings(r.expiringSoon()));
        ArrayNode warnings = n.putArray("warnings");
        r.warnings().forEach(warnings::add);
        n.set("journal", JournalVerifier.json(r.verification()));
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
            n.set("listener", JournalCodec.listener(f.listener()));
            n.put("raisedAt", f.raisedAt().map(Instant::toString).orElse(null));
            n.put("resolvedAt", f.resolvedAt().map(Instant::toString).orElse(null));
            n.put("inventory", f.inventory());
            if (f.finding().waiver().isPresent()) {
                ObjectNode w = n.putObject("waiver");
                w.put("reason", f.finding().waiver().get().reason());
                w.put("owner", f.finding().waiver().get().owner());
                w.put("expires", f.finding().waiver().get().expires().map(LocalDate::toString).orElse(null));
            } else {
                n.putNull("waiver");
            }
        }
        return a;
    }
}
