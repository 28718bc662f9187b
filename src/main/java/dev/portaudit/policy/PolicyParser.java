package dev.portaudit.policy;

import dev.portaudit.model.Addresses;
import dev.portaudit.model.Exposure;
import dev.portaudit.model.Reachability.Reach;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Transport;
import dev.portaudit.model.Waiver;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Checks one policy file the way a compiler checks code — every problem at once, each with its
 * position — and turns it into a {@link Policy}.
 */
public final class PolicyParser {

    static final List<String> TOP_KEYS = List.of("version", "description", "rules", "allow", "deny", "waivers");
    static final List<String> SELECTOR_KEYS = List.of("protocol", "port", "address", "process", "executable",
            "user", "service", "category", "reachable", "unit", "socket-unit", "package", "container");
    static final List<String> REACH_CLASSES = List.of("local-only", "lan", "anywhere", "filtered", "unknown");
    static final List<String> ADDRESS_CLASSES = List.of("any", "loopback", "link-local", "private", "public",
            "wildcard");

    private final ServiceCatalog catalog;
    private final Predicate<String> tableServices;
    private final LocalDate today;

    /**
     * @param catalog       the service catalogue, to check service and category names
     * @param tableServices service names of the port table, also accepted in {@code service:}
     * @param today         the date expiry dates are compared with
     */
    public PolicyParser(ServiceCatalog catalog, Predicate<String> tableServices, LocalDate today) {
        this.catalog = catalog;
        this.tableServices = tableServices;
        this.today = today;
    }

    public Policy parse(SafeYaml.Document doc, Problems problems) {
        YamlReader r = new YamlReader(doc.source(), problems);
        Map<String, Policy.RuleSettings> rules = new LinkedHashMap<>();
        List<Policy.AllowEntry> allow = new ArrayList<>();
        List<Policy.DenyEntry> deny = new ArrayList<>();
        List<Policy.WaiverEntry> waivers = new ArrayList<>();
        if (doc.root() == null) {
            return new Policy(rules, allow, deny, waivers, List.of(doc.source()));
        }
        Optional<Map<String, Node>> top = r.mapping(doc.root(), "the policy", TOP_KEYS);
        if (top.isPresent()) {
            Map<String, Node> t = top.get();
            if (t.containsKey("version")) {
                r.port(t.get("version"), "version").filter(v -> v != 1)
                        .ifPresent(v -> r.error(t.get("version"), "version " + v + " is not supported (allowed: 1)"));
            }
            if (t.containsKey("description")) {
                r.string(t.get("description"), "description");
            }
            if (t.containsKey("rules")) {
                rules(r, t.get("rules"), rules);
            }
            if (t.containsKey("allow")) {
                entries(r, t.get("allow"), "allow", (node, f) -> allow(r, node, f).ifPresent(allow::add));
            }
            if (t.containsKey("deny")) {
                entries(r, t.get("deny"), "deny", (node, f) -> deny(r, node, f).ifPresent(deny::add));
            }
            if (t.containsKey("waivers")) {
                entries(r, t.get("waivers"), "waivers", (node, f) -> waiver(r, node, f).ifPresent(waivers::add));
            }
        }
        return new Policy(rules, allow, deny, waivers, List.of(doc.source()));
    }

    private interface EntryReader {
        void read(Node node, Map<String, Node> fields);
    }

    private static void entries(YamlReader r, Node list, String section, EntryReader reader) {
        List<String> keys = new ArrayList<>(SELECTOR_KEYS);
        switch (section) {
            case "allow" -> keys.addAll(0, List.of("name", "accept", "reason", "owner"));
            case "deny" -> keys.addAll(0, List.of("name", "message", "severity"));
            default -> keys.addAll(0, List.of("rule", "reason", "owner", "expires"));
        }
        r.list(list, section, false).ifPresent(items -> {
            for (Node item : items) {
                r.mapping(item, "an entry of '" + section + "'", keys).ifPresent(f -> reader.read(item, f));
            }
        });
    }

