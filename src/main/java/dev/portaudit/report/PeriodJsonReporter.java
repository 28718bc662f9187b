package dev.portaudit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.PeriodReport;
import dev.portaudit.model.PeriodReport.PeriodFinding;
import dev.portaudit.model.PeriodReport.PeriodListener;
import dev.portaudit.model.Tracked.TrackedListener;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/** A period report as JSON ({@code portaudit-period-report/1}), for the tools that file or chart them. */
final class PeriodJsonReporter {

    private PeriodJsonReporter() {
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
        ArrayNode listeners = n.putArray("listeners");
        for (PeriodListener p : r.listeners()) {
            ObjectNode l = listeners.addObject();
            l.setAll(listener(p.listener()));
            l.put("openedAt", p.openedAt().map(Instant::toString).orElse(null));
            l.put("closedAt", p.closedAt().map(Instant::toString).orElse(null));
        }
        ArrayNode changes = n.putArray("changes");
        for (JournalEvent e : r.changes()) {
            ObjectNode c = changes.addObject();
            c.put("event", e.type().id());
            c.put("time", e.time().toString());
            c.put("seq", e.seq());
            c.set("listener", listener(e.listener()));
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
            n.set("listener", listener(f.listener()));
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

    /**
     * A listener as the agent tracks it: identity, address and owner ({@code null} when unseen), in the
     * same shape as the agent's journal writes it, so one reader takes both.
     */
    static ObjectNode listener(TrackedListener l) {
        ObjectNode n = Json.NODES.objectNode();
        n.put("protocol", l.identity().protocol().id());
        n.put("exposure", l.identity().exposure().id());
        n.put("port", l.identity().port());
        n.put("executable", l.identity().executable());
        n.put("address", l.address());
        if (l.owner().isPresent()) {
            ObjectNode o = n.putObject("owner");
            o.put("pid", l.owner().get().pid());
            o.put("process", l.owner().get().process());
            o.put("user", l.owner().get().user());
        } else {
            n.putNull("owner");
        }
        return n;
    }
}
