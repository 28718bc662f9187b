package dev.portaudit.firewall;

import dev.portaudit.firewall.Interfaces.AddressRangeText;
import dev.portaudit.firewall.Interfaces.Iface;
import dev.portaudit.firewall.Interfaces.Route;
import dev.portaudit.firewall.NftEvaluator.End;
import dev.portaudit.firewall.NftEvaluator.Way;
import dev.portaudit.model.Exposure;
import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Publication;
import dev.portaudit.model.Reachability;
import dev.portaudit.model.Reachability.Outcome;
import dev.portaudit.model.Reachability.SourceKind;
import dev.portaudit.model.Reachability.SourceVerdict;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A namespace's firewall as reachability: the view read of it (by {@link FirewallReader}), and for
 * each listener a verdict per source — loopback, each interface's subnets and beyond, and each port
 * NAT publishes it on — from the ways {@link NftEvaluator} finds through the ruleset; and the ports
 * published through NAT. What could not be read makes every verdict unknown, with the reason;
 * nothing is assumed open or filtered.
 */
public final class Firewall {

    /**
     * What the scan could read.
     *
     * @param ruleset    the ruleset, when it was read
     * @param interfaces the namespace's interfaces that are up
     * @param routes     its routes: where a forwarded packet leaves
     * @param sysctl     the kernel's forwarding and route_localnet settings, by sysctl key; a key
     *                   that could not be read is absent, and what depends on it is unknown
     * @param problem    why the ruleset could not be judged; empty when it could
     */
    public record View(Optional<NftRuleset> ruleset, List<Iface> interfaces, List<Route> routes,
            Map<String, String> sysctl, String problem) {

        public View {
            interfaces = List.copyOf(interfaces);
            routes = List.copyOf(routes);
            sysctl = Map.copyOf(sysctl);
        }

        /** A view without routes: only connected subnets tell where a forwarded packet leaves. */
        public View(Optional<NftRuleset> ruleset, List<Iface> interfaces, Map<String, String> sysctl,
                String problem) {
            this(ruleset, interfaces, List.of(), sysctl, problem);
        }

        /** A view with the kernel's defaults: no forwarding, no route_localnet. */
        public View(Optional<NftRuleset> ruleset, List<Iface> interfaces, String problem) {
            this(ruleset, interfaces, Map.of("net.ipv4.ip_forward", "0", "net.ipv6.conf.all.forwarding", "0"),
                    problem);
        }

        public boolean ok() {
            return problem.isEmpty() && ruleset.isPresent();
        }
    }

    private Firewall() {
    }

    /** This namespace's ruleset and interfaces, through {@code nft -j list ruleset}. */
    public static View read() {
        return FirewallReader.read();
    }

    /**
     * Another network namespace's ruleset and interfaces, through a process that holds it: {@code nft}
     * and {@code ip} started inside it with nsenter, as root.
     */
    public static View readIn(int pid) {
        return FirewallReader.readIn(pid);
    }

    /**
     * A firewall saved elsewhere, for auditing a snapshot taken there (see {@link FirewallReader#fromSaved}).
     *
     * @param files each file's text, by its name
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static View fromSaved(Map<String, String> files) {
        return FirewallReader.fromSaved(files);
    }

    /** A listener's reachability in its own namespace, the host's own firewall publishing it. */
    public static Reachability reachability(Listener l, View view) {
        return reachability(l, view, view);
    }

