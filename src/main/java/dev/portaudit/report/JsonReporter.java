package dev.portaudit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.Finding;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Report;
import dev.portaudit.model.Summary;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable report, schema version {@value Report#SCHEMA_VERSION}; its fields are
 * documented in the README ("JSON report") and in {@code docs/report.schema.json}.
 */
public final class JsonReporter implements Reporter {

    @Override
    public void write(Report report, OutputStream out) throws IOException {
        Json.write(toJson(report), out);
    }

    public static ObjectNode toJson(Report r) {
        ObjectNode root = Json.NODES.objectNode();
        root.put("schemaVersion", r.schemaVersion());
        ObjectNode tool = root.putObject("tool");
        tool.put("name", "portaudit");
        tool.put("version", r.toolVersion());
        root.put("generatedAt", r.generatedAt().toString());
        root.put("durationMs", r.durationMillis());
        root.set("host", host(r.host()));
        root.put("complete", r.coverage().isEmpty());
        ArrayNode coverage = root.putArray("coverage");
        for (CoverageNote n : r.coverage()) {
            ObjectNode c = coverage.addObject();
            c.put("kind", n.kind());
            c.put("count", n.count());
            c.put("message", n.message());
        }
        Map<Listener, List<Finding>> byListener = r.findingsByListener();
        ArrayNode listeners = root.putArray("listeners");
        for (AuditedListener a : r.listeners()) {
            listeners.add(listener(a, byListener.getOrDefault(a.listener(), List.of())));
        }
        ArrayNode findings = root.putArray("findings");
        for (Finding f : r.findings()) {
            findings.add(finding(f));
        }
        root.set("summary", summary(r.summary()));
        return root;
    }

    private static ObjectNode host(HostFacts h) {
        ObjectNode n = Json.NODES.objectNode();
        n.put("hostname", h.hostname());
        n.put("os", h.os());
        n.put("kernel", h.kernel());
        n.put("elevated", h.elevated());
        KernelSettings k = h.settings();
        ObjectNode s = n.putObject("settings");
        if (k.hasEphemeralRange()) {
            ObjectNode e = s.putObject("ephemeralPortRange");
            e.put("first", k.ephemeralFirst().getAsInt());
            e.put("last", k.ephemeralLast().getAsInt());
        } else {
            s.putNull("ephemeralPortRange");
        }
        if (k.unprivilegedPortStart().isPresent()) {
            s.put("unprivilegedPortStart", k.unprivilegedPortStart().getAsInt());
        } else {
            s.putNull("unprivilegedPortStart");
        }
        if (k.ipv6BindV6Only().isPresent()) {
            s.put("ipv6BindV6Only", k.ipv6BindV6Only().get());
        } else {
            s.putNull("ipv6BindV6Only");
        }
        return n;
    }

    /** The listener's socket fields and its primary owner flattened, as findings carry them too. */
    private static void socketAndOwner(ObjectNode n, Listener l) {
        n.put("protocol", l.protocol().id());
        n.put("family", l.family().id());
        n.put("address", l.address());
        n.put("port", l.port());
        ProcessOwner o = l.primaryOwner().orElse(null);
        if (o == null) {
            n.putNull("pid");
            n.putNull("process");
            n.putNull("user");
        } else {
            n.put("pid", o.pid());
            n.put("process", o.name());
            putUser(n, o);
        }
    }

    private static void putUser(ObjectNode n, ProcessOwner o) {
        String user = o.userLabel();
        if (user.isEmpty()) {
            n.putNull("user");
        } else {
            n.put("user", user);
        }
    }

    private static ObjectNode listener(AuditedListener a, List<Finding> findings) {
        Listener l = a.listener();
        ObjectNode n = Json.NODES.objectNode();
        socketAndOwner(n, l);
        ProcessOwner o = l.primaryOwner().orElse(null);
        if (o == null) {
            n.putNull("uid");
            n.putNull("command");
            n.putNull("executable");
        } else {
            if (o.uid().isPresent()) {
                n.put("uid", o.uid().getAsLong());
            } else {
                n.putNull("uid");
            }
            n.put("command", o.command());
            n.put("executable", o.executable());
        }
        n.put("dualStack", l.dualStack());
        n.put("range", l.range().id());
        ArrayNode owners = n.putArray("owners");
        for (ProcessOwner p : l.owners()) {
            ObjectNode on = owners.addObject();
            on.put("pid", p.pid());
            on.put("process", p.name());
            putUser(on, p);
            if (p.uid().isPresent()) {
                on.put("uid", p.uid().getAsLong());
            } else {
                on.putNull("uid");
            }
            on.put("command", p.command());
            on.put("executable", p.executable());
            if (p.bindCapability().isPresent()) {
                on.put("bindCapability", p.bindCapability().get());
            } else {
                on.putNull("bindCapability");
            }
        }
        n.set("entries", Json.entries(a.entries(), l.port()));
        ArrayNode rules = n.putArray("findings");
        for (Finding f : findings) {
            rules.add(f.rule());
        }
        return n;
    }

    private static ObjectNode finding(Finding f) {
        ObjectNode n = Json.NODES.objectNode();
        n.put("rule", f.rule());
        n.put("severity", f.severity().id());
        socketAndOwner(n, f.listener());
        n.put("message", f.message());
        n.put("remediation", f.remediation());
        n.set("entries", Json.entries(f.entries(), f.listener().port()));
        return n;
    }

    private static ObjectNode summary(Summary s) {
        ObjectNode n = Json.NODES.objectNode();
        n.put("listeners", s.listeners());
        ObjectNode byProtocol = n.putObject("listenersByProtocol");
        s.byProtocol().forEach(byProtocol::put);
        ObjectNode byRange = n.putObject("listenersByRange");
        s.byRange().forEach(byRange::put);
        n.put("ownersUnknown", s.ownersUnknown());
        n.put("findings", s.findings());
        ObjectNode bySeverity = n.putObject("findingsBySeverity");
        s.bySeverity().forEach(bySeverity::put);
        ObjectNode byRule = n.putObject("findingsByRule");
        s.byRule().forEach(byRule::put);
        if (s.highestSeverity().isPresent()) {
            n.put("highestSeverity", s.highestSeverity().get().id());
        } else {
            n.putNull("highestSeverity");
        }
        return n;
    }
}
