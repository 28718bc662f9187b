package dev.portaudit.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portaudit.firewall.NftRuleset.Chain;
import dev.portaudit.firewall.NftRuleset.Rule;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Follows a new connection's first packet through the base chains it crosses as the kernel would:
 * prerouting, where a {@code dnat} or {@code redirect} may rewrite its destination, then input if
 * the destination is the host's own or forward if it is not; every base chain of a hook across the
 * inet and ip/ip6 tables in priority order (an accept ends only its own chain; once a NAT chain has
 * mapped the connection, later NAT chains of the hook are not consulted), rules in order,
 * jump/goto/return, chain policies, named and anonymous sets, verdict maps. The routing decision
 * between the hooks is the kernel's too: a loopback destination arriving on another interface is
 * dropped unless route_localnet allows it, and nothing is forwarded unless forwarding is on.
 *
 * <p>A match it cannot decide is not guessed: evaluation follows both ways (matched and not), and
 * the verdict is whatever both ways reach; where they differ it is unknown, naming the construct. A
 * match on the source address that holds for some of a source's possible addresses and not others
 * also forks; that one is decidable ("open from some addresses"), not unknown.
 */
final class NftEvaluator {

    /** How a way through the ruleset ends: delivered to a local socket (accept), or forwarded on. */
    enum End { ACCEPT, FORWARD, DROP, REJECT, RETURN, UNDECIDED }

    /**
     * A destination rewritten in prerouting.
     *
     * @param address the new destination address
     * @param port    the new destination port
     * @param rule    the rule that rewrote it
     */
    record Nat(InetAddress address, int port, String rule) {
    }

    /**
     * One way through the ruleset.
     *
     * @param end       how it ends
     * @param decidedBy the rule or policy that ended it
     * @param bySource  whether it depends on which source address the packet has
     * @param unknown   constructs whose outcome it assumed
     * @param nat       the destination prerouting rewrote it to, or null
     */
    record Way(End end, String decidedBy, boolean bySource, List<String> unknown, Nat nat) {
        Way(End end, String decidedBy, boolean bySource, List<String> unknown) {
            this(end, decidedBy, bySource, unknown, null);
        }

        /** The packet as the hooks after prerouting see it. */
        Packet packet(Packet p) {
            return nat == null ? p : p.to(nat.address(), nat.port());
        }
    }

    /** Bounds on the work for one packet: a hostile or huge ruleset gets unknown, not a hang. */
    static final int MAX_WAYS = 4096;
    static final int MAX_DEPTH = 32;
    /**
     * Undecided matches open at once on one way through the ruleset. Each holds two frames of the
     * stack, so this bounds it: a ruleset of thousands of undecided matches in a row (or a chain that
     * jumps to itself) is judged undecided instead of overflowing the launcher's 512 KB thread stack.
     */
    static final int MAX_NESTING = 256;

    private final NftRuleset ruleset;
    private final RuleValues values;
    private final Routing routing;
    private int ways;
    private int nesting;

    NftEvaluator(NftRuleset ruleset, Routing routing) {
        this.ruleset = ruleset;
        this.values = new RuleValues(ruleset);
        this.routing = routing;
    }