    /**
     * A listener's reachability: a verdict for loopback, for each interface's subnets and beyond, and
     * for each place a NAT rule of {@code publisher} publishes it from ("anywhere on eth0 via host
     * port 8443").
     *
     * @param own       the listener's namespace: its interfaces and firewall
     * @param publisher the namespace whose prerouting NAT may send connections to it: the same for
     *                  the host's listeners, the host's for a container's
     */
    public static Reachability reachability(Listener l, View own, View publisher) {
        List<SourceVerdict> verdicts = new ArrayList<>();
        boolean loopbackBind = l.exposure() == Exposure.LOOPBACK;
        List<Boolean> families = families(l);
        Target target = new Target(l, own, publisher != own);
        for (Iface iface : own.interfaces()) {
            if (iface.loopback()) {
                verdicts.add(verdict(l, own, iface, SourceKind.LOOPBACK, families, target));
            } else if (!loopbackBind) {
                // the kernel drops packets to 127.0.0.0/8 and ::1 that arrive on another interface
                if (!iface.subnets().isEmpty() || !iface.linkLocal().isEmpty()) {
                    verdicts.add(verdict(l, own, iface, SourceKind.LAN, families, target));
                }
                verdicts.add(verdict(l, own, iface, SourceKind.ANYWHERE, families, target));
            }
        }
        if (publisher.ok() && (own.ok() || own == publisher)) {
            verdicts.addAll(published(l, families, target, publisher));
        } else if (publisher != own && !publisher.ok() && !loopbackBind) {
            // the host's NAT could not be read: a port it publishes would be a way in nobody judged
            verdicts.add(new SourceVerdict(SourceKind.ANYWHERE, "host", List.of(), Outcome.UNKNOWN, List.of(
                    "whether the host publishes it through NAT is unknown: " + (publisher.problem().isEmpty()
                            ? "the host's firewall was not read" : publisher.problem())), false));
        }
        if (verdicts.isEmpty()) {
            // no interface to judge from (none could be read, or loopback is down): not "filtered"
            return new Reachability(Reachability.Reach.UNKNOWN, List.of(new SourceVerdict(SourceKind.LOOPBACK, "lo",
                    List.of(), Outcome.UNKNOWN, List.of(own.problem().isEmpty() ? "no network interface of this host "
                    + "could be judged from" : own.problem()), false)));
        }
        return new Reachability(Reachability.classify(verdicts), verdicts);
    }

    /**
     * The listener as the connections addressed to it land: in its own namespace, or in another one
     * that NAT forwards them to.
     *
     * @param remote whether it is in another namespace than the publishing one
     */
    private record Target(Listener l, View own, boolean remote) {

        /** Whether a connection to this address and port, of this family, is the listener's. */
        boolean is(InetAddress address, int port, boolean v6) {
            if (port != l.port()) {
                return false;
            }
            boolean wildcard = l.address().equals("0.0.0.0") || l.address().equals("::");
            if (!wildcard) {
                return AddressRange.literal(l.address()).equals(address);
            }
            return families(l).contains(v6);
        }

        /** The interface of the listener's namespace that holds an address, where a forwarded packet lands. */
        Optional<Iface> holding(InetAddress address) {
            return own.interfaces().stream().filter(i -> i.addresses().contains(address)).findFirst();
        }
    }

    /** The IP families a listener takes connections in: false for IPv4, true for IPv6. */
    private static List<Boolean> families(Listener l) {
        if (l.family() == IpFamily.IPV4) {
            return List.of(false);
        }
        boolean wildcard = l.address().equals("::");
        boolean v4too = wildcard && (l.dualStack() || !l.v6Only().orElse(false));
        return v4too ? List.of(true, false) : List.of(true);
    }

    private static NftEvaluator evaluator(View view) {
        return new NftEvaluator(view.ruleset().get(), new Routing(view.interfaces(), view.routes(), view.sysctl()));
    }