    private void rules(YamlReader r, Node node, Map<String, Policy.RuleSettings> out) {
        r.mapping(node, "rules", null).ifPresent(byId -> {
            Map<String, Node> keyNodes = keyNodes(node);
            byId.forEach((id, settings) -> {
                Optional<RuleSpecs.Spec> spec = RuleSpecs.byId(id);
                if (spec.isEmpty()) {
                    r.error(keyNodes.get(id), "unknown rule '" + id + "'" + YamlReader.suggestion(id, RuleSpecs.ids())
                            + " (rules: " + String.join(", ", RuleSpecs.ids()) + ")");
                    return;
                }
                List<String> keys = new ArrayList<>(List.of("enabled", "severity"));
                spec.get().params().forEach(p -> keys.add(p.name()));
                r.mapping(settings, "rule '" + id + "'", keys).ifPresent(f -> {
                    Optional<Boolean> enabled = f.containsKey("enabled")
                            ? r.bool(f.get("enabled"), "enabled") : Optional.empty();
                    Optional<Severity> severity = f.containsKey("severity")
                            ? r.severity(f.get("severity"), "severity") : Optional.empty();
                    Map<String, Object> params = new LinkedHashMap<>();
                    for (RuleSpecs.Param p : spec.get().params()) {
                        if (f.containsKey(p.name())) {
                            param(r, p, f.get(p.name())).ifPresent(v -> params.put(p.name(), v));
                        }
                    }
                    out.put(id, new Policy.RuleSettings(enabled, severity, params));
                });
            });
        });
    }

    private Optional<Object> param(YamlReader r, RuleSpecs.Param p, Node node) {
        String what = "'" + p.name() + "'";
        switch (p.type()) {
            case BOOLEAN:
                return r.bool(node, what).map(v -> v);
            case SEVERITY:
                return r.severity(node, what).map(v -> v);
            case NAMES:
                return r.list(node, what, true).map(items -> {
                    List<String> names = new ArrayList<>();
                    for (Node item : items) {
                        r.string(item, what).ifPresent(names::add);
                    }
                    return names;
                });
            case PORT_RANGES:
                return r.list(node, what, true).map(items -> {
                    List<PortSpan> spans = new ArrayList<>();
                    for (Node item : items) {
                        r.portSpan(item, "port range").ifPresent(spans::add);
                    }
                    return spans;
                });
            case SEVERITY_BY_NAME:
                return r.mapping(node, what, null).map(m -> {
                    Map<String, Severity> out = new LinkedHashMap<>();
                    Map<String, Node> keys = keyNodes(node);
                    m.forEach((name, v) -> {
                        if (!catalog.categories().isEmpty() && !catalog.categories().contains(name)) {
                            r.error(keys.get(name), "unknown category '" + name + "'"
                                    + YamlReader.suggestion(name, catalog.categories())
                                    + " (categories: " + String.join(", ", catalog.categories()) + ")");
                        }
                        r.severity(v, "severity of '" + name + "'").ifPresent(s -> out.put(name, s));
                    });
                    return out;
                });
            default:
                throw new IllegalStateException(p.type().toString());
        }
    }

    private Optional<Policy.AllowEntry> allow(YamlReader r, Node node, Map<String, Node> f) {
        Optional<Selector> selector = selector(r, node, f, "allow entry");
        String name = f.containsKey("name") ? r.string(f.get("name"), "name").orElse("") : "";
        List<String> ruleIds = new ArrayList<>(RuleSpecs.ids());
        ruleIds.add(Policy.ALL);
        List<String> accept = f.containsKey("accept") ? r.strings(f.get("accept"), "rule", ruleIds) : List.of();
        String reason = f.containsKey("reason") ? r.string(f.get("reason"), "reason").orElse("") : "";
        String owner = f.containsKey("owner") ? r.string(f.get("owner"), "owner").orElse("") : "";
        if (f.containsKey("accept") && reason.isEmpty()) {
            r.error(f.get("accept"), "an allow entry that accepts findings needs a reason (say why they are fine)");
        }
        if (!f.containsKey("accept") && (f.containsKey("reason") || f.containsKey("owner"))) {
            r.error(f.containsKey("reason") ? f.get("reason") : f.get("owner"), "reason and owner go with accept "
                    + "(the rules whose findings the entry accepts, or all)");
        }
        Optional<Waiver> acceptance = accept.isEmpty() || reason.isEmpty() ? Optional.empty()
                : Optional.of(new Waiver(reason, owner, Optional.empty(), where(r, node)));
        return selector.map(s -> new Policy.AllowEntry(name.isEmpty() ? s.describe() : name, s, where(r, node),
                new HashSet<>(accept), acceptance));
    }