    /**
     * Every way the packet can go: accepted to a local socket, forwarded on (after a dnat to an address
     * that is not the host's), dropped or rejected; each with the destination NAT gave it, if any.
     */
    List<Way> evaluate(Packet p) {
        ways = 0;
        List<Way> routed = new ArrayList<>();
        List<Way> local = new ArrayList<>();
        List<Way> onward = new ArrayList<>();
        List<Way> start = List.of(new Way(End.ACCEPT, "no rule", false, List.of()));
        if (p.iifname().equals("lo")) {
            // the host's own connection leaves through output and postrouting before it loops back in
            start = sent(start, p.sentOverLoopback());
        }
        for (Way w : hook("prerouting", start, p)) {
            if (w.end() != End.ACCEPT) {
                routed.add(w);
                continue;
            }
            InetAddress to = w.packet(p).destination();
            if (!routing.local(to)) {
                Optional<Boolean> forwards = routing.forwards(p.v6());
                if (forwards.isEmpty()) {
                    routed.add(new Way(End.UNDECIDED, "whether this host forwards " + (p.v6() ? "IPv6" : "IPv4")
                            + " (" + Routing.forwardingKey(p.v6()) + ") could not be read", w.bySource(),
                            w.unknown(), w.nat()));
                } else if (!forwards.get()) {
                    routed.add(new Way(End.DROP, "the kernel: " + Routing.forwardingKey(p.v6()) + " is 0, so it "
                            + "does not forward to " + to.getHostAddress(), w.bySource(), w.unknown(), w.nat()));
                } else {
                    onward.add(w);
                }
            } else if (to.isLoopbackAddress() && !p.iifname().equals("lo") && !routing.routeLocalnet(p.iifname(),
                    p.v6())) {
                // a loopback destination from the wire is a martian: dropped in routing, before input
                routed.add(new Way(End.DROP, "the kernel: a packet to " + to.getHostAddress() + " arriving on "
                        + p.iifname() + " is dropped" + (p.v6() ? "" : " (net.ipv4.conf." + p.iifname()
                        + ".route_localnet is 0)"), w.bySource(), w.unknown(), w.nat()));
            } else {
                local.add(w);
            }
        }
        routed.addAll(hook("input", local, p));
        // each way forwarded leaves by the interface its rewritten destination is on
        List<Way> forwarded = new ArrayList<>();
        for (Way w : onward) {
            forwarded.addAll(hook("forward", List.of(w), p.leaving(routing.outInterface(w.packet(p).destination()))));
        }
        for (Way w : forwarded) {
            routed.add(w.end() == End.ACCEPT ? new Way(End.FORWARD, w.decidedBy(), w.bySource(), w.unknown(),
                    w.nat()) : w);
        }
        return routed;
    }

    /**
     * The ways the listener's reply can go (conntrack state established): out through output and
     * postrouting, and over loopback back in through prerouting and input. A connection is made only
     * if its reply gets through too.
     *
     * @param request the request's packet, as it arrived
     */
    List<Way> evaluateReply(Packet request) {
        ways = 0;
        Packet reply = request.answer();
        List<Way> out = sent(List.of(new Way(End.ACCEPT, "no rule", false, List.of())), reply);
        if (request.iifname().equals("lo")) {
            out = hook("input", hook("prerouting", out, reply.arrivingOn("lo")), reply.arrivingOn("lo"));
        }
        return out;
    }

    /** The ways through output and postrouting of what this host sends; its NAT chains are not followed. */
    private List<Way> sent(List<Way> ways, Packet p) {
        return hook("postrouting", hook("output", ways, p), p);
    }

    /** The ways through every base chain of one hook, in priority order, from the ways that reach it. */
    private List<Way> hook(String hook, List<Way> current, Packet p) {
        for (Chain base : ruleset.baseChains(hook, p.v6())) {
            List<Way> next = new ArrayList<>();
            for (Way w : current) {
                // a connection NAT has mapped is not offered to the hook's later NAT chains; nor is the host's
                // own (over loopback), whose NAT output's chains decided, nor a reply; output and postrouting
                // NAT (the host's own connections to published ports, source NAT) is not followed
                boolean natChain = base.type().map("nat"::equals).orElse(false);
                boolean noNat = p.reply() || p.iifname().equals("lo") || hook.equals("output")
                        || hook.equals("postrouting") || p.iifname().isEmpty();
                if (w.end() != End.ACCEPT || natChain && (w.nat() != null || noNat)) {
                    next.add(w);
                    continue;
                }
                for (Way r : walk(base, 0, 0, w.packet(p), w.bySource(), w.unknown(), 0)) {
                    Nat nat = r.nat() != null ? r.nat() : w.nat();
                    if (r.end() == End.RETURN) {
                        // the end of a base chain: its policy decides
                        End policy = base.policy().equals("drop") ? End.DROP : End.ACCEPT;
                        next.add(new Way(policy, policy == End.DROP ? base.describe() + " policy drop"
                                : w.decidedBy(), r.bySource(), r.unknown(), nat));
                    } else {
                        next.add(new Way(r.end(), r.decidedBy(), r.bySource(), r.unknown(), nat));
                    }
                }
            }
            current = next;
        }
        return current;
    }

