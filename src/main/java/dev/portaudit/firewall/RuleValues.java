package dev.portaudit.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portaudit.firewall.NftRuleset.Chain;
import dev.portaudit.firewall.NftRuleset.Rule;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The values a ruleset's rules compare with, compiled once per ruleset and kept in it: each rule's
 * leading port match and, per chain, which rules a port can pass; sets of ports, of names and of
 * addresses, sorted and merged; and the NAT rules with the targets they publish.
 */
final class RuleValues {

    private final NftRuleset ruleset;

    RuleValues(NftRuleset ruleset) {
        this.ruleset = ruleset;
    }

    /**
     * What a rule's leading port matches require, checked before anything else: a ruleset of thousands
     * of rules mostly differs by port, and most rules are decided by their port alone.
     */
    record Gate(List<String> protocols, List<List<int[]>> ports) {
        static final Gate OPEN = new Gate(List.of(), List.of());

        boolean admits(Packet p) {
            for (int i = 0; i < protocols.size(); i++) {
                String proto = protocols.get(i);
                // a reply's destination port is the client's, which is not known: only the protocol tells
                if (!proto.equals("th") && !proto.equals(p.l4()) || !p.reply() && !inPorts(ports.get(i), p.dport())) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The indices of a chain's rules whose port matches admit the packet's protocol and port, in
     * order: worked out once per chain and port, since every source of a listener asks the same.
     */
    int[] admitted(Chain c, Packet p) {
        if (c.rules().size() <= 1) {
            return c.rules().isEmpty() || gate(c.rules().get(0), c).admits(p) ? new int[] {0} : new int[0];
        }
        return ruleset.compiled(c, p.l4() + " " + (p.reply() ? "reply" : p.dport()), () -> {
            Gate[] gates = gates(c);
            PortIndex index = index(c, gates);
            Set<Integer> candidates = new HashSet<>(index.open());
            if (p.reply()) {
                for (int i = 0; i < gates.length; i++) {
                    candidates.add(i); // the port a reply goes to is not known: every rule may apply
                }
            }
            candidates.addAll(index.byPort().getOrDefault(p.dport(), List.of()));
            for (int[] span : index.spans()) {
                if (span[0] <= p.dport() && p.dport() <= span[1]) {
                    candidates.add(span[2]);
                }
            }
            return candidates.stream().filter(i -> gates[i].admits(p)).mapToInt(Integer::intValue).sorted().toArray();
        });
    }

    /**
     * A chain's rules by the ports their first port match names: those without one, those naming
     * single ports, and those naming spans; so that the rules a port may pass are found without
     * looking at every rule of a chain of thousands.
     */
    private record PortIndex(List<Integer> open, Map<Integer, List<Integer>> byPort, List<int[]> spans) {
    }

    private PortIndex index(Chain c, Gate[] gates) {
        return ruleset.compiled(c, "port index", () -> {
            List<Integer> open = new ArrayList<>();
            Map<Integer, List<Integer>> byPort = new HashMap<>();
            List<int[]> spans = new ArrayList<>();
            for (int i = 0; i < gates.length; i++) {
                if (gates[i].ports().isEmpty()) {
                    open.add(i);
                    continue;
                }
                for (int[] r : gates[i].ports().get(0)) {
                    if (r[0] == r[1]) {
                        byPort.computeIfAbsent(r[0], k -> new ArrayList<>()).add(i);
                    } else {
                        spans.add(new int[] {r[0], r[1], i});
                    }
                }
            }
            return new PortIndex(open, byPort, spans);
        });
    }

    /** The first admitted rule at or after {@code from}, or past the end when none is. */
    static int next(int[] admitted, int from) {
        int at = Arrays.binarySearch(admitted, from);
        int i = at >= 0 ? at : -at - 1;
        return i < admitted.length ? admitted[i] : Integer.MAX_VALUE;
    }

    /** Each rule's gate, compiled once per chain (a chain of one rule, as a verdict map makes, is not kept). */
    private Gate[] gates(Chain c) {
        if (c.rules().size() <= 1) {
            return c.rules().isEmpty() ? new Gate[0] : new Gate[] {gate(c.rules().get(0), c)};
        }
        return ruleset.compiled(c, "gates", () -> {
            Gate[] out = new Gate[c.rules().size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = gate(c.rules().get(i), c);
            }
            return out;
        });
    }

    /** A rule's gate: the port matches it leads with. */
    Gate gate(Rule r, Chain c) {
        {
            List<String> protocols = new ArrayList<>();
            List<List<int[]>> ports = new ArrayList<>();
            for (JsonNode e : r.expressions()) {
                if (e.has("counter") || e.has("log")) {
                    continue;
                }
                JsonNode m = e.path("match");
                JsonNode left = m.path("left").path("payload");
                String op = m.path("op").asText("");
                if (!m.isObject()) {
                    break; // a statement or verdict: what follows it is not a condition of the rule
                }
                if (left.path("field").asText().equals("dport") && (op.equals("==") || op.equals("in"))
                        && List.of("tcp", "udp", "th").contains(left.path("protocol").asText())) {
                    try {
                        protocols.add(left.path("protocol").asText());
                        ports.add(numbers(m.path("right"), c));
                    } catch (IllegalArgumentException ex) {
                        return Gate.OPEN; // an unreadable value: left for the full evaluation to report
                    }
                }
            }
            return protocols.isEmpty() ? Gate.OPEN : new Gate(protocols, ports);
        }
    }

    /**
     * A destination NAT rule as written: what it applies to and where it sends connections, for
     * finding the listeners a host port may lead to (the evaluation then decides if it does).
     *
     * @param family    "ip", "ip6" or "inet"
     * @param l4        "tcp" or "udp", or empty for any
     * @param hostPorts the destination ports the rule's leading port match requires; empty for any
     * @param address   the target address; null for a redirect (the incoming interface's own)
     * @param port      the target port, or -1 when the port is kept
     * @param rule      the rule
     */
    record Candidate(String family, String l4, List<int[]> hostPorts, InetAddress address, int port, String rule) {

        boolean admits(int hostPort) {
            return hostPorts.isEmpty() || inPorts(hostPorts, hostPort);
        }

        /** "8443", "1000-2000, 3000": the host ports as people write them. */
        String portsText() {
            List<String> out = new ArrayList<>();
            for (int[] r : hostPorts) {
                out.add(r[0] == r[1] ? String.valueOf(r[0]) : r[0] + "-" + r[1]);
            }
            return String.join(", ", out);
        }
    }

    /** Every dnat and redirect rule with a target nft wrote as an address and a port. */
    List<Candidate> candidates() {
        return ruleset.compiled(ruleset, "nat candidates", () -> {
            List<Candidate> out = new ArrayList<>();
            for (Chain c : fromPrerouting()) {
                for (Rule r : c.rules()) {
                    for (JsonNode e : r.expressions()) {
                        String kind = e.has("dnat") ? "dnat" : e.has("redirect") ? "redirect" : "";
                        if (kind.isEmpty()) {
                            continue;
                        }
                        candidate(c, r, kind, e.get(kind)).ifPresent(out::add);
                    }
                }
            }
            return out;
        });
    }

    /** The chains a packet can reach from a prerouting base chain: the base chains and what they jump to. */
    private List<Chain> fromPrerouting() {
        List<Chain> out = new ArrayList<>();
        List<Chain> todo = new ArrayList<>();
        for (boolean v6 : List.of(false, true)) {
            ruleset.baseChains("prerouting", v6).stream().filter(c -> !todo.contains(c)).forEach(todo::add);
        }
        while (!todo.isEmpty()) {
            Chain c = todo.remove(todo.size() - 1);
            if (out.contains(c)) {
                continue;
            }
            out.add(c);
            for (Rule r : c.rules()) {
                for (JsonNode e : r.expressions()) {
                    List<JsonNode> targets = new ArrayList<>(e.findValues("jump"));
                    targets.addAll(e.findValues("goto"));
                    for (JsonNode t : targets) {
                        ruleset.chain(c.family(), c.table(), t.path("target").asText()).ifPresent(todo::add);
                    }
                }
            }
        }
        return out;
    }

    private Optional<Candidate> candidate(Chain c, Rule r, String kind, JsonNode body) {
        JsonNode port = body.path("port");
        int to = port.isMissingNode() ? -1 : port.canConvertToInt() ? port.asInt() : -2;
        InetAddress address = null;
        if (kind.equals("dnat")) {
            if (!body.path("addr").isTextual()) {
                return Optional.empty();
            }
            try {
                address = AddressRange.literal(body.get("addr").asText());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        if (to == -2) {
            return Optional.empty();
        }
        Gate gate = gate(r, c);
        String family = body.path("family").isTextual() ? body.get("family").asText() : c.family();
        String l4 = gate.protocols().isEmpty() || gate.protocols().get(0).equals("th") ? ""
                : gate.protocols().get(0);
        List<int[]> ports = gate.ports().isEmpty() ? List.of() : gate.ports().get(0);
        String rule = c.describe() + " handle " + r.handle() + (r.comment().isEmpty() ? "" : " (\"" + r.comment()
                + "\")");
        return Optional.of(new Candidate(family, l4, ports, address, to, rule));
    }

    /** The key values are compiled under: a named set, or the JSON node of an anonymous one. */
    private Object source(JsonNode right, Chain c) {
        if (right.isTextual() && right.asText().startsWith("@")) {
            return ruleset.set(c.family(), c.table(), right.asText().substring(1)).map(s -> (Object) s)
                    .orElse(right);
        }
        return right;
    }

    /** The elements {@code right} stands for: a value, an anonymous set, a named set (@name), a list. */
    List<JsonNode> elements(JsonNode right, Chain c) {
        List<JsonNode> out = new ArrayList<>();
        if (right.isTextual() && right.asText().startsWith("@")) {
            ruleset.set(c.family(), c.table(), right.asText().substring(1)).ifPresent(s -> out.addAll(s.elements()));
        } else if (right.has("set")) {
            right.get("set").forEach(out::add);
        } else if (right.isArray()) {
            right.forEach(out::add);
        } else {
            out.add(right);
        }
        List<JsonNode> flat = new ArrayList<>();
        for (JsonNode e : out) {
            flat.add(e.has("elem") ? e.get("elem").path("val") : e); // an element with a timeout or comment
        }
        return flat;
    }

    Set<String> strings(JsonNode right, Chain c) {
        return ruleset.compiled(source(right, c), "strings", () -> {
            Set<String> out = new HashSet<>();
            for (JsonNode e : elements(right, c)) {
                out.add(e.asText().toLowerCase(Locale.ROOT));
            }
            return out;
        });
    }

    /** Port intervals, sorted by start. */
    List<int[]> numbers(JsonNode right, Chain c) {
        return ruleset.compiled(source(right, c), "ports", () -> {
            List<int[]> out = new ArrayList<>();
            for (JsonNode e : elements(right, c)) {
                if (e.has("range")) {
                    out.add(new int[] {port(e.get("range").get(0)), port(e.get("range").get(1))});
                } else {
                    int n = port(e);
                    out.add(new int[] {n, n});
                }
            }
            out.sort((a, b) -> Integer.compare(a[0], b[0]));
            return out;
        });
    }

    static boolean inPorts(List<int[]> ranges, int port) {
        for (int[] r : ranges) {
            if (r[0] > port) {
                return false;
            }
            if (port <= r[1]) {
                return true;
            }
        }
        return false;
    }

    private static final Map<String, Integer> SERVICES = Map.of("ssh", 22, "http", 80, "https", 443, "domain", 53,
            "smtp", 25, "telnet", 23, "ftp", 21, "ntp", 123, "snmp", 161, "bootps", 67);

    private static int port(JsonNode n) {
        if (n.canConvertToInt()) {
            return n.asInt();
        }
        Integer known = SERVICES.get(n.asText());
        if (known == null) {
            throw new IllegalArgumentException("port '" + n.asText() + "' is not a number");
        }
        return known;
    }

    Ranges addresses(JsonNode right, Chain c, boolean v6) {
        return ruleset.compiled(source(right, c), v6 ? "ip6" : "ip", () -> {
            List<AddressRange> out = new ArrayList<>();
            for (JsonNode e : elements(right, c)) {
                if (e.has("prefix")) {
                    InetAddress a = AddressRange.literal(e.get("prefix").path("addr").asText());
                    out.add(AddressRange.prefix(a, e.get("prefix").path("len").asInt()));
                } else if (e.has("range")) {
                    AddressRange a = AddressRange.of(AddressRange.literal(e.get("range").get(0).asText()));
                    AddressRange b = AddressRange.of(AddressRange.literal(e.get("range").get(1).asText()));
                    out.add(new AddressRange(a.v6(), a.first(), b.last()));
                } else if (e.isTextual()) {
                    out.add(AddressRange.single(e.asText()));
                }
            }
            out.removeIf(r -> r.v6() != v6);
            return new Ranges(out);
        });
    }
}
