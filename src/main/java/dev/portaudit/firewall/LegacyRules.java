package dev.portaudit.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * iptables-legacy rules, which nft cannot see, as {@code iptables-legacy-save} prints them, turned
 * into the items of an {@code nft -j} ruleset so one evaluator judges both: each table's chains on
 * the hooks a new connection crosses (raw, mangle and nat PREROUTING, with DNAT and REDIRECT; mangle
 * and filter INPUT, and FORWARD for what DNAT sends on; and their user chains), with the matches the
 * evaluator knows. A match module or target it
 * does not know becomes an opaque {@code xt} item, judged both ways like iptables-nft's.
 */
final class LegacyRules {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where iptables' tables hook in: priorities as nftables gives its own tables. */
    private static final Map<String, Integer> PRIORITY = Map.of("raw", -300, "mangle", -150, "nat", -100,
            "filter", 0);
    private static final Set<String> ON_THE_WAY_IN = Set.of("PREROUTING", "INPUT", "FORWARD");
    private static final Set<String> NO_OP_TARGETS = Set.of("LOG", "NFLOG", "MARK", "CONNMARK", "TOS", "DSCP",
            "CT", "NOTRACK", "TRACE", "AUDIT", "CLASSIFY");

    private LegacyRules() {
    }

    /**
     * The rules of one save, as nft JSON items.
     *
     * @param family "ip" for iptables-legacy-save, "ip6" for ip6tables-legacy-save
     */
    static List<JsonNode> items(String save, String family) {
        return items(save, family, "iptables-legacy-");
    }

    /**
     * The rules of one save, their tables named with a prefix that says where they came from.
     *
     * @param prefix "iptables-legacy-" for the live legacy tables; "iptables-save-" for a saved file,
     *               whichever backend wrote it
     */
    static List<JsonNode> items(String save, String family, String prefix) {
        List<JsonNode> out = new ArrayList<>();
        String table = null;
        Set<String> chains = new HashSet<>();
        int handle = 0;
        int number = 0;
        for (String line : save.split("\n")) {
            number++;
            line = line.strip();
            if (line.startsWith("*")) {
                table = line.substring(1);
                chains.clear();
            } else if (line.startsWith(":") && table != null) {
                String[] f = line.substring(1).split("\\s+");
                chains.add(f[0]);
                ObjectNode c = JSON.createObjectNode();
                c.put("family", family);
                c.put("table", prefix + table);
                c.put("name", f[0]);
                if (ON_THE_WAY_IN.contains(f[0]) && PRIORITY.containsKey(table)) {
                    c.put("type", table.equals("nat") ? "nat" : "filter");
                    c.put("hook", f[0].toLowerCase(Locale.ROOT));
                    c.put("prio", PRIORITY.get(table));
                    c.put("policy", f.length > 1 && f[1].equals("DROP") ? "drop" : "accept");
                }
                out.add(JSON.createObjectNode().set("chain", c));
            } else if (line.startsWith("-A ") && table != null) {
                if (tokens(line).size() < 2) {
                    throw new IllegalArgumentException("line " + number + " of the iptables rules: a rule without "
                            + "a chain");
                }
                out.add(rule(line, family, prefix + table, ++handle, chains));
            }
        }
        return out;
    }

