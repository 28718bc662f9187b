package dev.portaudit.policy;

import dev.portaudit.model.Severity;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads of a YAML node tree that record a positioned problem instead of failing, so a file's
 * every problem is found in one pass. Each read returns empty when the node was wrong.
 */
final class YamlReader {

    final String source;
    final Problems problems;

    YamlReader(String source, Problems problems) {
        this.source = source;
        this.problems = problems;
    }

    void error(Node at, String message) {
        problems.error(source, at, message);
    }

    void warning(Node at, String message) {
        problems.warning(source, at, message);
    }

    /** A mapping's entries by key; unknown keys (with a suggestion) and duplicates are errors. */
    Optional<Map<String, Node>> mapping(Node node, String what, Collection<String> allowed) {
        if (!(node instanceof MappingNode m)) {
            error(node, what + " must be a mapping of keys to values, not " + kind(node));
            return Optional.empty();
        }
        Map<String, Node> out = new LinkedHashMap<>();
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode ks) || k.getTag().equals(Tag.NULL)) {
                error(k, what + " has a key that is not a plain name");
                continue;
            }
            String key = ks.getValue();
            Node first = keys.putIfAbsent(key, k);
            if (first != null) {
                error(k, "duplicate key '" + key + "' in " + what + " (first at line "
                        + (first.getStartMark().getLine() + 1) + ")");
                continue;
            }
            if (allowed != null && !allowed.contains(key)) {
                error(k, "unknown key '" + key + "' in " + what + suggestion(key, allowed)
                        + " (allowed: " + String.join(", ", allowed) + ")");
                continue;
            }
            out.put(key, t.getValueNode());
        }
        return Optional.of(out);
    }

    /** A sequence's items; a single value stands for a one-item list when {@code single} is true. */
    Optional<List<Node>> list(Node node, String what, boolean single) {
        if (node instanceof SequenceNode s) {
            return Optional.of(s.getValue());
        }
        if (single && node instanceof ScalarNode && !node.getTag().equals(Tag.NULL)) {
            return Optional.of(List.of(node));
        }
        error(node, what + " must be a list" + (single ? " or a single value" : "") + ", not " + kind(node));
        return Optional.empty();
    }

    Optional<String> string(Node node, String what) {
        if (node instanceof ScalarNode s && !node.getTag().equals(Tag.NULL)) {
            if (s.getValue().isBlank()) {
                error(node, what + " must not be empty");
                return Optional.empty();
            }
            return Optional.of(s.getValue());
        }
        error(node, what + " must be a text value, not " + kind(node));
        return Optional.empty();
    }

    Optional<Boolean> bool(Node node, String what) {
        if (node instanceof ScalarNode s && node.getTag().equals(Tag.BOOL)) {
            String v = s.getValue().toLowerCase(Locale.ROOT);
            return Optional.of(v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y"));
        }
        error(node, what + " must be true or false, not " + describe(node));
        return Optional.empty();
    }

    Optional<Integer> port(Node node, String what) {
        if (node instanceof ScalarNode s && node.getTag().equals(Tag.INT)) {
            try {
                int p = Integer.parseInt(s.getValue().replace("_", ""));
                if (p >= 0 && p <= 65535) {
                    return Optional.of(p);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            error(node, what + " " + s.getValue() + " is out of range (allowed: 0-65535)");
            return Optional.empty();
        }
        error(node, what + " must be a port number 0-65535, not " + describe(node));
        return Optional.empty();
    }

    /** A port ({@code 22}) or an inclusive range ({@code 6000-6063}). */
    Optional<PortSpan> portSpan(Node node, String what) {
        if (node instanceof ScalarNode s && node.getTag().equals(Tag.INT)) {
            return port(node, what).map(p -> new PortSpan(p, p));
        }
        if (node instanceof ScalarNode s && node.getTag().equals(Tag.STR)) {
            String v = s.getValue().strip();
            int dash = v.indexOf('-');
            if (dash > 0) {
                try {
                    int a = Integer.parseInt(v.substring(0, dash).strip());
                    int b = Integer.parseInt(v.substring(dash + 1).strip());
                    if (a < 0 || b > 65535 || a > 65535 || b < 0) {
                        error(node, what + " '" + v + "' is out of range (allowed: 0-65535)");
                        return Optional.empty();
                    }
                    if (a > b) {
                        error(node, what + " '" + v + "' is inverted (write the lower port first: " + b + "-" + a + ")");
                        return Optional.empty();
                    }
                    return Optional.of(new PortSpan(a, b));
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
        }
        error(node, what + " must be a port (22) or a range (6000-6063), not " + describe(node));
        return Optional.empty();
    }

    Optional<Severity> severity(Node node, String what) {
        Optional<String> s = string(node, what);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Severity.parse(s.get()));
        } catch (IllegalArgumentException e) {
            error(node, what + " '" + s.get() + "' is not a severity" + suggestion(s.get(),
                    List.of("info", "low", "medium", "high", "critical"))
                    + " (allowed: info, low, medium, high, critical)");
            return Optional.empty();
        }
    }

    Optional<LocalDate> date(Node node, String what) {
        if (node instanceof ScalarNode s && (node.getTag().equals(Tag.TIMESTAMP) || node.getTag().equals(Tag.STR))) {
            try {
                return Optional.of(LocalDate.parse(s.getValue().strip()));
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        error(node, what + " must be a date YYYY-MM-DD, not " + describe(node));
        return Optional.empty();
    }

    /** Reads a one-or-many value as a list of strings, each checked by {@code allowed} when given. */
    List<String> strings(Node node, String what, Collection<String> allowed) {
        List<String> out = new ArrayList<>();
        list(node, what, true).ifPresent(items -> {
            if (items.isEmpty()) {
                error(node, what + " must not be an empty list (leave the key out to match any)");
            }
            for (Node item : items) {
                string(item, what).ifPresent(v -> {
                    if (allowed != null && !allowed.contains(v)) {
                        error(item, "unknown " + what + " '" + v + "'" + suggestion(v, allowed)
                                + (allowed.size() <= 16 ? " (allowed: " + String.join(", ", allowed) + ")" : ""));
                    } else {
                        out.add(v);
                    }
                });
            }
        });
        return out;
    }

    static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node.getTag().equals(Tag.NULL)) {
            return "an empty value";
        }
        return "a value";
    }

    static String describe(Node node) {
        if (node instanceof ScalarNode s && !node.getTag().equals(Tag.NULL)) {
            String v = s.getValue();
            return "'" + (v.length() > 40 ? v.substring(0, 40) + "…" : v) + "'";
        }
        return kind(node);
    }

    /** ", did you mean 'x'?" for the closest allowed word within a small edit distance. */
    static String suggestion(String word, Collection<String> allowed) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (lower.length() >= 3) {
            for (String candidate : allowed) {
                if (candidate.toLowerCase(Locale.ROOT).startsWith(lower)) {
                    return ", did you mean '" + candidate + "'?";
                }
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int d = distance(word.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        int limit = Math.max(2, word.length() / 3);
        return best != null && bestDistance <= limit ? ", did you mean '" + best + "'?" : "";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