    /**
     * The ways from one expression of a chain on. Rules whose port match fails, matches that hold or
     * fail outright, and statements that change nothing are stepped over in a loop; only a match
     * that cannot be decided forks (and counts against {@link #MAX_WAYS}), so a chain of thousands of
     * rules costs no depth.
     */
    private List<Way> walk(Chain c, int ruleIndex, int exprIndex, Packet p, boolean bySource, List<String> unknown,
            int depth) {
        if (ways > MAX_WAYS || depth > MAX_DEPTH) {
            return List.of(new Way(End.UNDECIDED, "a ruleset too large to follow (over " + MAX_WAYS + " ways or "
                    + MAX_DEPTH + " nested jumps)", bySource, unknown));
        }
        List<Rule> rules = c.rules();
        int[] admitted = values.admitted(c, p);
        while (true) {
            if (exprIndex == 0) {
                ruleIndex = RuleValues.next(admitted, ruleIndex); // rules whose port match fails are skipped whole
            }
            if (ruleIndex >= rules.size()) {
                return List.of(new Way(End.RETURN, "", bySource, unknown));
            }
            Rule r = rules.get(ruleIndex);
            if (exprIndex >= r.expressions().size()) {
                ruleIndex++;
                exprIndex = 0;
                continue;
            }
            JsonNode e = r.expressions().get(exprIndex);
            String kind = e.fieldNames().hasNext() ? e.fieldNames().next() : "";
            JsonNode body = e.path(kind);
            switch (kind) {
                case "accept":
                    return List.of(new Way(End.ACCEPT, describe(c, r), bySource, unknown));
                case "drop":
                    return List.of(new Way(End.DROP, describe(c, r), bySource, unknown));
                case "reject":
                    return List.of(new Way(End.REJECT, describe(c, r), bySource, unknown));
                case "return":
                    return List.of(new Way(End.RETURN, describe(c, r), bySource, unknown));
                case "continue":
                    ruleIndex++;
                    exprIndex = 0;
                    continue;
                case "jump":
                case "goto":
                    return call(c, ruleIndex, exprIndex, body.path("target").asText(), kind.equals("goto"), p,
                            bySource, unknown, depth);
                case "dnat":
                case "redirect":
                    return nat(kind, body, describe(c, r), c, ruleIndex, exprIndex, p, bySource, unknown, depth);
                case "snat":
                case "masquerade":
                    // a NAT statement ends its chain, like accept; source NAT does not change who is reached
                    return List.of(new Way(End.ACCEPT, describe(c, r), bySource, unknown));
                case "counter":
                case "log":
                case "mangle":
                case "notrack":
                case "set":
                case "flow":
                    exprIndex++;
                    continue;
                case "match": {
                    Tri t = match(body, p, c);
                    if (t.value() == null) {
                        return fork(t, c, ruleIndex, exprIndex, p, bySource, unknown, depth);
                    }
                    if (t.value()) {
                        exprIndex++;
                    } else {
                        ruleIndex++;
                        exprIndex = 0;
                    }
                    continue;
                }
                case "vmap":
                    return vmap(body, c, ruleIndex, exprIndex, p, bySource, unknown, depth);
                default:
                    if (kind.equals("xt") && body.path("type").asText().equals("target")) {
                        // an iptables target nft cannot show (DNAT, MASQUERADE, ...): it may end the chain
                        return List.of(new Way(End.UNDECIDED, "xt target '" + body.path("name").asText("?") + "' in "
                                + describe(c, r), bySource, unknown));
                    }
                    // an xt match, a limit, a quota, a meter...: it may or may not let the rule go on
                    return fork(Tri.unknown(kind.equals("xt") ? "xt " + body.path("type").asText("match") + " '"
                            + body.path("name").asText("?") + "'" : kind), c, ruleIndex, exprIndex, p, bySource,
                            unknown, depth);
            }
        }
    }

    /** "inet filter input handle 7 ("ssh")": a rule as verdicts name it. */
    private static String describe(Chain c, Rule r) {
        return c.describe() + " handle " + r.handle() + (r.comment().isEmpty() ? "" : " (\"" + r.comment() + "\")");
    }