    private static SourceVerdict verdict(Listener l, View view, Iface iface, SourceKind kind, List<Boolean> families,
            Target target) {
        List<String> subnets = subnets(iface, kind);
        if (!view.ok()) {
            return new SourceVerdict(kind, iface.name(), subnets, Outcome.UNKNOWN, List.of(view.problem().isEmpty()
                    ? "the firewall was not read" : view.problem()), false);
        }
        NftEvaluator evaluator = evaluator(view);
        List<Judged> judged = new ArrayList<>();
        for (boolean v6 : families) {
            Optional<InetAddress> destination = destination(l, iface, kind, v6);
            Optional<Packet> packet = destination.flatMap(d -> packet(l, view, iface, kind, v6, d, l.port()));
            if (packet.isEmpty()) {
                continue;
            }
            Judged request = judge(() -> legs(evaluator, packet.get(), target, null)).orElseThrow();
            judged.add(request.outcome() == Outcome.FILTERED ? request : withReply(request, judge(() ->
                    replyLegs(evaluator, packet.get())).orElseThrow()));
        }
        if (judged.isEmpty()) {
            return new SourceVerdict(kind, iface.name(), subnets, Outcome.FILTERED, List.of("no address of the "
                    + "listener's family on " + iface.name()), false);
        }
        Judged j = widest(judged);
        return new SourceVerdict(kind, iface.name(), subnets, j.outcome(), j.decidedBy(), j.partial());
    }

    private static List<String> subnets(Iface iface, SourceKind kind) {
        return kind == SourceKind.LAN ? iface.subnets().stream().map(AddressRangeText::text).toList() : List.of();
    }

    /** Open in one family is open; unknown outranks filtered. */
    private static Judged widest(List<Judged> judged) {
        Judged best = null;
        Set<String> decided = new LinkedHashSet<>();
        for (Judged j : judged) {
            if (best == null || rank(j.outcome()) > rank(best.outcome())) {
                best = j;
                decided.clear();
            }
            if (j.outcome() == best.outcome()) {
                decided.addAll(j.decidedBy());
            }
        }
        return new Judged(best.outcome(), List.copyOf(decided), best.partial());
    }

