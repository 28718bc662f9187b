package dev.portaudit.firewall;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * An nftables ruleset as {@code nft -j list ruleset} prints it: tables, chains (base chains with
 * their hook, priority and policy), rules with their expressions, and named sets and maps. Rules'
 * expressions are kept as the JSON nft wrote, for {@link NftEvaluator} to interpret; everything it
 * needs is checked here, so that a ruleset that cannot be read is refused whole, with where.
 */
public final class NftRuleset {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A chain; a base chain has a hook. */
    public record Chain(String family, String table, String name, Optional<String> type, Optional<String> hook,
            int priority, String policy, List<Rule> rules) {

        /** "inet filter input". */
        public String describe() {
            return family + " " + table + " " + name;
        }
    }

    /** A rule: its handle, its comment, and its expressions in order. */
    public record Rule(long handle, String comment, List<JsonNode> expressions) {
    }

    /** A named set or map: its elements as nft wrote them (for a map, [key, value] pairs). */
    public record NamedSet(String family, String table, String name, boolean map, List<JsonNode> elements) {
    }

    private final Map<String, Chain> chains;
    private final Map<String, NamedSet> sets;

    private NftRuleset(Map<String, Chain> chains, Map<String, NamedSet> sets) {
        this.chains = chains;
        this.sets = sets;
    }

    /**
     * Values compiled once per ruleset (a set's addresses sorted and merged, its ports, its names),
     * by the JSON node nft wrote them in or by the named set, and what each kind of reading made.
     */
    private final Map<Object, Object> compiled = new ConcurrentHashMap<>();