    /**
     * A dnat or redirect: the connection's destination rewritten, and its chain ended as by accept. A
     * target given as a map or an expression is not followed: unknown, naming the rule.
     */
    private List<Way> nat(String kind, JsonNode body, String rule, Chain c, int ruleIndex, int exprIndex, Packet p,
            boolean bySource, List<String> unknown, int depth) {
        String family = body.path("family").asText("");
        if (!family.isEmpty() && !family.equals(p.v6() ? "ip6" : "ip")) {
            return walk(c, ruleIndex, exprIndex + 1, p, bySource, unknown, depth); // the other family's mapping
        }
        JsonNode port = body.path("port");
        int to;
        if (port.isMissingNode()) {
            to = p.dport();
        } else if (port.canConvertToInt()) {
            to = port.asInt();
        } else if (port.has("range") && port.get("range").size() == 2 && port.get("range").get(0).asInt(-1)
                == port.get("range").get(1).asInt(-2)) {
            to = port.get("range").get(0).asInt();
        } else {
            to = -1;
        }
        Optional<InetAddress> address;
        if (kind.equals("redirect")) {
            address = routing.primary(p.iifname(), p.v6()); // the address of the interface it arrived on
        } else if (body.path("addr").isTextual()) {
            InetAddress a = AddressRange.literal(body.get("addr").asText());
            address = (a instanceof Inet6Address) == p.v6() ? Optional.of(a) : Optional.empty();
        } else {
            address = Optional.empty();
        }
        if (address.isEmpty() || to < 0 || to > 65535) {
            return List.of(new Way(End.UNDECIDED, "a " + kind + " whose target portaudit does not follow (" + rule
                    + ")", bySource, unknown));
        }
        return List.of(new Way(End.ACCEPT, rule, bySource, unknown, new Nat(address.get(), to, rule)));
    }

    private List<Way> fork(Tri t, Chain c, int ruleIndex, int exprIndex, Packet p, boolean bySource,
            List<String> unknown, int depth) {
        if (t.value() == Boolean.TRUE) {
            return walk(c, ruleIndex, exprIndex + 1, p, bySource, unknown, depth);
        }
        if (t.value() == Boolean.FALSE) {
            return walk(c, ruleIndex + 1, 0, p, bySource, unknown, depth);
        }
        ways++; // a fork: one more way to follow
        boolean source = t.note().isEmpty();
        List<String> u = source ? unknown : plus(unknown, t.note());
        if (nesting >= MAX_NESTING) {
            return List.of(new Way(End.UNDECIDED, "a ruleset too large to follow (over " + MAX_NESTING
                    + " undecided matches on one way through it)", bySource || source, u));
        }
        nesting++;
        try {
            List<Way> out = new ArrayList<>(walk(c, ruleIndex, exprIndex + 1, p, bySource || source, u, depth));
            out.addAll(walk(c, ruleIndex + 1, 0, p, bySource || source, u, depth));
            return out;
        } finally {
            nesting--;
        }
    }

    private List<Way> call(Chain c, int ruleIndex, int exprIndex, String target, boolean isGoto, Packet p,
            boolean bySource, List<String> unknown, int depth) {
        Optional<Chain> callee = ruleset.chain(c.family(), c.table(), target);
        if (callee.isEmpty()) {
            return List.of(new Way(End.UNDECIDED, "a jump to chain " + target + ", which the ruleset does not define",
                    bySource, unknown));
        }
        List<Way> out = new ArrayList<>();
        for (Way w : walk(callee.get(), 0, 0, p, bySource, unknown, depth + 1)) {
            if (w.end() != End.RETURN) {
                out.add(w);
            } else if (isGoto) {
                out.add(new Way(End.RETURN, w.decidedBy(), w.bySource(), w.unknown()));
            } else {
                out.addAll(walk(c, ruleIndex, exprIndex + 1, p, w.bySource(), w.unknown(), depth));
            }
        }
        return out;
    }

    private List<Way> vmap(JsonNode body, Chain c, int ruleIndex, int exprIndex, Packet p, boolean bySource,
            List<String> unknown, int depth) {
        JsonNode data = body.path("data");
        List<JsonNode> pairs = new ArrayList<>();
        if (data.isTextual() && data.asText().startsWith("@")) {
            ruleset.set(c.family(), c.table(), data.asText().substring(1)).ifPresent(m -> pairs.addAll(m.elements()));
        } else {
            data.path("set").forEach(pairs::add);
        }
        // each element in turn: the first that matches decides, like a rule per element
        List<Way> out = new ArrayList<>();
        boolean source = bySource;
        List<String> u = unknown;
        for (JsonNode pair : pairs) {
            if (!pair.isArray() || pair.size() != 2) {
                return fork(Tri.unknown("a verdict map element nft did not print as [key, verdict]"), c, ruleIndex,
                        exprIndex, p, bySource, unknown, depth);
            }
            Tri t = compare(body.path("key"), "==", pair.get(0), p, c);
            if (t.value() == Boolean.FALSE) {
                continue;
            }
            JsonNode verdict = pair.get(1);
            String v = verdict.fieldNames().hasNext() ? verdict.fieldNames().next() : "";
            Rule synthetic = new Rule(c.rules().get(ruleIndex).handle(), c.rules().get(ruleIndex).comment(),
                    List.of(verdict));
            Chain one = new Chain(c.family(), c.table(), c.name(), c.type(), Optional.empty(), 0, "accept",
                    List.of(synthetic));
            List<Way> taken = new ArrayList<>();
            for (Way w : walk(one, 0, 0, p, source || t.value() == null && t.note().isEmpty(),
                    t.value() == null && !t.note().isEmpty() ? plus(u, t.note()) : u, depth)) {
                // a verdict that falls through (jump and return) goes on with the rule
                taken.addAll(w.end() == End.RETURN && !v.equals("return")
                        ? walk(c, ruleIndex, exprIndex + 1, p, w.bySource(), w.unknown(), depth) : List.of(w));
            }
            out.addAll(taken);
            if (t.value() == Boolean.TRUE) {
                return out;
            }
            source = source || t.note().isEmpty();
            u = t.note().isEmpty() ? u : plus(u, t.note());
        }
        out.addAll(walk(c, ruleIndex + 1, 0, p, source, u, depth));
        return out;
    }

