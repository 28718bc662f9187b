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
import dev.portaudit.model.Severity;
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
        n.put("source", h.source());
        n.set("namespace", namespace(h.namespace()));
        KernelSettings k = h.settings();
        ObjectNode s = n.putObject("settings");
        if (k.hasEphemeralRange()) {
            ObjectNode e = s.putObject("ephemeralPortRange");
            e.put("first", k.ephemeralFirst().getAsInt());
            e.put("last", k.ephemeralLast().getAsInt());
        } else {
            s.putNull("ephemeralPortRange");
        }
        putNullable(s, "unprivilegedPortStart",
                k.unprivilegedPortStart().isPresent() ? k.unprivilegedPortStart().getAsInt() : null);
        putNullable(s, "ipv6BindV6Only", k.ipv6BindV6Only().orElse(null));
        return n;
    }

    /** The listener's socket fields and its primary owner flattened, as findings carry them too. */
    private static void socketAndOwner(ObjectNode n, Listener l) {
        n.put("protocol", l.protocol().id());
        n.put("family", l.family().id());
        n.put("address", l.address());
        n.put("port", l.port());
        ProcessOwner o = l.primaryOwner().orElse(null);
        putNullable(n, "pid", o == null ? null : o.pid());
        putNullable(n, "process", o == null ? null : o.name());
        putNullable(n, "user", o == null ? null : user(o));
    }

    private static ObjectNode listener(AuditedListener a, List<Finding> findings) {
        Listener l = a.listener();
        ObjectNode n = Json.NODES.objectNode();
        socketAndOwner(n, l);
        ProcessOwner o = l.primaryOwner().orElse(null);
        putNullable(n, "uid", o == null ? null : uid(o));
        putNullable(n, "command", o == null ? null : o.command());
        putNullable(n, "executable", o == null ? null : o.executable());
        n.put("dualStack", l.dualStack());
        n.put("exposure", l.exposure().id());
        n.put("range", l.range().id());
        n.set("namespace", namespace(l.namespace()));
        ArrayNode owners = n.putArray("owners");
        for (ProcessOwner p : l.owners()) {
            ObjectNode on = owners.addObject();
            on.put("pid", p.pid());
            on.put("process", p.name());
            putNullable(on, "user", user(p));
            putNullable(on, "uid", uid(p));
            on.put("command", p.command());
            on.put("executable", p.executable());
            putNullable(on, "bindCapability", p.bindCapability().orElse(null));
        }
        n.set("entries", Json.entries(a.entries(), l.port()));
        ArrayNode rules = n.putArray("findings");
        for (Finding f : findings) {
            rules.add(f.rule());
        }
        return n;
    }

    private static String user(ProcessOwner o) {
        return o.userLabel().isEmpty() ? null : o.userLabel();
    }

    private static Long uid(ProcessOwner o) {
        return o.uid().isPresent() ? o.uid().getAsLong() : null;
    }

    /** Puts a string, number or boolean, or JSON null for a value that is not known. */
    private static void putNullable(ObjectNode n, String key, Object value) {
        if (value == null) {
            n.putNull(key);
        } else if (value instanceof String s) {
            n.put(key, s);
        } else if (value instanceof Integer i) {
            n.put(key, i);
        } else if (value instanceof Long v) {
            n.put(key, v);
        } else if (value instanceof Boolean b) {
            n.put(key, b);
        } else {
            throw new IllegalArgumentException("not a JSON scalar: " + value.getClass());
        }
    }

    /** A network namespace, or JSON null for the scanning host's own. */
    static com.fasterxml.jackson.databind.JsonNode namespace(java.util.Optional<dev.portaudit.model.NetNamespace> ns) {
        if (ns.isEmpty()) {
            return Json.NODES.nullNode();
        }
        ObjectNode n = Json.NODES.objectNode();
        n.put("id", ns.get().id());
        n.put("inode", ns.get().inode());
        n.put("label", ns.get().label());
        if (ns.get().container().isPresent()) {
            var c = ns.get().container().get();
            ObjectNode cn = n.putObject("container");
            cn.put("runtime", c.runtime());
            cn.put("id", c.id());
            if (c.pod().isPresent()) {
                cn.put("pod", c.pod().get());
            } else {
                cn.putNull("pod");
            }
        } else {
            n.putNull("container");
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
        n.put("waived", f.waived());
        if (f.waiver().isPresent()) {
            ObjectNode w = n.putObject("waiver");
            w.put("reason", f.waiver().get().reason());
            w.put("owner", f.waiver().get().owner());
            w.put("expires", f.waiver().get().expires().toString());
            w.put("source", f.waiver().get().source());
        } else {
            n.putNull("waiver");
        }
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
        ObjectNode byExposure = n.putObject("listenersByExposure");
        s.byExposure().forEach(byExposure::put);
        n.put("ownersUnknown", s.ownersUnknown());
        n.put("findings", s.findings());
        n.put("waived", s.waived());
        ObjectNode bySeverity = n.putObject("findingsBySeverity");
        s.bySeverity().forEach(bySeverity::put);
        ObjectNode byRule = n.putObject("findingsByRule");
        s.byRule().forEach(byRule::put);
        putNullable(n, "highestSeverity", s.highestSeverity().map(Severity::id).orElse(null));
        return n;
    }
}