    private Optional<Policy.DenyEntry> deny(YamlReader r, Node node, Map<String, Node> f) {
        Optional<Selector> selector = selector(r, node, f, "deny entry");
        String name = f.containsKey("name") ? r.string(f.get("name"), "name").orElse("") : "";
        String message = f.containsKey("message") ? r.string(f.get("message"), "message").orElse("") : "";
        Optional<Severity> severity = f.containsKey("severity") ? r.severity(f.get("severity"), "severity")
                : Optional.empty();
        return selector.map(s -> new Policy.DenyEntry(name.isEmpty() ? s.describe() : name, s, message, severity,
                where(r, node)));
    }

    private Optional<Policy.WaiverEntry> waiver(YamlReader r, Node node, Map<String, Node> f) {
        List<String> missing = new ArrayList<>();
        for (String k : List.of("rule", "reason", "owner", "expires")) {
            if (!f.containsKey(k)) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            r.error(node, "waiver needs " + String.join(", ", missing)
                    + " (every waiver says which rule, why, who answers for it and until when)");
        }
        List<String> rules = f.containsKey("rule") ? r.strings(f.get("rule"), "rule", RuleSpecs.ids()) : List.of();
        String reason = f.containsKey("reason") ? r.string(f.get("reason"), "reason").orElse("") : "";
        String owner = f.containsKey("owner") ? r.string(f.get("owner"), "owner").orElse("") : "";
        Optional<LocalDate> expires = f.containsKey("expires") ? r.date(f.get("expires"), "expires") : Optional.empty();
        expires.filter(d -> today.isAfter(d)).ifPresent(d -> r.warning(f.get("expires"),
                "waiver expired on " + d + ": its findings count again"));
        Optional<Selector> selector = selector(r, node, f, "waiver");
        if (!missing.isEmpty() || rules.isEmpty() || reason.isEmpty() || owner.isEmpty() || expires.isEmpty()
                || selector.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Policy.WaiverEntry(rules, selector.get(),
                new Waiver(reason, owner, expires.get(), where(r, node))));
    }