    /** True, false, or undecided: with a note naming the construct, or without one when it depends on the source. */
    record Tri(Boolean value, String note) {
        static final Tri TRUE = new Tri(true, "");
        static final Tri FALSE = new Tri(false, "");
        static final Tri SOURCE = new Tri(null, "");

        static Tri of(boolean b) {
            return b ? TRUE : FALSE;
        }

        static Tri unknown(String construct) {
            return new Tri(null, construct);
        }

        Tri not() {
            return value == null ? this : of(!value);
        }

        /** Both: false if either is, true if both are; else undecided, naming a construct if either does. */
        Tri and(Tri o) {
            if (value == Boolean.FALSE || o.value == Boolean.FALSE) {
                return FALSE;
            }
            return value == Boolean.TRUE ? o : o.value == Boolean.TRUE ? this : note.isEmpty() ? o : this;
        }

        /** Either: true if either is, false if both are; else undecided, naming a construct if either does. */
        Tri or(Tri o) {
            return not().and(o.not()).not();
        }
    }

    private Tri match(JsonNode m, Packet p, Chain c) {
        return compare(m.path("left"), m.path("op").asText("=="), m.path("right"), p, c);
    }

    private Tri compare(JsonNode left, String op, JsonNode right, Packet p, Chain c) {
        Tri t = equal(left, right, p, c);
        return switch (op) {
            case "==", "in" -> t;
            case "!=" -> t.not();
            default -> Tri.unknown("the comparison '" + op + "'");
        };
    }