    private static JsonNode rule(String line, String family, String table, int handle, Set<String> chains) {
        List<String> t = tokens(line);
        ObjectNode r = JSON.createObjectNode();
        r.put("family", family);
        r.put("table", table);
        r.put("chain", t.get(1));
        r.put("handle", handle);
        ArrayNode expr = r.putArray("expr");
        String proto = null;
        boolean not = false;
        List<JsonNode> verdict = new ArrayList<>();
        for (int i = 2; i < t.size(); i++) {
            String o = t.get(i);
            String v = i + 1 < t.size() ? t.get(i + 1) : "";
            switch (o) {
                case "!" -> {
                    not = true;
                    continue;
                }
                case "-p", "--protocol" -> {
                    proto = v.toLowerCase(Locale.ROOT);
                    expr.add(match(not, meta("l4proto"), JSON.getNodeFactory().textNode(proto)));
                    i++;
                }
                case "-s", "--source", "-d", "--destination" -> {
                    expr.add(match(not, payload(family, o.startsWith("-s") || o.equals("--source") ? "saddr" : "daddr"),
                            address(v)));
                    i++;
                }
                case "-i", "--in-interface" -> {
                    expr.add(match(not, meta("iifname"), JSON.getNodeFactory().textNode(v.endsWith("+")
                            ? v.substring(0, v.length() - 1) + "*" : v)));
                    i++;
                }
                case "-o", "--out-interface" -> {
                    // known for what is forwarded to a connected subnet; unknown otherwise
                    expr.add(match(not, meta("oifname"), JSON.getNodeFactory().textNode(v.endsWith("+")
                            ? v.substring(0, v.length() - 1) + "*" : v)));
                    i++;
                }
                case "--dport", "--destination-port", "--dports", "--destination-ports" -> {
                    expr.add(proto == null || !(proto.equals("tcp") || proto.equals("udp"))
                            ? xt("match", o.substring(2) + " without -p tcp or udp")
                            : match(not, payload(proto, "dport"), ports(v)));
                    i++;
                }
                case "--ctstate", "--state" -> {
                    ArrayNode states = JSON.createArrayNode();
                    for (String s : v.split(",")) {
                        states.add(s.toLowerCase(Locale.ROOT));
                    }
                    ObjectNode ct = JSON.createObjectNode();
                    ct.putObject("ct").put("key", "state");
                    expr.add(match(not, ct, states));
                    i++;
                }
                case "--comment" -> {
                    r.put("comment", v);
                    i++;
                }
                case "-m", "--match" -> {
                    i++;
                    if (v.equals("addrtype") && addrtype(t, i) != null) {
                        // --dst-type as nft writes it: fib daddr type (Docker's "LOCAL" guard on its DNAT chain)
                        boolean negated = t.get(i + 1).equals("!");
                        ObjectNode fib = JSON.createObjectNode();
                        fib.putObject("fib").put("result", "type").putArray("flags").add("daddr");
                        expr.add(match(negated, fib, JSON.getNodeFactory().textNode(addrtype(t, i))));
                        i += negated ? 3 : 2;
                    } else if (!Set.of("tcp", "udp", "multiport", "conntrack", "state", "comment").contains(v)) {
                        expr.add(xt("match", v));
                        i = skipOptions(t, i);
                    }
                }
                case "-j", "--jump", "-g", "--goto" -> {
                    if (i + 1 >= t.size()) {
                        throw new IllegalArgumentException("a rule of chain " + t.get(1) + " jumps nowhere");
                    }
                    int end = skipOptions(t, i + 1);
                    verdict.add(target(v, o.equals("-g") || o.equals("--goto"), t.subList(i + 2, end + 1), chains));
                    i = end;
                }
                default -> expr.add(xt("match", o));
            }
            not = false;
        }
        verdict.forEach(expr::add);
        return JSON.createObjectNode().set("rule", r);
    }

    /**
     * The address type of "-m addrtype [!] --dst-type TYPE" when that is all the match says, in nft's
     * words ("local"); null for anything else (a source type, an interface limit), left opaque.
     */
    private static String addrtype(List<String> t, int i) {
        int at = i + 1 < t.size() && t.get(i + 1).equals("!") ? i + 2 : i + 1;
        if (at + 1 >= t.size() || !t.get(at).equals("--dst-type")) {
            return null;
        }
        boolean more = at + 2 < t.size() && t.get(at + 2).startsWith("--") && !Set.of("--dport", "--dports",
                "--ctstate", "--state", "--comment").contains(t.get(at + 2));
        return more ? null : t.get(at + 1).toLowerCase(Locale.ROOT);
    }

    /** Past a module's or a target's own options ("--name x --rcheck"), to the next rule option. */
    private static int skipOptions(List<String> t, int i) {
        while (i + 1 < t.size() && !Set.of("-p", "-s", "-d", "-i", "-o", "-m", "-j", "-g", "!", "--protocol",
                "--source", "--destination", "--in-interface", "--match", "--jump", "--goto").contains(t.get(i + 1))
                && !(t.get(i + 1).equals("--dport") || t.get(i + 1).equals("--dports")
                        || t.get(i + 1).equals("--ctstate") || t.get(i + 1).equals("--state")
                        || t.get(i + 1).equals("--comment"))) {
            i++;
        }
        return i;
    }