    private record Compiled(Object node, String kind) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Compiled c && c.node == node && c.kind.equals(kind);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(node) * 31 + kind.hashCode();
        }
    }

    /**
     * A value compiled once. Listeners are judged on several threads: two may both compile a value the
     * first time (it is a pure function of the ruleset), and the first one kept is what all use. Not
     * computeIfAbsent: compiling one value asks for others.
     */
    @SuppressWarnings("unchecked")
    <T> T compiled(Object node, String kind, Supplier<T> make) {
        Compiled key = new Compiled(node, kind);
        Object v = compiled.get(key);
        if (v == null) {
            Object made = make.get();
            v = compiled.putIfAbsent(key, made);
            return (T) (v == null ? made : v);
        }
        return (T) v;
    }

    public static NftRuleset empty() {
        return new NftRuleset(Map.of(), Map.of());
    }

    private static String key(String family, String table, String name) {
        return family + "\u0000" + table + "\u0000" + name;
    }

    public Optional<Chain> chain(String family, String table, String name) {
        return Optional.ofNullable(chains.get(key(family, table, name)));
    }

    /** Every chain, base or not. */
    public List<Chain> chains() {
        return List.copyOf(chains.values());
    }

    public Optional<NamedSet> set(String family, String table, String name) {
        return Optional.ofNullable(sets.get(key(family, table, name)));
    }

    /** The base chains of a hook that a packet of this IP family crosses, in priority order. */
    public List<Chain> baseChains(String hook, boolean ipv6) {
        List<Chain> out = new ArrayList<>();
        for (Chain c : chains.values()) {
            boolean family = c.family().equals("inet") || c.family().equals(ipv6 ? "ip6" : "ip");
            if (family && c.hook().map(hook::equals).orElse(false)) {
                out.add(c);
            }
        }
        out.sort((a, b) -> Integer.compare(a.priority(), b.priority()));
        return out;
    }

    /** @throws IllegalArgumentException naming what is wrong and where */
    public static NftRuleset parse(String text) {
        return parse(text, List.of());
    }

    /**
     * The ruleset with items of other origin added, as iptables-legacy's tables translated.
     *
     * @throws IllegalArgumentException naming what is wrong and where
     */
    public static NftRuleset parse(String text, List<JsonNode> more) {
        List<JsonNode> items = new ArrayList<>(items(text));
        items.addAll(more);
        return of(items);
    }

    /**
     * The items of an {@code nft -j list ruleset} document, not yet checked one by one.
     *
     * @throws IllegalArgumentException when it is not JSON, or not that document
     */
    static List<JsonNode> items(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON" + (e.getLocation() == null ? ": " + e.getOriginalMessage()
                    : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || !root.path("nftables").isArray()) {
            throw new IllegalArgumentException("not an 'nft -j list ruleset' document: no \"nftables\" array");
        }
        List<JsonNode> items = new ArrayList<>();
        root.get("nftables").forEach(items::add);
        return items;
    }

    /** @throws IllegalArgumentException naming what is wrong and where */
    static NftRuleset of(List<JsonNode> items) {
        Map<String, Chain> chains = new LinkedHashMap<>();
        Map<String, List<Rule>> rules = new LinkedHashMap<>();
        Map<String, NamedSet> sets = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode item : items) {
            String at = "nftables[" + i++ + "]";
            if (item.has("chain")) {
                JsonNode c = item.get("chain");
                String k = key(text(c, "family", at), text(c, "table", at), text(c, "name", at));
                List<Rule> list = rules.computeIfAbsent(k, x -> new ArrayList<>());
                chains.put(k, new Chain(c.get("family").asText(), c.get("table").asText(), c.get("name").asText(),
                        optional(c, "type"), optional(c, "hook"), priority(c.path("prio"), at),
                        c.path("policy").asText("accept"), list));
            } else if (item.has("rule")) {
                JsonNode r = item.get("rule");
                String k = key(text(r, "family", at), text(r, "table", at), text(r, "chain", at));
                if (!r.path("expr").isArray()) {
                    throw new IllegalArgumentException(at + ": a rule without \"expr\"");
                }
                List<JsonNode> expr = new ArrayList<>();
                r.get("expr").forEach(expr::add);
                rules.computeIfAbsent(k, x -> new ArrayList<>()).add(new Rule(r.path("handle").asLong(-1),
                        r.path("comment").asText(""), expr));
            } else if (item.has("set") || item.has("map")) {
                boolean map = item.has("map");
                JsonNode s = item.get(map ? "map" : "set");
                List<JsonNode> elements = new ArrayList<>();
                s.path("elem").forEach(elements::add);
                sets.put(key(text(s, "family", at), text(s, "table", at), text(s, "name", at)),
                        new NamedSet(s.get("family").asText(), s.get("table").asText(), s.get("name").asText(), map,
                                elements));
            }
        }
        // rules listed before their chain (nft never does, a hand-made file might) still belong to it
        for (Map.Entry<String, List<Rule>> e : rules.entrySet()) {
            if (!chains.containsKey(e.getKey()) && !e.getValue().isEmpty()) {
                throw new IllegalArgumentException("rules of chain " + e.getKey().replace('\u0000', ' ')
                        + ", which the ruleset does not define");
            }
        }
        return new NftRuleset(chains, sets);
    }

    private static String text(JsonNode n, String field, String at) {
        if (!n.path(field).isTextual()) {
            throw new IllegalArgumentException(at + ": no \"" + field + "\"");
        }
        return n.get(field).asText();
    }

    private static Optional<String> optional(JsonNode n, String field) {
        return n.path(field).isTextual() ? Optional.of(n.get(field).asText()) : Optional.empty();
    }

    /** nft prints a base chain's priority as a number, or a name with an offset in older versions. */
    private static int priority(JsonNode prio, String at) {
        if (prio.isMissingNode() || prio.isNull()) {
            return 0;
        }
        if (prio.canConvertToInt()) {
            return prio.asInt();
        }
        Map<String, Integer> named = Map.of("raw", -300, "mangle", -150, "dstnat", -100, "filter", 0,
                "security", 50, "srcnat", 100);
        String t = prio.asText().replace(" ", "");
        for (Map.Entry<String, Integer> e : named.entrySet()) {
            if (t.startsWith(e.getKey())) {
                String rest = t.substring(e.getKey().length());
                try {
                    return e.getValue() + (rest.isEmpty() ? 0 : Integer.parseInt(rest.replace("+", "")));
                } catch (NumberFormatException ex) {
                    break;
                }
            }
        }
        throw new IllegalArgumentException(at + ": chain priority " + prio + " is not a number");
    }
}
