package dev.portaudit.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portaudit.firewall.Interfaces.AddressRangeText;
import dev.portaudit.firewall.Interfaces.Iface;
import dev.portaudit.firewall.NftEvaluator.End;
import dev.portaudit.firewall.NftEvaluator.Way;
import dev.portaudit.model.Exposure;
import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Reachability;
import dev.portaudit.model.Reachability.Outcome;
import dev.portaudit.model.Reachability.SourceKind;
import dev.portaudit.model.Reachability.SourceVerdict;
import dev.portaudit.util.Processes;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The host's firewall as reachability: the nftables ruleset (iptables-nft rules are in it too) and
 * the interfaces, read once per scan beside collection, and for each listener a verdict per source.
 * What could not be read makes every verdict unknown, with the reason; nothing is assumed open or
 * filtered.
 */
public final class Firewall {

    /**
     * What the scan could read.
     *
     * @param ruleset    the ruleset, when it was read
     * @param interfaces the namespace's interfaces that are up
     * @param problem    why the ruleset could not be judged; empty when it could
     */
    public record View(Optional<NftRuleset> ruleset, List<Iface> interfaces, String problem) {
        public boolean ok() {
            return problem.isEmpty() && ruleset.isPresent();
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Firewall() {
    }

    /** This namespace's ruleset and interfaces, through {@code nft -j list ruleset}. */
    public static View read() {
        List<Iface> interfaces;
        try {
            interfaces = Interfaces.read();
        } catch (IOException e) {
            return new View(Optional.empty(), List.of(), "the network interfaces could not be read: " + e.getMessage());
        }
        Optional<Path> nft = Processes.find("nft");
        if (nft.isEmpty()) {
            return new View(Optional.empty(), interfaces, "nft is not installed (Debian: nftables), so the "
                    + "firewall could not be read");
        }
        Processes.Run r = Processes.run(List.of(nft.get().toString(), "-j", "list", "ruleset"), TIMEOUT);
        if (r.code() != 0) {
            return new View(Optional.empty(), interfaces, "nft -j list ruleset failed" + (r.err().contains(
                    "Operation not permitted") ? " (reading the ruleset needs CAP_NET_ADMIN: run as root)"
                    : ": " + r.err().strip()));
        }
        NftRuleset ruleset;
        try {
            ruleset = NftRuleset.parse(r.out(), legacyRules());
        } catch (IllegalArgumentException e) {
            return new View(Optional.empty(), interfaces, "the nftables ruleset could not be parsed: " + e.getMessage());
        }
        return new View(Optional.of(ruleset), interfaces, "");
    }

    /**
     * Another network namespace's ruleset and interfaces, through a process that holds it: {@code nft}
     * and {@code ip} started inside it with nsenter, as root.
     */
    public static View readIn(int pid) {
        Optional<Path> nsenter = Processes.find("nsenter");
        Optional<Path> ip = Processes.find("ip");
        Optional<Path> nft = Processes.find("nft");
        if (nsenter.isEmpty() || ip.isEmpty() || nft.isEmpty()) {
            return new View(Optional.empty(), List.of(), "reading another namespace's firewall needs nsenter, ip and "
                    + "nft (Debian: util-linux, iproute2, nftables)");
        }
        List<String> enter = List.of(nsenter.get().toString(), "--net=/proc/" + pid + "/ns/net", "--");
        Processes.Run addr = Processes.run(concat(enter, List.of(ip.get().toString(), "-j", "addr")), TIMEOUT);
        if (addr.code() != 0) {
            return new View(Optional.empty(), List.of(), "the interfaces of the namespace of process " + pid
                    + " could not be read: " + addr.err().strip());
        }
        List<Iface> interfaces;
        try {
            interfaces = Interfaces.parseIpJson(addr.out());
        } catch (IllegalArgumentException e) {
            return new View(Optional.empty(), List.of(), e.getMessage());
        }
        Processes.Run r = Processes.run(concat(enter, List.of(nft.get().toString(), "-j", "list", "ruleset")),
                TIMEOUT);
        if (r.code() != 0) {
            return new View(Optional.empty(), interfaces, "nft -j list ruleset failed in the namespace of process "
                    + pid + ": " + r.err().strip());
        }
        try {
            return new View(Optional.of(NftRuleset.parse(r.out())), interfaces, "");
        } catch (IllegalArgumentException e) {
            return new View(Optional.empty(), interfaces, "the nftables ruleset could not be parsed: " + e.getMessage());
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /**
     * iptables-legacy keeps its tables apart from nftables, where {@code nft} cannot see them: read
     * with its own save commands, as nft JSON items for the one evaluator. Tables without a rule and
     * with accepting policies add nothing.
     */
    private static List<JsonNode> legacyRules() {
        List<JsonNode> items = new ArrayList<>();
        for (String[] tool : new String[][] {{"iptables-legacy-save", "ip"}, {"ip6tables-legacy-save", "ip6"}}) {
            Optional<Path> save = Processes.find(tool[0]);
            if (save.isEmpty()) {
                continue;
            }
            Processes.Run r = Processes.run(List.of(save.get().toString()), TIMEOUT);
            boolean used = r.out().lines().anyMatch(l -> l.startsWith("-A ") || l.matches(":\\S+ (DROP|REJECT) .*"));
            if (r.code() == 0 && used) {
                items.addAll(LegacyRules.items(r.out(), tool[1]));
            }
        }
        return items;
    }

    /** A listener's reachability: a verdict for loopback, and for each interface's subnets and beyond. */
    public static Reachability reachability(Listener l, View view) {
        List<SourceVerdict> verdicts = new ArrayList<>();
        boolean loopbackBind = l.exposure() == Exposure.LOOPBACK;
        List<Boolean> families = families(l);
        for (Iface iface : view.interfaces()) {
            if (iface.loopback()) {
                verdicts.add(verdict(l, view, iface, SourceKind.LOOPBACK, families));
            } else if (!loopbackBind) {
                // the kernel drops packets to 127.0.0.0/8 and ::1 that arrive on another interface
                if (!iface.subnets().isEmpty()) {
                    verdicts.add(verdict(l, view, iface, SourceKind.LAN, families));
                }
                verdicts.add(verdict(l, view, iface, SourceKind.ANYWHERE, families));
            }
        }
        if (verdicts.isEmpty()) {
            // no interface to judge from (none could be read, or loopback is down): not "filtered"
            return new Reachability(Reachability.Reach.UNKNOWN, List.of(new SourceVerdict(SourceKind.LOOPBACK, "lo",
                    List.of(), Outcome.UNKNOWN, List.of(view.problem().isEmpty() ? "no network interface of this host "
                    + "could be judged from" : view.problem()), false)));
        }
        return new Reachability(Reachability.classify(verdicts), verdicts);
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

    private static SourceVerdict verdict(Listener l, View view, Iface iface, SourceKind kind, List<Boolean> families) {
        List<String> subnets = kind == SourceKind.LAN ? iface.subnets().stream().map(AddressRangeText::text).toList()
                : List.of();
        if (!view.ok()) {
            return new SourceVerdict(kind, iface.name(), subnets, Outcome.UNKNOWN, List.of(view.problem().isEmpty()
                    ? "the firewall was not read" : view.problem()), false);
        }
        NftEvaluator evaluator = new NftEvaluator(view.ruleset().get());
        Outcome outcome = null;
        Set<String> decided = new LinkedHashSet<>();
        boolean partial = false;
        for (boolean v6 : families) {
            Optional<Packet> packet = packet(l, view, iface, kind, v6);
            if (packet.isEmpty()) {
                continue;
            }
            Judged j;
            try {
                j = judge(evaluator.evaluate(packet.get()));
            } catch (IllegalArgumentException e) {
                // a value nft would not print (a hand-made --firewall file): unknown, never a guess
                j = new Judged(Outcome.UNKNOWN, List.of("the ruleset holds a value portaudit cannot read: "
                        + e.getMessage()), false);
            }
            if (outcome == null || rank(j.outcome()) > rank(outcome)) {
                outcome = j.outcome();
                decided.clear();
                partial = j.partial();
            }
            if (j.outcome() == outcome) {
                decided.addAll(j.decidedBy());
            }
        }
        if (outcome == null) {
            return new SourceVerdict(kind, iface.name(), subnets, Outcome.FILTERED, List.of("no address of the "
                    + "listener's family on " + iface.name()), false);
        }
        return new SourceVerdict(kind, iface.name(), subnets, outcome, List.copyOf(decided), partial);
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

    /** What all the ways add up to: one outcome if they agree, open if only the source address tells them apart. */
    static Judged judge(List<Way> ways) {
        Set<String> unknown = new LinkedHashSet<>();
        ways.forEach(w -> unknown.addAll(w.unknown()));
        List<String> undecided = ways.stream().filter(w -> w.end() == End.UNDECIDED).map(Way::decidedBy).distinct()
                .toList();
        if (!undecided.isEmpty()) {
            return new Judged(Outcome.UNKNOWN, undecided, false);
        }
        boolean nat = ways.stream().anyMatch(w -> w.end() == End.NAT);
        if (nat) {
            return new Judged(Outcome.UNKNOWN, ways.stream().filter(w -> w.end() == End.NAT)
                    .map(w -> "NAT in prerouting (" + w.decidedBy() + "), which portaudit does not follow yet")
                    .distinct().toList(), false);
        }
        boolean accepted = ways.stream().anyMatch(w -> w.end() == End.ACCEPT);
        boolean stopped = ways.stream().anyMatch(w -> w.end() == End.DROP || w.end() == End.REJECT);
        if (accepted && !stopped) {
            return new Judged(Outcome.OPEN, ways.stream().map(w -> w.decidedBy().isEmpty() || w.decidedBy()
                    .equals("no rule") ? "accepted: no rule stops it" : "accepted by " + w.decidedBy()).distinct()
                    .toList(), false);
        }
        if (stopped && !accepted) {
            return new Judged(Outcome.FILTERED, ways.stream().map(w -> (w.end() == End.REJECT ? "rejected by "
                    : "dropped by ") + w.decidedBy()).distinct().toList(), false);
        }
        // some ways accept and some stop: decidable only when the source address alone tells them apart
        if (unknown.isEmpty()) {
            return new Judged(Outcome.OPEN, ways.stream().filter(w -> w.end() == End.ACCEPT)
                    .map(w -> "accepted from some addresses by " + w.decidedBy()).distinct().toList(), true);
        }
        return new Judged(Outcome.UNKNOWN, unknown.stream().map(u -> "depends on " + u + ", which portaudit does not "
                + "evaluate").toList(), false);
    }

    /** The first packet of a connection from this source, or empty when the family has no way in here. */
    private static Optional<Packet> packet(Listener l, View view, Iface iface, SourceKind kind, boolean v6) {
        String l4 = l.protocol().id();
        AddressRange all = AddressRange.all(v6);
        List<AddressRange> connected = new ArrayList<>();
        for (Iface i : view.interfaces()) {
            i.subnets().stream().filter(s -> s.v6() == v6).forEach(s -> connected.add(s.range()));
        }
        InetAddress loop = AddressRange.literal(v6 ? "::1" : "127.0.0.1");
        connected.add(v6 ? AddressRange.of(loop) : AddressRange.prefix(loop, 8));
        Optional<InetAddress> destination = destination(l, iface, kind, v6);
        if (destination.isEmpty()) {
            return Optional.empty();
        }
        return switch (kind) {
            case LOOPBACK -> Optional.of(new Packet(v6, l4, iface.name(), List.of(AddressRange.of(loop)), List.of(),
                    destination.get(), l.port()));
            case LAN -> {
                List<AddressRange> mine = iface.subnets().stream().filter(s -> s.v6() == v6)
                        .map(AddressRangeText::range).toList();
                yield mine.isEmpty() ? Optional.empty() : Optional.of(new Packet(v6, l4, iface.name(), mine, List.of(),
                        destination.get(), l.port()));
            }
            case ANYWHERE -> Optional.of(new Packet(v6, l4, iface.name(), List.of(all), connected, destination.get(),
                    l.port()));
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
        return iface.addresses().stream().filter(a -> (a instanceof Inet6Address) == v6).findFirst();
    }
}
