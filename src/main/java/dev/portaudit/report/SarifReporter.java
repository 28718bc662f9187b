package dev.portaudit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Fingerprints;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Report;
import dev.portaudit.model.RuleInfo;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Waiver;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning dashboards: one rule descriptor per rule active in the run, one result per
 * finding with a stable fingerprint, waived findings as accepted suppressions.
 */
public final class SarifReporter implements Reporter {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String FINGERPRINT = "portauditFinding/v1";

    @Override
    public void write(Report report, OutputStream out) throws IOException {
        Json.write(toSarif(report), out);
    }

    static ObjectNode toSarif(Report r) {
        ObjectNode root = Json.NODES.objectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "portaudit");
        driver.put("version", r.toolVersion());
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> index = new HashMap<>();
        for (RuleInfo rule : r.rules()) {
            index.put(rule.id(), index.size());
            ObjectNode d = rules.addObject();
            d.put("id", rule.id());
            d.put("name", camel(rule.id()));
            d.putObject("shortDescription").put("text", capitalise(rule.summary()) + ".");
            d.putObject("fullDescription").put("text", rule.help());
            ObjectNode help = d.putObject("help");
            help.put("text", rule.help());
            help.put("markdown", "**" + rule.id() + "**: " + rule.help());
            d.putObject("defaultConfiguration").put("level", level(rule.severity()));
            ObjectNode props = d.putObject("properties");
            props.putArray("tags").add("security").add("network");
            props.put("security-severity", securitySeverity(rule.severity()));
        }
        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", true);
        invocation.put("startTimeUtc", r.generatedAt().toString());
        invocation.put("endTimeUtc", r.generatedAt().plusMillis(r.durationMillis()).toString());
        invocation.put("machine", r.host().hostname());
        if (!r.coverage().isEmpty()) {
            ArrayNode notes = invocation.putArray("toolExecutionNotifications");
            r.coverage().forEach(c -> {
                ObjectNode n = notes.addObject();
                n.putObject("message").put("text", c.message());
                n.put("level", "warning");
                n.putObject("descriptor").put("id", c.kind());
            });
        }
        ArrayNode results = run.putArray("results");
        for (Finding f : r.findings()) {
            results.add(result(f, index));
        }
        run.set("properties", hostProperties(r.host()));
        return root;
    }

    private static ObjectNode result(Finding f, Map<String, Integer> index) {
        Listener l = f.listener();
        ObjectNode n = Json.NODES.objectNode();
        n.put("ruleId", f.rule());
        if (index.containsKey(f.rule())) {
            n.put("ruleIndex", index.get(f.rule()));
        }
        n.put("level", level(f.severity()));
        n.putObject("message").put("text", f.message() + (f.remediation().isEmpty() ? "" : " Fix: " + f.remediation()));
        ObjectNode logical = n.putArray("locations").addObject().putArray("logicalLocations").addObject();
        logical.put("name", l.endpoint());
        logical.put("fullyQualifiedName", l.protocol().id() + "/" + l.address() + "/" + l.port());
        logical.put("kind", "resource");
        n.putObject("partialFingerprints").put(FINGERPRINT, Fingerprints.of(f));
        if (f.waiver().isPresent()) {
            ObjectNode s = n.putArray("suppressions").addObject();
            s.put("kind", "external");
            s.put("status", "accepted");
            Waiver w = f.waiver().get();
            s.put("justification", w.reason() + " (" + (w.owner().isEmpty() ? "" : "owner " + w.owner() + ", ")
                    + w.expires().map(d -> "until " + d).orElse("accepted with no expiry") + ")");
            s.putObject("location").putObject("physicalLocation").putObject("artifactLocation")
                    .put("uri", f.waiver().get().source().replaceAll(":\\d+:\\d+$", ""));
        }
        ObjectNode props = n.putObject("properties");
        props.put("severity", f.severity().id());
        props.put("protocol", l.protocol().id());
        props.put("address", l.address());
        props.put("port", l.port());
        props.put("exposure", l.exposure().id());
        l.primaryOwner().ifPresent(o -> {
            props.put("pid", o.pid());
            props.put("process", o.name());
            props.put("user", o.userLabel());
            props.put("executable", o.executable());
        });
        return n;
    }

    private static ObjectNode hostProperties(HostFacts h) {
        ObjectNode p = Json.NODES.objectNode();
        p.put("hostname", h.hostname());
        p.put("os", h.os());
        p.put("kernel", h.kernel());
        p.put("elevated", h.elevated());
        return p;
    }

    static String level(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    /** The numeric severity code-scanning dashboards rank security results by (0.0-10.0). */
    static String securitySeverity(Severity s) {
        return switch (s) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> "1.0";
        };
    }

    private static String camel(String id) {
        StringBuilder b = new StringBuilder();
        for (String part : id.split("-")) {
            b.append(capitalise(part));
        }
        return b.toString();
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
