package dev.portaudit.policy;

import dev.portaudit.model.Checkpoint;
import dev.portaudit.model.ControlMap;
import dev.portaudit.model.ControlMap.Control;
import dev.portaudit.model.ControlMap.Framework;
import dev.portaudit.model.Transport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads and checks a control mapping ({@code controls.yaml}): every rule id must be one portaudit
 * has, every service one the catalogue knows, every control titled and evidenced by something, and
 * no control twice; all problems at once, each at its line and column.
 */
public final class ControlsLoader {

    public static final String FILE = "controls.yaml";
    private static final List<String> TOP = List.of("frameworks");
    private static final List<String> FRAMEWORK_KEYS = List.of("title", "version", "controls");
    private static final List<String> CONTROL_KEYS = List.of("title", "rules", "requires", "services", "ports",
            "absent");
    private static final Pattern FRAMEWORK_ID = Pattern.compile("[a-z0-9][a-z0-9.-]*");

    private ControlsLoader() {
    }

    /** Whether a YAML document is a control mapping rather than a policy: its top level has 'frameworks'. */
    public static boolean isMapping(SafeYaml.Document doc) {
        return doc.root() instanceof MappingNode m && m.getValue().stream()
                .anyMatch(t -> t.getKeyNode() instanceof ScalarNode s
                        && s.getValue().equals("frameworks"));
    }

    /** A mapping and the files it was read from, with their hashes. */
    public record Loaded(ControlMap map, List<Checkpoint.Input> inputs) {
    }

    /** The mapping files parsed, not yet checked: the bulk of the work, which can run beside other loading. */
    public record Read(List<SafeYaml.Document> documents) {
    }

    /** The rules directory's mapping (or the bundled one), then {@code override}, parsed. */
    public static Read read(RuleFiles rules, Optional<Path> override) {
        List<SafeYaml.Document> docs = new ArrayList<>();
        docs.add(rules.yamlOrBundled(FILE));
        override.ifPresent(f -> docs.add(SafeYaml.read(f)));
        return new Read(docs);
    }

    /**
     * The rules directory's mapping (or the bundled one), with the frameworks of {@code override}
     * over it: one of the same id replaces the other whole.
     */
    public static Loaded load(RuleFiles rules, Optional<Path> override, ServiceCatalog catalog) {
        return load(read(rules, override), catalog);
    }

    /** Parsed mapping files checked, in order, each one's frameworks over the ones before. */
    public static Loaded load(Read read, ServiceCatalog catalog) {
        ControlMap map = ControlMap.EMPTY;
        List<Checkpoint.Input> inputs = new ArrayList<>();
        for (SafeYaml.Document doc : read.documents()) {
            map = map.with(load(doc, catalog));
            inputs.add(new Checkpoint.Input("controls", doc.source(), doc.sha256()));
        }
        return new Loaded(map, inputs);
    }

    public static ControlMap load(SafeYaml.Document doc, ServiceCatalog catalog) {
        Problems problems = new Problems();
        YamlReader r = new YamlReader(doc.source(), problems);
        List<Framework> frameworks = new ArrayList<>();
        if (doc.root() == null) {
            problems.error(doc.source() + ": empty file (expected 'frameworks:')");
        } else {
            r.mapping(doc.root(), "the control mapping", TOP).ifPresent(top -> {
                Node list = top.get("frameworks");
                if (list == null) {
                    r.error(doc.root(), "missing 'frameworks'");
                    return;
                }
                r.mapping(list, "frameworks", null).ifPresent(byId -> byId.forEach((id, node) -> {
                    if (!FRAMEWORK_ID.matcher(id).matches()) {
                        r.error(node, "framework id '" + id + "' must be lower-case letters, digits, '.' and '-' "
                                + "(such as pci-dss-v4.0.1)");
                        return;
                    }
                    framework(r, id, node, catalog).ifPresent(frameworks::add);
                }));
            });
        }
        problems.throwIfErrors();
        return new ControlMap(frameworks);
    }

    private static Optional<Framework> framework(YamlReader r, String id, Node node, ServiceCatalog catalog) {
        Optional<Map<String, Node>> m = r.mapping(node, "framework '" + id + "'", FRAMEWORK_KEYS);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Node> f = m.get();
        String title = required(r, f, node, "title", "framework '" + id + "'");
        String version = required(r, f, node, "version", "framework '" + id + "'");
        List<Control> controls = new ArrayList<>();
        if (!f.containsKey("controls")) {
            r.error(node, "framework '" + id + "' has no 'controls'");
        } else {
            r.mapping(f.get("controls"), "controls of '" + id + "'", null).ifPresent(byId -> byId.forEach(
                    (cid, cnode) -> control(r, id, cid, cnode, catalog).ifPresent(controls::add)));
        }
        return Optional.of(new Framework(id, title, version, controls));
    }

    private static Optional<Control> control(YamlReader r, String framework, String id, Node node,
            ServiceCatalog catalog) {
        String what = "control '" + id + "' of '" + framework + "'";
        Optional<Map<String, Node>> m = r.mapping(node, what, CONTROL_KEYS);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Node> c = m.get();
        String title = required(r, c, node, "title", what);
        List<String> known = RuleSpecs.ALL.stream().map(RuleSpecs.Spec::id).toList();
        List<String> rules = c.containsKey("rules") ? r.strings(c.get("rules"), "rule", known) : List.of();
        List<String> requires = c.containsKey("requires") ? r.strings(c.get("requires"), "rule", known) : List.of();
        Set<String> ports = new LinkedHashSet<>();
        List<String> services = c.containsKey("services")
                ? r.strings(c.get("services"), "service", catalog.names()) : List.of();
        for (String s : services) {
            catalog.named(s).ifPresent(def -> def.ports().forEach(p -> ports.add(p.port() + "/" + p.protocol().id())));
        }
        if (c.containsKey("ports")) {
            r.list(c.get("ports"), "ports of " + what, true).ifPresent(items -> {
                for (Node item : items) {
                    r.string(item, "port").ifPresent(text -> CatalogLoader.parsePort(text).ifPresentOrElse(
                            p -> ports.add(p.port() + "/" + p.protocol().id()),
                            () -> r.error(item, "port '" + text + "' of " + what + " must be PORT/PROTOCOL, such as "
                                    + "2049/tcp (protocols: " + Transport.TCP.id() + ", " + Transport.UDP.id() + ")")));
                }
            });
        }
        boolean absent = c.containsKey("absent") && r.bool(c.get("absent"), "absent").orElse(false);
        if (!c.containsKey("rules") && !absent) {
            r.error(node, what + " is evidenced by nothing: give the 'rules' whose findings violate it, or "
                    + "'absent: true' with the 'services' or 'ports' that must not listen");
        }
        if (absent && !c.containsKey("services") && !c.containsKey("ports")) {
            r.error(c.get("absent"), what + " says 'absent' but names no 'services' or 'ports'");
        }
        return Optional.of(new Control(framework, id, title, rules, requires, ports, services, absent));
    }

    private static String required(YamlReader r, Map<String, Node> m, Node at, String key, String what) {
        if (!m.containsKey(key)) {
            r.error(at, what + " has no '" + key + "'");
            return "";
        }
        return r.string(m.get(key), key + " of " + what).orElse("");
    }
}
