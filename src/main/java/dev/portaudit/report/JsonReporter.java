package dev.portaudit.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.portaudit.model.Container;
import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.Finding;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.NetNamespace;
import dev.portaudit.model.PortEntry;
import dev.portaudit.model.PortRange;
import dev.portaudit.model.Probe;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Publication;
import dev.portaudit.model.Reachability;
import dev.portaudit.model.SoftwarePackage;
import dev.portaudit.model.Report;
import dev.portaudit.model.Summary;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The machine-readable report, schema version {@value Report#SCHEMA_VERSION}; its fields are
 * documented in docs/formats.md ("JSON report") and in {@code docs/report.schema.json}. Written with
 * Jackson's streaming generator: a scan's report is on every run's path.
 */
public final class JsonReporter implements Reporter {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    @Override
    public void write(Report r, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")));
            g.writeStartObject();
            g.writeStringField("schemaVersion", r.schemaVersion());
            g.writeObjectFieldStart("tool");
            g.writeStringField("name", "portaudit");
            g.writeStringField("version", r.toolVersion());
            g.writeEndObject();
            g.writeStringField("generatedAt", r.generatedAt().toString());
            g.writeNumberField("durationMs", r.durationMillis());
            host(g, r.host());
            g.writeBooleanField("complete", r.coverage().isEmpty());
            g.writeArrayFieldStart("coverage");
            for (CoverageNote n : r.coverage()) {
                g.writeStartObject();
                g.writeStringField("kind", n.kind());
                g.writeNumberField("count", n.count());
                g.writeStringField("message", n.message());
                g.writeEndObject();
            }
            g.writeEndArray();
            Map<Listener, List<Finding>> byListener = r.findingsByListener();
            g.writeArrayFieldStart("listeners");
            for (AuditedListener a : r.listeners()) {
                listener(g, a, byListener.getOrDefault(a.listener(), List.of()));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("findings");
            for (Finding f : r.findings()) {
                finding(g, f);
            }
            g.writeEndArray();
            if (!r.probes().isEmpty()) { // only a run with --probe asks, so only its report says
                g.writeArrayFieldStart("probes");
                for (Probe p : r.probes()) {
                    g.writeStartObject();
                    g.writeStringField("protocol", p.socket().protocol().id());
                    g.writeStringField("address", p.socket().address());
                    g.writeNumberField("port", p.socket().port());
                    g.writeStringField("spoken", p.protocol());
                    g.writeBooleanField("answered", p.spoke());
                    nullable(g, "startTls", p.startTls().orElse(null));
                    nullable(g, "plaintextLogin", p.plaintextLogin().orElse(null));
                    g.writeStringField("seen", p.seen());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeArrayFieldStart("published");
            for (Publication p : r.published()) {
                g.writeStartObject();
                g.writeStringField("protocol", p.protocol());
                g.writeStringField("family", p.family());
                g.writeStringField("hostPorts", p.hostPorts());
                g.writeStringField("target", p.target());
                g.writeStringField("rule", p.rule());
                g.writeStringField("behind", p.behind().id());
                g.writeStringField("description", p.describe());
                g.writeEndObject();
            }
            g.writeEndArray();
            summary(g, r.summary());
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    private static void host(JsonGenerator g, HostFacts h) throws IOException {
        g.writeObjectFieldStart("host");
        g.writeStringField("hostname", h.hostname());
        g.writeStringField("os", h.os());
        g.writeStringField("kernel", h.kernel());
        g.writeBooleanField("elevated", h.elevated());
        g.writeStringField("source", h.source());
        nullable(g, "collector", h.collector().isEmpty() ? null : h.collector());
        namespace(g, h.namespace());
        KernelSettings k = h.settings();
        g.writeObjectFieldStart("settings");
        if (k.hasEphemeralRange()) {
            g.writeObjectFieldStart("ephemeralPortRange");
            g.writeNumberField("first", k.ephemeralFirst().getAsInt());
            g.writeNumberField("last", k.ephemeralLast().getAsInt());
            g.writeEndObject();
        } else {
            g.writeNullField("ephemeralPortRange");
        }
        nullable(g, "unprivilegedPortStart", k.unprivilegedPortStart().isPresent()
                ? k.unprivilegedPortStart().getAsInt() : null);
        nullable(g, "ipv6BindV6Only", k.ipv6BindV6Only().orElse(null));
        g.writeEndObject();
        g.writeEndObject();
    }

    /** A network namespace, or JSON null for the scanning host's own. */
    private static void namespace(JsonGenerator g, Optional<NetNamespace> ns) throws IOException {
        if (ns.isEmpty()) {
            g.writeNullField("namespace");
            return;
        }
        g.writeObjectFieldStart("namespace");
        g.writeStringField("id", ns.get().id());
        g.writeNumberField("inode", ns.get().inode());
        g.writeStringField("label", ns.get().label());
        container(g, ns.get().container());
        g.writeEndObject();
    }

    /** Who can reach the listener through the firewall, per source, or null where it was not judged. */
    private static void reachability(JsonGenerator g, Optional<Reachability> reach) throws IOException {
        if (reach.isEmpty()) {
            g.writeNullField("reachability");
            return;
        }
        g.writeObjectFieldStart("reachability");
        g.writeStringField("reach", reach.get().reach().id());
        g.writeArrayFieldStart("verdicts");
        for (Reachability.SourceVerdict v : reach.get().verdicts()) {
            g.writeStartObject();
            g.writeStringField("source", v.kind().id());
            g.writeStringField("interface", v.iface());
            g.writeArrayFieldStart("subnets");
            for (String s : v.subnets()) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeStringField("outcome", v.outcome().id());
            g.writeBooleanField("partial", v.partial());
            g.writeArrayFieldStart("decidedBy");
            for (String d : v.decidedBy()) {
                g.writeString(d);
            }
            g.writeEndArray();
            nullable(g, "via", v.via().isEmpty() ? null : v.via());
            g.writeStringField("description", v.describe());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The package the executable came from ({"manager", "name", "version"}; name null: none), or null: not read. */
    private static void software(JsonGenerator g, Optional<SoftwarePackage> p) throws IOException {
        if (p.isEmpty()) {
            g.writeNullField("package");
            return;
        }
        g.writeObjectFieldStart("package");
        g.writeStringField("manager", p.get().manager());
        nullable(g, "name", p.get().name().orElse(null));
        nullable(g, "version", p.get().version().orElse(null));
        g.writeEndObject();
    }

    /** A container, or JSON null: its id always, what the engine's state names where it does. */
    private static void container(JsonGenerator g, Optional<Container> container) throws IOException {
        if (container.isEmpty()) {
            g.writeNullField("container");
            return;
        }
        Container c = container.get();
        g.writeObjectFieldStart("container");
        g.writeStringField("runtime", c.runtime());
        g.writeStringField("id", c.id());
        nullable(g, "pod", c.pod().orElse(null));
        nullable(g, "name", c.name().orElse(null));
        nullable(g, "image", c.image().orElse(null));
        nullable(g, "podName", c.podName().orElse(null));
        g.writeStringField("label", c.label());
        g.writeEndObject();
    }

    /** The listener's socket fields and its primary owner flattened, as findings carry them too. */
    private static void socketAndOwner(JsonGenerator g, Listener l) throws IOException {
        g.writeStringField("protocol", l.protocol().id());
        g.writeStringField("family", l.family().id());
        g.writeStringField("address", l.address());
        g.writeNumberField("port", l.port());
        ProcessOwner o = l.primaryOwner().orElse(null);
        nullable(g, "pid", o == null ? null : o.pid());
        nullable(g, "process", o == null ? null : o.name());
        nullable(g, "user", o == null ? null : user(o));
    }

    private static void listener(JsonGenerator g, AuditedListener a, List<Finding> findings) throws IOException {
        Listener l = a.listener();
        g.writeStartObject();
        socketAndOwner(g, l);
        ProcessOwner o = l.primaryOwner().orElse(null);
        nullable(g, "uid", o == null ? null : uid(o));
        nullable(g, "command", o == null ? null : o.command());
        nullable(g, "executable", o == null ? null : o.executable());
        nullable(g, "hostUid", o == null || o.hostUid().isEmpty() ? null : o.hostUid().getAsLong());
        container(g, o == null ? Optional.empty() : o.container());
        nullable(g, "unit", o == null ? null : o.unit().orElse(null));
        software(g, o == null ? Optional.empty() : o.software());
        g.writeBooleanField("dualStack", l.dualStack());
        nullable(g, "socketUid", l.socketUid().isPresent() ? l.socketUid().getAsLong() : null);
        nullable(g, "zone", l.zone().orElse(null));
        nullable(g, "ipv6Only", l.v6Only().orElse(null));
        g.writeStringField("exposure", l.exposure().id());
        g.writeStringField("range", l.range().id());
        namespace(g, l.namespace());
        if (l.activation().isPresent()) {
            g.writeObjectFieldStart("activation");
            g.writeStringField("socketUnit", l.activation().get().socketUnit());
            g.writeStringField("service", l.activation().get().service());
            g.writeEndObject();
        } else {
            g.writeNullField("activation");
        }
        reachability(g, a.reachability());
        g.writeArrayFieldStart("owners");
        for (ProcessOwner p : l.owners()) {
            g.writeStartObject();
            g.writeNumberField("pid", p.pid());
            g.writeStringField("process", p.name());
            nullable(g, "user", user(p));
            nullable(g, "uid", uid(p));
            g.writeStringField("command", p.command());
            g.writeStringField("executable", p.executable());
            nullable(g, "bindCapability", p.bindCapability().orElse(null));
            nullable(g, "hostUid", p.hostUid().isPresent() ? p.hostUid().getAsLong() : null);
            container(g, p.container());
            nullable(g, "unit", p.unit().orElse(null));
            software(g, p.software());
            g.writeEndObject();
        }
        g.writeEndArray();
        entries(g, a.entries(), l.port());
        g.writeArrayFieldStart("findings");
        for (Finding f : findings) {
            g.writeString(f.rule());
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void finding(JsonGenerator g, Finding f) throws IOException {
        g.writeStartObject();
        g.writeStringField("rule", f.rule());
        g.writeStringField("severity", f.severity().id());
        socketAndOwner(g, f.listener());
        g.writeStringField("message", f.message());
        g.writeStringField("remediation", f.remediation());
        g.writeArrayFieldStart("controls");
        for (String c : f.controls()) {
            g.writeString(c);
        }
        g.writeEndArray();
        g.writeBooleanField("waived", f.waived());
        if (f.waiver().isPresent()) {
            g.writeObjectFieldStart("waiver");
            g.writeStringField("reason", f.waiver().get().reason());
            g.writeStringField("owner", f.waiver().get().owner());
            nullable(g, "expires", f.waiver().get().expires().map(LocalDate::toString).orElse(null));
            g.writeStringField("source", f.waiver().get().source());
            g.writeEndObject();
        } else {
            g.writeNullField("waiver");
        }
        entries(g, f.entries(), f.listener().port());
        g.writeEndObject();
    }

    /** Port-table entries, in the shape {@code lookup --format json} prints them. */
    private static void entries(JsonGenerator g, List<PortEntry> entries, int port) throws IOException {
        g.writeArrayFieldStart("entries");
        for (PortEntry e : entries) {
            g.writeStartObject();
            g.writeNumberField("port", port);
            g.writeNumberField("firstPort", e.first());
            g.writeNumberField("lastPort", e.last());
            g.writeStringField("protocol", e.protocol().id());
            g.writeStringField("status", e.status().id());
            g.writeStringField("service", e.service());
            g.writeStringField("description", e.description());
            g.writeStringField("source", e.source().id());
            g.writeStringField("range", PortRange.of(port).id());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void summary(JsonGenerator g, Summary s) throws IOException {
        g.writeObjectFieldStart("summary");
        g.writeNumberField("listeners", s.listeners());
        counts(g, "listenersByProtocol", s.byProtocol());
        counts(g, "listenersByRange", s.byRange());
        counts(g, "listenersByExposure", s.byExposure());
        g.writeNumberField("ownersUnknown", s.ownersUnknown());
        g.writeNumberField("findings", s.findings());
        g.writeNumberField("waived", s.waived());
        counts(g, "findingsBySeverity", s.bySeverity());
        counts(g, "findingsByRule", s.byRule());
        nullable(g, "highestSeverity", s.highestSeverity().map(x -> x.id()).orElse(null));
        g.writeEndObject();
    }

    private static void counts(JsonGenerator g, String name, Map<String, Integer> counts) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static String user(ProcessOwner o) {
        return o.userLabel().isEmpty() ? null : o.userLabel();
    }

    private static Long uid(ProcessOwner o) {
        return o.uid().isPresent() ? o.uid().getAsLong() : null;
    }

    /** A string, number or boolean, or JSON null for a value that is not known. */
    private static void nullable(JsonGenerator g, String name, Object value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else if (value instanceof String s) {
            g.writeStringField(name, s);
        } else if (value instanceof Integer i) {
            g.writeNumberField(name, i);
        } else if (value instanceof Long v) {
            g.writeNumberField(name, v);
        } else if (value instanceof Boolean b) {
            g.writeBooleanField(name, b);
        } else {
            throw new IllegalArgumentException("not a JSON scalar: " + value.getClass());
        }
    }
}