    private Optional<Selector> selector(YamlReader r, Node node, Map<String, Node> f, String what) {
        if (SELECTOR_KEYS.stream().noneMatch(f::containsKey)) {
            r.error(node, what + " matches nothing: give at least one of " + String.join(", ", SELECTOR_KEYS));
            return Optional.empty();
        }
        int before = r.problems.errorCount();
        Set<Transport> protocols = new HashSet<>();
        if (f.containsKey("protocol")) {
            for (String p : r.strings(f.get("protocol"), "protocol", List.of("tcp", "udp"))) {
                protocols.add(Transport.parse(p));
            }
        }
        List<PortSpan> ports = new ArrayList<>();
        if (f.containsKey("port")) {
            r.list(f.get("port"), "port", true).ifPresent(items -> {
                for (Node item : items) {
                    r.portSpan(item, "port").ifPresent(ports::add);
                }
            });
        }
        Set<Exposure> exposures = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        boolean any = false;
        if (f.containsKey("address")) {
            Node a = f.get("address");
            for (Node item : r.list(a, "address", true).orElse(List.of())) {
                Optional<String> v = r.string(item, "address");
                if (v.isEmpty()) {
                    continue;
                }
                if (v.get().equals("any")) {
                    any = true;
                } else if (ADDRESS_CLASSES.contains(v.get())) {
                    exposures.add(Exposure.parse(v.get()));
                } else {
                    Optional<String> literal = Addresses.canonical(v.get());
                    if (literal.isPresent()) {
                        addresses.add(literal.get());
                    } else {
                        r.error(item, "address '" + v.get() + "' is neither an address class nor an IP address"
                                + YamlReader.suggestion(v.get(), ADDRESS_CLASSES) + " (classes: "
                                + String.join(", ", ADDRESS_CLASSES) + ")");
                    }
                }
            }
        }
        if (any) {
            exposures.clear();
            addresses.clear();
        }
        List<Glob> processes = f.containsKey("process")
                ? r.strings(f.get("process"), "process", null).stream().map(Glob::of).toList() : List.of();
        List<Glob> executables = f.containsKey("executable")
                ? r.strings(f.get("executable"), "executable", null).stream().map(Glob::of).toList() : List.of();
        // selectors that can never match are not errors, but the policy does not say what its author meant
        for (Glob g : processes) {
            if (g.text().contains("/")) {
                r.warning(f.get("process"), "process '" + g.text() + "' contains '/' and can never match: a process "
                        + "name is the program's name; a path goes under executable");
            }
        }
        for (Glob g : executables) {
            if (!g.text().startsWith("/") && !g.text().startsWith("*")) {
                r.warning(f.get("executable"), "executable '" + g.text() + "' can never match: executables are "
                        + "absolute paths (/usr/sbin/" + g.text() + "), or start with *");
            }
        }
        Set<String> users = f.containsKey("user") ? new HashSet<>(r.strings(f.get("user"), "user", null)) : Set.of();
        Set<String> services = new HashSet<>();
        if (f.containsKey("service")) {
            for (Node item : r.list(f.get("service"), "service", true).orElse(List.of())) {
                r.string(item, "service").ifPresent(s -> {
                    if (catalog.names().contains(s) || tableServices.test(s)) {
                        services.add(s);
                    } else {
                        r.error(item, "unknown service '" + s + "'" + YamlReader.suggestion(s, catalog.names())
                                + " (a service of rules/services.yaml or an IANA service name)");
                    }
                });
            }
        }
        Set<String> categories = f.containsKey("category")
                ? new HashSet<>(r.strings(f.get("category"), "category", catalog.categories())) : Set.of();
        Set<Reach> reachable = new HashSet<>();
        if (f.containsKey("reachable")) {
            r.strings(f.get("reachable"), "reachable", REACH_CLASSES).forEach(v -> reachable.add(Reach.parse(v)));
        }
        List<Glob> units = f.containsKey("unit")
                ? r.strings(f.get("unit"), "unit", null).stream().map(Glob::of).toList() : List.of();
        for (Glob g : units) {
            if (!g.text().contains("*") && !g.text().contains("?") && !g.text().matches(".+\\.(service|scope)")) {
                r.warning(f.get("unit"), "unit '" + g.text() + "' can never match: owners run in .service and .scope "
                        + "units (a socket-activated listener's .socket unit is not an owner's)");
            }
        }
        List<Glob> packages = f.containsKey("package")
                ? r.strings(f.get("package"), "package", null).stream().map(Glob::of).toList() : List.of();
        List<Glob> containers = f.containsKey("container")
                ? r.strings(f.get("container"), "container", null).stream().map(Glob::of).toList() : List.of();
        List<Glob> socketUnits = f.containsKey("socket-unit")
                ? r.strings(f.get("socket-unit"), "socket-unit", null).stream().map(Glob::of).toList() : List.of();
        if (r.problems.errorCount() > before) {
            return Optional.empty();
        }
        return Optional.of(new Selector(protocols, ports, exposures, addresses, processes, executables, users, services,
                categories, reachable, units, packages, containers, socketUnits));
    }

    private static String where(YamlReader r, Node node) {
        return SafeYaml.at(r.source, node.getStartMark());
    }

    /** Key text to key node, for positioning errors at a key. */
    private static Map<String, Node> keyNodes(Node node) {
        Map<String, Node> keys = new LinkedHashMap<>();
        if (node instanceof MappingNode m) {
            m.getValue().forEach(t -> {
                if (t.getKeyNode() instanceof ScalarNode s) {
                    keys.putIfAbsent(s.getValue(), t.getKeyNode());
                }
            });
        }
        return keys;
    }
}