    /**
     * The verdicts for connections addressed to a host port that a NAT rule of {@code publisher} sends
     * to the listener: one per publishing port and source, where some way through the ruleset does.
     */
    private static List<SourceVerdict> published(Listener l, List<Boolean> families, Target target, View publisher) {
        NftEvaluator evaluator = evaluator(publisher);
        List<SourceVerdict> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (RuleValues.Candidate c : new RuleValues(publisher.ruleset().get()).candidates()) {
            Optional<Integer> hostPort = hostPort(c, l, target);
            if (hostPort.isEmpty()) {
                continue;
            }
            String via = c.port() < 0 || c.hostPorts().isEmpty() ? String.valueOf(hostPort.get()) : c.portsText();
            for (Iface iface : publisher.interfaces()) {
                if (iface.loopback()) {
                    continue; // the host's own connections to a published port pass output, not prerouting
                }
                for (SourceKind kind : iface.subnets().isEmpty() ? List.of(SourceKind.ANYWHERE)
                        : List.of(SourceKind.LAN, SourceKind.ANYWHERE)) {
                    if (!seen.add(iface.name() + " " + kind + " " + via)) {
                        continue;
                    }
                    List<Judged> judged = new ArrayList<>();
                    for (boolean v6 : families) {
                        if (!c.family().equals("inet") && c.family().equals("ip6") != v6) {
                            continue;
                        }
                        Optional<InetAddress> to = iface.addresses().stream()
                                .filter(a -> (a instanceof Inet6Address) == v6).findFirst();
                        Optional<Packet> p = to.flatMap(d -> packet(l, publisher, iface, kind, v6, d, hostPort.get()));
                        if (p.isPresent()) {
                            judge(() -> {
                                List<Leg> legs = legs(evaluator, p.get(), target, target.remote() ? target : null);
                                return legs.stream().anyMatch(Leg::toListener) ? legs : List.of();
                            }).ifPresent(judged::add);
                        }
                    }
                    if (!judged.isEmpty()) {
                        Judged j = widest(judged);
                        out.add(new SourceVerdict(kind, iface.name(), subnets(iface, kind), j.outcome(), j.decidedBy(),
                                j.partial(), via));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The ports this namespace publishes through NAT in prerouting, and what this scan found behind
     * each: a listener of the report, nothing, or a namespace it did not see.
     *
     * @param host       the publishing namespace's view
     * @param listeners  every listener of the report
     * @param namespaces the views of other namespaces, by inode, where they were read
     */
    public static List<Publication> publications(View host, List<Listener> listeners, Map<Long, View> namespaces) {
        if (!host.ok()) {
            return List.of();
        }
        Routing routing = new Routing(host.interfaces(), host.routes(), host.sysctl());
        List<Publication> out = new ArrayList<>();
        for (RuleValues.Candidate c : new RuleValues(host.ruleset().get()).candidates()) {
            String family = c.address() != null ? (c.address() instanceof Inet6Address ? "ipv6" : "ipv4")
                    : c.family().equals("ip") ? "ipv4" : c.family().equals("ip6") ? "ipv6" : "";
            boolean v6 = family.equals("ipv6");
            String port = c.port() >= 0 ? String.valueOf(c.port()) : "the same port";
            String target = c.address() == null ? "this host, on the address of the interface it arrives on, port "
                    + port : (v6 ? "[" + c.address().getHostAddress() + "]" : c.address().getHostAddress()) + ":"
                    + port;
            Publication.Behind behind;
            if (c.address() == null || routing.local(c.address())) {
                behind = listeners.stream().anyMatch(l -> l.namespace().isEmpty() && behind(c, l))
                        ? Publication.Behind.LISTENER : Publication.Behind.NONE;
            } else {
                Optional<Long> inode = namespaces.entrySet().stream().filter(e -> e.getValue().interfaces().stream()
                        .anyMatch(i -> i.addresses().contains(c.address()))).map(Map.Entry::getKey).findFirst();
                behind = inode.isEmpty() ? Publication.Behind.NOT_SEEN : listeners.stream().anyMatch(l -> l.namespace()
                        .map(n -> n.inode() == inode.get()).orElse(false) && behind(c, l))
                        ? Publication.Behind.LISTENER : Publication.Behind.NONE;
            }
            out.add(new Publication(c.l4(), family, c.portsText(), target, c.rule(), behind));
        }
        return out;
    }

    /** Whether a listener could be what a NAT rule sends connections to. */
    private static boolean behind(RuleValues.Candidate c, Listener l) {
        if (!c.l4().isEmpty() && !c.l4().equals(l.protocol().id())) {
            return false;
        }
        boolean portFits = c.port() >= 0 ? c.port() == l.port() : c.admits(l.port());
        if (!portFits) {
            return false;
        }
        if (c.address() == null) {
            return true;
        }
        boolean wildcard = l.address().equals("0.0.0.0") || l.address().equals("::");
        boolean v6 = c.address() instanceof Inet6Address;
        return wildcard ? families(l).contains(v6) : AddressRange.literal(l.address()).equals(c.address());
    }

    /** The host port a candidate rule would publish the listener on, if it can. */
    private static Optional<Integer> hostPort(RuleValues.Candidate c, Listener l, Target target) {
        if (!c.l4().isEmpty() && !c.l4().equals(l.protocol().id())) {
            return Optional.empty();
        }
        // a redirect stays on the publishing host; a dnat must name an address the listener takes connections on
        if (c.address() == null ? target.remote() : !target.is(c.address(), l.port(), c.address() instanceof
                Inet6Address) || target.remote() && target.holding(c.address()).isEmpty()) {
            return Optional.empty();
        }
        int port;
        if (c.port() < 0) {
            port = l.port(); // the port is kept: only a connection to the listener's own port lands on it
            if (!c.admits(port)) {
                return Optional.empty();
            }
        } else if (c.port() != l.port()) {
            return Optional.empty();
        } else {
            port = c.hostPorts().isEmpty() ? l.port() : c.hostPorts().get(0)[0];
        }
        // the listener's own port on its own address is the direct verdict's, unless it binds loopback only
        boolean direct = !target.remote() && port == l.port() && l.exposure() != Exposure.LOOPBACK;
        return direct ? Optional.empty() : Optional.of(port);
    }

    /** Open in one family is open; unknown outranks filtered. */
    private static int rank(Outcome o) {
        return switch (o) {
            case OPEN -> 2;
            case UNKNOWN -> 1;
            case FILTERED -> 0;
        };
    }

    private record Judged(Outcome outcome, List<String> decidedBy, boolean partial) {
    }

    /** What one way through the ruleset does for the listener. */
    private enum LegKind { REACH, STOP, UNDECIDED }

    /**
     * One way, for the listener.
     *
     * @param toListener whether NAT sent it to the listener (reached or stopped after)
     */
    private record Leg(LegKind kind, String text, boolean bySource, List<String> unknown, boolean toListener) {
    }

    /**
     * The ways a packet can go, as they concern the listener: reaching it, stopped (dropped, rejected,
     * or sent elsewhere by NAT), or undecided. With {@code remote}, a way forwarded to the listener's
     * namespace goes on through that namespace's own ruleset.
     */
    private static List<Leg> legs(NftEvaluator evaluator, Packet p, Target target, Target remote) {
        List<Leg> out = new ArrayList<>();
        for (Way w : evaluator.evaluate(p)) {
            Packet q = w.packet(p);
            boolean toListener = w.nat() != null && (remote == null ? target.is(q.destination(), q.dport(), q.v6())
                    : remote.holding(q.destination()).isPresent() && q.dport() == target.l().port());
            String nat = w.nat() == null ? "" : "published by " + w.nat().rule();
            switch (w.end()) {
                case UNDECIDED -> out.add(new Leg(LegKind.UNDECIDED, w.decidedBy(), w.bySource(), w.unknown(),
                        toListener));
                case DROP, REJECT -> out.add(new Leg(LegKind.STOP, (w.end() == End.REJECT ? "rejected by "
                        : "dropped by ") + w.decidedBy() + (nat.isEmpty() ? "" : " (" + nat + ")"), w.bySource(),
                        w.unknown(), toListener));
                case ACCEPT -> {
                    if (remote == null && target.is(q.destination(), q.dport(), q.v6())) {
                        out.add(new Leg(LegKind.REACH, accepted(w, nat), w.bySource(), w.unknown(), toListener));
                    } else {
                        out.add(new Leg(LegKind.STOP, sentElsewhere(w, q), w.bySource(), w.unknown(), false));
                    }
                }
                case FORWARD -> {
                    if (remote == null || !toListener) {
                        out.add(new Leg(LegKind.STOP, sentElsewhere(w, q), w.bySource(), w.unknown(), false));
                    } else {
                        out.addAll(inNamespace(w, q, nat, remote));
                    }
                }
                default -> throw new IllegalStateException("a way ends with " + w.end());
            }
        }
        return out;
    }

    private static String accepted(Way w, String nat) {
        boolean noRule = w.decidedBy().isEmpty() || w.decidedBy().equals("no rule");
        if (!nat.isEmpty()) {
            return nat + (noRule || w.decidedBy().equals(w.nat().rule()) ? "" : "; accepted by " + w.decidedBy());
        }
        return noRule ? "accepted: no rule stops it" : "accepted by " + w.decidedBy();
    }

    /** The ways the listener's reply can go, for the connection: through, stopped, or undecided. */
    private static List<Leg> replyLegs(NftEvaluator evaluator, Packet request) {
        List<Leg> out = new ArrayList<>();
        for (Way w : evaluator.evaluateReply(request)) {
            LegKind kind = switch (w.end()) {
                case ACCEPT, FORWARD -> LegKind.REACH;
                case DROP, REJECT -> LegKind.STOP;
                default -> LegKind.UNDECIDED;
            };
            String text = kind == LegKind.STOP ? "its reply is " + (w.end() == End.REJECT ? "rejected" : "dropped")
                    + " by " + w.decidedBy() : kind == LegKind.UNDECIDED ? w.decidedBy() : "";
            out.add(new Leg(kind, text, w.bySource(), w.unknown(), false));
        }
        return out;
    }

    /**
     * A connection is made when its first packet reaches the listener and the reply gets back: the
     * request's outcome, unless the reply is stopped or undecided.
     */
    private static Judged withReply(Judged request, Judged reply) {
        if (reply.outcome() == Outcome.OPEN) {
            return new Judged(request.outcome(), request.decidedBy(), request.partial() || reply.partial());
        }
        return reply.outcome() == Outcome.FILTERED || request.outcome() == Outcome.OPEN ? reply
                : new Judged(Outcome.UNKNOWN, concat(request.decidedBy(), reply.decidedBy()), false);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        b.stream().filter(x -> !out.contains(x)).forEach(out::add);
        return out;
    }

    /** A way that does not end at the listener: NAT sent it elsewhere, or none sent it to the listener. */
    private static String sentElsewhere(Way w, Packet q) {
        String where = (q.v6() ? "[" + q.destination().getHostAddress() + "]" : q.destination().getHostAddress())
                + ":" + q.dport();
        return w.nat() == null ? "not sent to it: the connection stays addressed to " + where
                : "sent to " + where + " by " + w.nat().rule();
    }

    /** A way forwarded into the listener's namespace, through that namespace's own prerouting and input. */
    private static List<Leg> inNamespace(Way forwarded, Packet q, String nat, Target remote) {
        Iface landing = remote.holding(q.destination()).orElseThrow();
        String forward = forwarded.decidedBy().equals(forwarded.nat().rule()) ? "" : "; forwarded by "
                + forwarded.decidedBy();
        List<Leg> out = new ArrayList<>();
        for (Leg leg : legs(evaluator(remote.own()), q.arrivingOn(landing.name()), remote, null)) {
            boolean bySource = leg.bySource() || forwarded.bySource();
            List<String> unknown = new ArrayList<>(forwarded.unknown());
            leg.unknown().stream().filter(u -> !unknown.contains(u)).forEach(unknown::add);
            String inside = leg.kind() == LegKind.REACH ? (leg.text().startsWith("accepted: no rule") ? ""
                    : "; in its namespace " + leg.text()) : "; in its namespace " + leg.text();
            out.add(new Leg(leg.kind(), nat + forward + inside, bySource, unknown, true));
        }
        return out;
    }

    /**
     * The legs judged; empty when there are none. A value nft would not print (a hand-made --firewall
     * file) makes the verdict unknown, never a guess.
     */
    private static Optional<Judged> judge(Supplier<List<Leg>> legs) {
        List<Leg> list;
        try {
            list = legs.get();
        } catch (IllegalArgumentException e) {
            return Optional.of(new Judged(Outcome.UNKNOWN, List.of("the ruleset holds a value portaudit cannot read: "
                    + e.getMessage()), false));
        }
        return list.isEmpty() ? Optional.empty() : Optional.of(judge(list));
    }

    /** What all the ways add up to: one outcome if they agree, open if only the source address tells them apart. */
    private static Judged judge(List<Leg> legs) {
        Set<String> unknown = new LinkedHashSet<>();
        legs.forEach(w -> unknown.addAll(w.unknown()));
        List<String> undecided = legs.stream().filter(w -> w.kind() == LegKind.UNDECIDED).map(Leg::text).distinct()
                .toList();
        if (!undecided.isEmpty()) {
            return new Judged(Outcome.UNKNOWN, undecided, false);
        }
        boolean reached = legs.stream().anyMatch(w -> w.kind() == LegKind.REACH);
        boolean stopped = legs.stream().anyMatch(w -> w.kind() == LegKind.STOP);
        if (reached && !stopped) {
            return new Judged(Outcome.OPEN, legs.stream().map(Leg::text).distinct().toList(), false);
        }
        if (stopped && !reached) {
            return new Judged(Outcome.FILTERED, legs.stream().map(Leg::text).distinct().toList(), false);
        }
        // some ways reach it and some do not: decidable only when the source address alone tells them apart
        if (unknown.isEmpty()) {
            return new Judged(Outcome.OPEN, legs.stream().filter(w -> w.kind() == LegKind.REACH)
                    .map(w -> w.text().startsWith("accepted by ") ? w.text().replaceFirst("accepted by ",
                            "accepted from some addresses by ") : "from some addresses: " + w.text()).distinct()
                    .toList(), true);
        }
        return new Judged(Outcome.UNKNOWN, unknown.stream().map(u -> "depends on " + u + ", which portaudit does not "
                + "evaluate").toList(), false);
    }

    /** The first packet of a connection from this source to an address and port, or empty when none can come. */
    private static Optional<Packet> packet(Listener l, View view, Iface iface, SourceKind kind, boolean v6,
            InetAddress destination, int port) {
        String l4 = l.protocol().id();
        AddressRange all = AddressRange.all(v6);
        List<AddressRange> connected = new ArrayList<>();
        for (Iface i : view.interfaces()) {
            i.subnets().stream().filter(s -> s.v6() == v6).forEach(s -> connected.add(s.range()));
        }
        InetAddress loop = AddressRange.literal(v6 ? "::1" : "127.0.0.1");
        connected.add(v6 ? AddressRange.of(loop) : AddressRange.prefix(loop, 8));
        if (v6) {
            connected.add(LINK_LOCAL); // never routed: from the link only
        }
        boolean linkDestination = destination instanceof Inet6Address a && a.isLinkLocalAddress();
        return switch (kind) {
            case LOOPBACK -> Optional.of(new Packet(v6, l4, iface.name(), List.of(AddressRange.of(loop)), List.of(),
                    destination, port));
            case LAN -> {
                List<AddressRange> mine = new ArrayList<>(iface.subnets().stream().filter(s -> s.v6() == v6)
                        .map(AddressRangeText::range).toList());
                if (v6 && !iface.linkLocal().isEmpty()) {
                    mine.add(LINK_LOCAL); // neighbours on the link have link-local addresses too
                }
                yield mine.isEmpty() ? Optional.empty() : Optional.of(new Packet(v6, l4, iface.name(), mine, List.of(),
                        destination, port));
            }
            case ANYWHERE -> linkDestination ? Optional.empty() : Optional.of(new Packet(v6, l4, iface.name(),
                    List.of(all), connected, destination, port));
        };
    }

    /** Where a connection from this source is addressed: the bound address, or for a wildcard one of the host's. */
    private static Optional<InetAddress> destination(Listener l, Iface iface, SourceKind kind, boolean v6) {
        boolean wildcard = l.address().equals("0.0.0.0") || l.address().equals("::");
        if (!wildcard) {
            InetAddress bound = AddressRange.literal(l.address());
            return (bound instanceof Inet6Address) == v6 ? Optional.of(bound) : Optional.empty();
        }
        if (kind == SourceKind.LOOPBACK) {
            return Optional.of(AddressRange.literal(v6 ? "::1" : "127.0.0.1"));
        }
        Optional<InetAddress> address = iface.addresses().stream().filter(a -> (a instanceof Inet6Address) == v6)
                .findFirst();
        // an interface with only a link-local IPv6 address is reached on it, from the link
        return address.isPresent() || !v6 || kind != SourceKind.LAN ? address : iface.linkLocal().stream().findFirst();
    }

    private static final AddressRange LINK_LOCAL = AddressRange.prefix(AddressRange.literal("fe80::"), 10);
}