    /** Whether the packet's value of {@code left} is among {@code right}'s, before the operator applies. */
    private Tri equal(JsonNode left, JsonNode right, Packet p, Chain c) {
        if (left.has("payload")) {
            String proto = left.get("payload").path("protocol").asText("");
            String field = left.get("payload").path("field").asText("");
            switch (proto) {
                case "ip", "ip6" -> {
                    if (p.v6() != proto.equals("ip6")) {
                        return Tri.FALSE; // the implied family check fails: the match cannot hold either way
                    }
                    // a reply goes from the listener's address back to the client's region
                    if (field.equals(p.reply() ? "daddr" : "saddr")) {
                        Boolean in = p.sourceIn(values.addresses(right, c, p.v6()));
                        return in == null ? Tri.SOURCE : Tri.of(in);
                    }
                    if (field.equals(p.reply() ? "saddr" : "daddr")) {
                        return Tri.of(values.addresses(right, c, p.v6()).contains(AddressRange.of(p.destination()).first()));
                    }
                    return Tri.unknown(proto + " " + field);
                }
                case "tcp", "udp", "th" -> {
                    if (!proto.equals("th") && !proto.equals(p.l4())) {
                        return Tri.FALSE;
                    }
                    if (field.equals(p.reply() ? "sport" : "dport")) {
                        return Tri.of(RuleValues.inPorts(values.numbers(right, c), p.dport()));
                    }
                    if (p.reply() && field.equals("dport")) {
                        return clientPort(values.numbers(right, c), p);
                    }
                    return Tri.unknown(proto + " " + field + (field.equals("dport") || field.equals("sport")
                            ? " (the client's port)" : ""));
                }
                default -> {
                    return Tri.unknown(proto + " " + field);
                }
            }
        }
        if (left.has("meta")) {
            String key = left.get("meta").path("key").asText("");
            return switch (key) {
                case "l4proto" -> Tri.of(values.strings(right, c).stream().anyMatch(s -> s.equals(p.l4())
                        || s.equals(p.l4().equals("tcp") ? "6" : "17")));
                case "nfproto" -> Tri.of(values.strings(right, c).contains(p.v6() ? "ipv6" : "ipv4"));
                case "protocol" -> Tri.of(values.strings(right, c).contains(p.v6() ? "ip6" : "ip"));
                case "iifname" -> Tri.of(values.strings(right, c).stream().anyMatch(s -> glob(s, p.iifname())));
                case "iif" -> right.isTextual() && !right.asText().startsWith("@")
                        ? Tri.of(right.asText().equals(p.iifname())) : Tri.unknown("meta iif");
                case "oifname", "oif" -> p.oifname().isEmpty() || key.equals("oif") && (!right.isTextual()
                        || right.asText().startsWith("@")) ? Tri.unknown("meta " + key + " (where the host routes "
                        + "it)") : Tri.of(values.strings(right, c).stream().anyMatch(s -> glob(s, p.oifname())));
                case "iiftype" -> Tri.of(values.strings(right, c).contains(p.iifname().equals("lo") ? "loopback"
                        : "ether"));
                default -> Tri.unknown("meta " + key);
            };
        }
        if (left.has("ct")) {
            String key = left.get("ct").path("key").asText("");
            if (key.equals("state")) {
                return Tri.of(values.strings(right, c).contains(p.reply() ? "established" : "new"));
            }
            return Tri.unknown("ct " + key);
        }
        if (left.has("fib")) {
            JsonNode fib = left.get("fib");
            List<String> flags = new ArrayList<>();
            fib.path("flags").forEach(f -> flags.add(f.asText()));
            if (fib.path("result").asText().equals("type") && flags.equals(List.of("daddr"))) {
                Set<String> types = values.strings(right, c);
                boolean local = routing.local(p.destination());
                return Tri.of(local ? types.contains("local") : types.contains("unicast"));
            }
            return Tri.unknown("fib " + String.join(" . ", flags) + " " + fib.path("result").asText());
        }
        if (left.has("concat") && left.get("concat").isArray()) {
            return concatenation(left.get("concat"), right, p, c);
        }
        String kind = left.fieldNames().hasNext() ? left.fieldNames().next() : "?";
        return Tri.unknown(kind.equals("&") ? "a bitwise mask" : "a match on " + kind);
    }

    /**
     * {@code ip saddr . tcp dport @pairs}: some element whose every part matches its field. Parts are
     * judged like single matches and combined three-valued, so a part that depends on the source or
     * on a construct not modelled leaves the element undecided rather than guessed.
     */
    private Tri concatenation(JsonNode fields, JsonNode right, Packet p, Chain c) {
        Tri any = Tri.FALSE;
        for (JsonNode element : values.elements(right, c)) {
            JsonNode parts = element.path("concat");
            if (!parts.isArray() || parts.size() != fields.size()) {
                any = any.or(Tri.unknown("a concatenation nft did not print part by part"));
                continue;
            }
            Tri all = Tri.TRUE;
            for (int k = 0; k < fields.size() && all.value() != Boolean.FALSE; k++) {
                all = all.and(equal(fields.get(k), parts.get(k), p, c));
            }
            any = any.or(all);
            if (any.value() == Boolean.TRUE) {
                return any;
            }
        }
        return any;
    }

    /**
     * A reply's destination port is the client's: over loopback one of this host's ephemeral range
     * (net.ipv4.ip_local_port_range), from elsewhere any. A match holds if it covers them all, fails
     * if it covers none, and is undecided otherwise.
     */
    private Tri clientPort(List<int[]> ports, Packet p) {
        boolean loopback = p.oifname().equals("lo") || p.iifname().equals("lo");
        int[] range = loopback ? routing.ephemeralPorts().orElse(new int[] {1, 65535})
                : new int[] {1, 65535};
        int covered = 0;
        for (int[] r : ports) {
            int lo = Math.max(r[0], range[0]);
            int hi = Math.min(r[1], range[1]);
            covered += Math.max(0, hi - lo + 1);
        }
        if (covered == 0) {
            return Tri.FALSE;
        }
        return covered >= range[1] - range[0] + 1 ? Tri.TRUE : Tri.unknown("the client's port (" + range[0] + "-"
                + range[1] + ")");
    }

    private static boolean glob(String pattern, String name) {
        return pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1))
                : pattern.equals(name);
    }


    private static List<String> plus(List<String> list, String item) {
        if (list.contains(item)) {
            return list;
        }
        List<String> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }
}
