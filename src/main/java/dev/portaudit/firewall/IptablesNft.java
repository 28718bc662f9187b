package dev.portaudit.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules that iptables-nft wrote (Docker's, Kubernetes', firewalld's older backends) live in the
 * nftables ruleset, but a match or target with no native nftables form is stored as an {@code xt}
 * expression whose options {@code nft -j} does not print: a DNAT without its destination, an
 * addrtype without its type. {@code iptables-nft-save} reads the same rules back with their options.
 * Tables holding such expressions are taken from that save instead, translated like iptables-legacy's,
 * each rule keeping the handle nft gave it (the save lists a chain's rules in the same order).
 */
final class IptablesNft {

    private IptablesNft() {
    }

    /** The "family table" of every ip and ip6 table that holds an xt expression. */
    static Set<String> opaqueTables(List<JsonNode> items) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode item : items) {
            JsonNode r = item.path("rule");
            String family = r.path("family").asText();
            if ((family.equals("ip") || family.equals("ip6")) && !r.path("expr").findValues("xt").isEmpty()) {
                out.add(family + " " + r.path("table").asText());
            }
        }
        return out;
    }

    /**
     * The items with the opaque tables replaced by their translation from the saves. A table the
     * save does not list, or lists with a different number of rules in a chain (the ruleset changed
     * between the two reads), is kept as nft printed it.
     *
     * @param saves the output of iptables-nft-save ("ip") and ip6tables-nft-save ("ip6"), where read
     */
    static List<JsonNode> replace(List<JsonNode> items, Map<String, String> saves) {
        Set<String> opaque = opaqueTables(items);
        Map<String, List<JsonNode>> translated = new HashMap<>();
        for (Map.Entry<String, String> save : saves.entrySet()) {
            for (JsonNode t : LegacyRules.items(save.getValue(), save.getKey(), "")) {
                JsonNode body = t.has("chain") ? t.get("chain") : t.get("rule");
                String table = save.getKey() + " " + body.path("table").asText();
                if (opaque.contains(table)) {
                    translated.computeIfAbsent(table, k -> new ArrayList<>()).add(t);
                }
            }
        }
        Map<String, List<Long>> handles = new HashMap<>();
        for (JsonNode item : items) {
            JsonNode r = item.path("rule");
            if (r.isObject()) {
                handles.computeIfAbsent(r.path("family").asText() + " " + r.path("table").asText() + " "
                        + r.path("chain").asText(), k -> new ArrayList<>()).add(r.path("handle").asLong(-1));
            }
        }
        translated.entrySet().removeIf(e -> !withHandles(e.getKey(), e.getValue(), handles));
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode item : items) {
            String kind = item.fieldNames().hasNext() ? item.fieldNames().next() : "";
            JsonNode body = item.path(kind);
            if (!translated.containsKey(body.path("family").asText() + " " + (kind.equals("table")
                    ? body.path("name").asText() : body.path("table").asText()))) {
                out.add(item);
            }
        }
        translated.values().forEach(out::addAll);
        return out;
    }

    /** Gives each translated rule its nft handle; false when a chain's rule count differs from nft's. */
    private static boolean withHandles(String table, List<JsonNode> translated, Map<String, List<Long>> handles) {
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode t : translated) {
            if (!t.has("rule")) {
                continue;
            }
            ObjectNode r = (ObjectNode) t.get("rule");
            String chain = table + " " + r.path("chain").asText();
            int n = seen.merge(chain, 1, Integer::sum) - 1;
            List<Long> known = handles.getOrDefault(chain, List.of());
            if (n >= known.size()) {
                return false;
            }
            r.put("handle", known.get(n));
        }
        return seen.entrySet().stream().allMatch(e -> handles.getOrDefault(e.getKey(), List.of()).size()
                == e.getValue()) && handles.keySet().stream().filter(k -> k.startsWith(table + " "))
                .allMatch(seen::containsKey);
    }
}
