package dev.portaudit.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Fingerprints;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Reachability;
import dev.portaudit.model.Report;
import dev.portaudit.model.RuleInfo;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Waiver;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SARIF 2.1.0 for code-scanning dashboards: one rule descriptor per rule active in the run, one result per
 * finding with a stable fingerprint, waived findings as accepted suppressions.
 *
 * <p>Code scanning files every alert under a file of the repository, so each result points at one: the
 * policy entry that decided it, else the artifact the user names (the Dockerfile of the image under
 * test), else the first policy file, else a name standing for the host. A rule's {@code
 * security-severity} is the highest its results carry, because dashboards rank alerts by the rule's.
 */
public final class SarifReporter implements Reporter {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String FINGERPRINT = "portauditFinding/v1";
    static final String LINE_HASH = "primaryLocationLineHash";
    static final String INFORMATION_URI = "https://portaudit.dev";
    /** The base absolute paths outside the working directory are written against. */
    static final String ROOT = "FILESYSTEM_ROOT";
    private static final Pattern AT = Pattern.compile("(.+):(\\d+):(\\d+)");
    /** The tags GitHub code scanning keeps on a rule or result; more are refused or dropped. */
    static final int MAX_TAGS = 20;

    private final String artifact;
    private final Path base;

    /**
     * @param artifact the file results point at when no policy entry decided them ("" for none)
     * @param base     the directory relative URIs are written against: the checkout the scan runs in
     */
    public SarifReporter(String artifact, Path base) {
        this.artifact = artifact;
        this.base = base;
    }

    @Override
    public void write(Report report, OutputStream out) throws IOException {
        // a fresh one per report: it records whether the report needed the file-system root as a base
        Artifacts artifacts = new Artifacts(artifact, base);
        // Streamed: a busy host's thousands of results are written one by one, never held as one
        // tree (which took more than the launcher's 96 MB heap at 8,000 listeners).
        JsonGenerator g = Json.prettyGenerator(out);
        g.writeStartObject();
        g.writeStringField("$schema", SCHEMA);
        g.writeStringField("version", "2.1.0");
        g.writeArrayFieldStart("runs");
        g.writeStartObject();
        Map<String, Integer> index = new HashMap<>();
        g.writeFieldName("tool");
        g.writeTree(tool(report, index));
        g.writeFieldName("invocations");
        g.writeTree(invocations(report));
        g.writeArrayFieldStart("results");
        Map<String, Integer> occurrences = new HashMap<>();
        String fallback = artifacts.fallback(report);
        Map<Listener, Optional<Reachability>> reach = new IdentityHashMap<>();
        report.listeners().forEach(a -> reach.put(a.listener(), a.reachability()));
        for (Finding f : report.findings()) {
            String fingerprint = Fingerprints.of(f);
            int occurrence = occurrences.merge(fingerprint, 1, Integer::sum);
            ObjectNode result = result(f, index, artifacts, fallback, fingerprint + ":" + occurrence);
            // who can reach it through the firewall, where that was judged: a property code scanning can filter on
            reach.getOrDefault(f.listener(), Optional.empty()).ifPresent(x -> ((ObjectNode) result.get("properties"))
                    .put("reachability", x.reach().id()));
            g.writeTree(result);
        }
        g.writeEndArray();
        if (artifacts.usedRoot) {
            g.writeFieldName("originalUriBaseIds");
            g.writeTree(Json.NODES.objectNode().set(ROOT, Json.NODES.objectNode().put("uri", "file:///")));
        }
        g.writeFieldName("properties");
        g.writeTree(hostProperties(report.host()));
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.write('\n');
        out.flush();
    }