    private static JsonNode target(String target, boolean isGoto, List<String> options, Set<String> chains) {
        ObjectNode n = JSON.createObjectNode();
        switch (target) {
            case "ACCEPT" -> n.putNull("accept");
            case "DROP" -> n.putNull("drop");
            case "REJECT" -> n.putNull("reject");
            case "RETURN" -> n.putNull("return");
            case "DNAT" -> n.set("dnat", dnat(option(options, "--to-destination")));
            case "REDIRECT" -> n.set("redirect", redirect(option(options, "--to-ports")));
            default -> {
                if (chains.contains(target)) {
                    // a chain the table declares, whatever its case (Docker's are DOCKER, DOCKER-USER)
                    n.putObject(isGoto ? "goto" : "jump").put("target", target);
                } else if (NO_OP_TARGETS.contains(target)) {
                    n.putNull("counter"); // goes on to the next rule, as a log or a mark does
                } else {
                    return xt("target", target);
                }
            }
        }
        return n;
    }

    private static String option(List<String> options, String name) {
        int at = options.indexOf(name);
        return at >= 0 && at + 1 < options.size() ? options.get(at + 1) : "";
    }

    /**
     * "--to-destination 10.0.0.2:80" ("[fd00::2]:80" in ip6tables) as nft writes a dnat: an address
     * and a port. A range of addresses or ports is left as text, which the evaluator does not follow.
     */
    private static JsonNode dnat(String to) {
        ObjectNode n = JSON.createObjectNode();
        String address = to;
        String port = "";
        if (to.startsWith("[") && to.contains("]")) {
            address = to.substring(1, to.indexOf(']'));
            port = to.substring(to.indexOf(']') + 1).replaceFirst("^:", "");
        } else if (to.indexOf(':') == to.lastIndexOf(':') && to.contains(":")) {
            address = to.substring(0, to.indexOf(':'));
            port = to.substring(to.indexOf(':') + 1);
        }
        if (address.isEmpty() || address.contains("-")) {
            n.putObject("addr").put("range", address); // not one address: not followed
        } else {
            n.put("addr", address);
        }
        if (!port.isEmpty()) {
            n.set("port", number(port));
        }
        return n;
    }

    /** "--to-ports 8080" as nft writes a redirect. */
    private static JsonNode redirect(String ports) {
        ObjectNode n = JSON.createObjectNode();
        if (!ports.isEmpty()) {
            n.set("port", number(ports));
        }
        return n;
    }

    private static JsonNode xt(String type, String name) {
        ObjectNode n = JSON.createObjectNode();
        n.putObject("xt").put("type", type).put("name", name);
        return n;
    }

    private static ObjectNode match(boolean not, JsonNode left, JsonNode right) {
        ObjectNode m = JSON.createObjectNode();
        ObjectNode body = m.putObject("match");
        body.put("op", not ? "!=" : "==");
        body.set("left", left);
        body.set("right", right);
        return m;
    }

    private static ObjectNode meta(String key) {
        ObjectNode n = JSON.createObjectNode();
        n.putObject("meta").put("key", key);
        return n;
    }

    private static ObjectNode payload(String protocol, String field) {
        ObjectNode n = JSON.createObjectNode();
        n.putObject("payload").put("protocol", protocol).put("field", field);
        return n;
    }

    private static JsonNode address(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return JSON.getNodeFactory().textNode(text);
        }
        ObjectNode n = JSON.createObjectNode();
        ObjectNode p = n.putObject("prefix");
        p.put("addr", text.substring(0, slash));
        String len = text.substring(slash + 1);
        p.put("len", len.matches("\\d+") ? Integer.parseInt(len) : -1);
        return n;
    }

    /** "22", "1000:2000", "5353,9001" as an anonymous set of ports and ranges. */
    private static JsonNode ports(String text) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode set = n.putArray("set");
        for (String p : text.split(",")) {
            if (p.contains(":")) {
                ArrayNode range = set.addObject().putArray("range");
                range.add(number(p.substring(0, p.indexOf(':'))));
                range.add(number(p.substring(p.indexOf(':') + 1)));
            } else {
                set.add(number(p));
            }
        }
        return n;
    }

    private static JsonNode number(String s) {
        return s.matches("\\d+") ? JSON.getNodeFactory().numberNode(Integer.parseInt(s))
                : JSON.getNodeFactory().textNode(s);
    }

    /** The words of a save line; quoted words ("--comment \"a b\"") stay whole. */
    static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < line.length()) {
                b.append(line.charAt(++i));
            } else if (Character.isWhitespace(c) && !quoted) {
                if (b.length() > 0) {
                    out.add(b.toString());
                    b.setLength(0);
                }
            } else {
                b.append(c);
            }
        }
        if (b.length() > 0) {
            out.add(b.toString());
        }
        return out;
    }
}