    /** The tool and its rules, each rule ranked by the most severe of its results; fills {@code index}. */
    private static ObjectNode tool(Report r, Map<String, Integer> index) {
        ObjectNode tool = Json.NODES.objectNode();
        ObjectNode driver = tool.putObject("driver");
        driver.put("name", "portaudit");
        driver.put("version", r.toolVersion());
        driver.put("semanticVersion", r.toolVersion().replaceFirst("[^0-9.].*$", "").replaceFirst("\\.$", ""));
        driver.put("informationUri", INFORMATION_URI);
        ArrayNode rules = driver.putArray("rules");
        Map<String, Severity> highest = new HashMap<>();
        r.findings().forEach(f -> highest.merge(f.rule(), f.severity(), (a, b) -> a.compareTo(b) >= 0 ? a : b));
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
            Severity ranked = highest.getOrDefault(rule.id(), rule.severity());
            props.put("security-severity", securitySeverity(ranked.compareTo(rule.severity()) >= 0 ? ranked
                    : rule.severity()));
        }
        return tool;
    }

    private static ArrayNode invocations(Report r) {
        ArrayNode invocations = Json.NODES.arrayNode();
        ObjectNode invocation = invocations.addObject();
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
        return invocations;
    }

    private static ObjectNode result(Finding f, Map<String, Integer> index, Artifacts artifacts, String fallback,
            String lineHash) {
        Listener l = f.listener();
        ObjectNode n = Json.NODES.objectNode();
        n.put("ruleId", f.rule());
        if (index.containsKey(f.rule())) {
            n.put("ruleIndex", index.get(f.rule()));
        }
        n.put("level", level(f.severity()));
        n.putObject("message").put("text", f.message() + (f.remediation().isEmpty() ? "" : " Fix: " + f.remediation()));
        ObjectNode location = n.putArray("locations").addObject();
        artifacts.physical(location, f.source().or(() -> f.waiver().map(Waiver::source)).orElse(fallback));
        ObjectNode logical = location.putArray("logicalLocations").addObject();
        logical.put("name", l.endpoint());
        logical.put("fullyQualifiedName", l.protocol().id() + "/" + l.address() + "/" + l.port());
        logical.put("kind", "resource");
        ObjectNode fingerprints = n.putObject("partialFingerprints");
        fingerprints.put(FINGERPRINT, Fingerprints.of(f));
        fingerprints.put(LINE_HASH, lineHash);
        if (f.waiver().isPresent()) {
            ObjectNode s = n.putArray("suppressions").addObject();
            s.put("kind", "external");
            s.put("status", "accepted");
            Waiver w = f.waiver().get();
            s.put("justification", w.reason() + " (" + (w.owner().isEmpty() ? "" : "owner " + w.owner() + ", ")
                    + w.expires().map(d -> "until " + d).orElse("accepted with no expiry") + ")");
            artifacts.physical(s.putObject("location"), w.source());
        }
        ObjectNode props = n.putObject("properties");
        if (!f.controls().isEmpty()) {
            // tags are what code-scanning services filter on (GitHub keeps 20); every id, as data, under controls
            ArrayNode tags = props.putArray("tags");
            f.controls().stream().limit(MAX_TAGS).forEach(c -> tags.add("control:" + c));
            ArrayNode controls = props.putArray("controls");
            f.controls().forEach(controls::add);
        }
        props.put("severity", f.severity().id());
        props.put("security-severity", securitySeverity(f.severity()));
        props.put("protocol", l.protocol().id());
        props.put("address", l.address());
        props.put("port", l.port());
        props.put("exposure", l.exposure().id());
        l.primaryOwner().ifPresent(o -> {
            props.put("pid", o.pid());
            props.put("process", o.name());
            props.put("user", o.userLabel());
            props.put("executable", o.executable());
            o.unit().ifPresent(u -> props.put("unit", u));
        });
        return n;
    }

    /** Where results point: files as relative URIs, lines where a policy entry gives them. */
    static final class Artifacts {
        private final String artifact;
        private final Path base;
        private boolean usedRoot;

        Artifacts(String artifact, Path base) {
            this.artifact = artifact;
            this.base = base.toAbsolutePath().normalize();
        }

        /** The named artifact, else the first policy file a finding names, else a name for the host. */
        String fallback(Report r) {
            if (!artifact.isEmpty()) {
                return artifact;
            }
            return r.findings().stream().flatMap(f -> f.source().or(() -> f.waiver().map(Waiver::source)).stream())
                    .map(s -> s.replaceFirst(":\\d+:\\d+$", "")).findFirst()
                    .orElse("host/" + r.host().hostname());
        }

        void physical(ObjectNode location, String where) {
            Matcher m = AT.matcher(where);
            String file = m.matches() ? m.group(1) : where;
            int line = m.matches() ? Integer.parseInt(m.group(2)) : 1;
            ObjectNode physical = location.putObject("physicalLocation");
            ObjectNode artifactLocation = physical.putObject("artifactLocation");
            String path = file.replace('\\', '/');
            if (path.startsWith("/")) {
                Path abs = Path.of(path).normalize();
                if (abs.startsWith(base) && !abs.equals(base)) {
                    path = base.relativize(abs).toString().replace('\\', '/');
                } else {
                    usedRoot = true;
                    artifactLocation.put("uriBaseId", ROOT);
                    path = path.replaceFirst("^/+", "");
                }
            }
            artifactLocation.put("uri", encode(path.replaceFirst("^(\\./)+", "")));
            ObjectNode region = physical.putObject("region");
            region.put("startLine", Math.max(1, line));
            if (m.matches()) {
                region.put("startColumn", Math.max(1, Integer.parseInt(m.group(3))));
            }
        }

        /** A path as a relative URI reference: each segment percent-encoded, the slashes kept. */
        static String encode(String path) {
            StringBuilder b = new StringBuilder();
            for (byte c : path.getBytes(StandardCharsets.UTF_8)) {
                int u = c & 0xff;
                if (Character.isLetterOrDigit(u) && u < 0x80 || "-._~/".indexOf(u) >= 0) {
                    b.append((char) u);
                } else {
                    b.append('%').append(String.format(Locale.ROOT, "%02X", u));
                }
            }
            return b.toString();
        }
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
