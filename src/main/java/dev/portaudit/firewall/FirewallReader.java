package dev.portaudit.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portaudit.firewall.Firewall.View;
import dev.portaudit.firewall.Interfaces.Iface;
import dev.portaudit.firewall.Interfaces.Route;
import dev.portaudit.util.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a namespace's firewall as the kernel holds it — the nftables ruleset through {@code nft -j},
 * the iptables rules nft cannot show or cannot see through their own saves, the interfaces, routes
 * and routing settings — or as files saved on another host. What cannot be read is said in the
 * view's problem, never guessed.
 */
final class FirewallReader {

    /** The settings that decide where a packet goes after prerouting, by sysctl key. */
    private static final String SYSCTL_PATTERN = "^net\\.ipv4\\.ip_forward$|^net\\.ipv6\\.conf\\.all\\.forwarding$"
            + "|^net\\.ipv4\\.ip_local_port_range$"
            + "|^net\\.ipv4\\.conf\\.[^.]+\\.route_localnet$";

    /** This namespace's settings, from /proc/sys; what cannot be read is left out. */
    private static Map<String, String> sysctl(List<Iface> interfaces) {
        Map<String, String> out = new HashMap<>();
        List<String> keys = new ArrayList<>(List.of("net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding",
                "net.ipv4.conf.all.route_localnet", "net.ipv4.ip_local_port_range"));
        interfaces.forEach(i -> keys.add("net.ipv4.conf." + i.name() + ".route_localnet"));
        for (String key : keys) {
            try {
                out.put(key, Files.readString(Path.of("/proc/sys", key.split("\\."))).strip());
            } catch (IOException | RuntimeException e) {
                // unreadable: absent, so what depends on it is unknown
            }
        }
        return out;
    }

    /** "key = value" lines as sysctl prints them. */
    static Map<String, String> parseSysctl(String text) {
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf(" = ");
            if (eq > 0 && line.substring(0, eq).matches(SYSCTL_PATTERN)) {
                out.put(line.substring(0, eq).strip(), line.substring(eq + 3).strip());
            }
        }
        return out;
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private FirewallReader() {
    }

    /** This namespace's ruleset and interfaces, through {@code nft -j list ruleset}. */
    static View read() {
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
            List<JsonNode> items = withSaves(NftRuleset.items(r.out()), List.of());
            items.addAll(legacyRules());
            ruleset = NftRuleset.of(items);
        } catch (IllegalArgumentException e) {
            return new View(Optional.empty(), interfaces, "the nftables ruleset could not be parsed: " + e.getMessage());
        }
        return new View(Optional.of(ruleset), interfaces, Interfaces.routes(Path.of("/proc/net")),
                sysctl(interfaces), "");
    }

    /**
     * A firewall saved elsewhere, for auditing a snapshot taken there: the files' kinds are told by
     * their content — the ruleset ({@code nft -j list ruleset}), the interfaces ({@code ip -j addr}),
     * iptables saves ({@code iptables-save}, {@code ip6tables-save}, either backend) and the routing
     * settings ({@code sysctl -a}: forwarding, route_localnet). Without the interfaces every verdict
     * is unknown, saying so; without the settings, what depends on forwarding is.
     *
     * @param files each file's text, by its name
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    static View fromSaved(Map<String, String> files) {
        String nft = null;
        List<Iface> interfaces = null;
        List<Route> routes = new ArrayList<>();
        Map<String, String> nftSaves = new HashMap<>();
        List<String[]> otherSaves = new ArrayList<>();
        Map<String, String> sysctl = new HashMap<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            String f = file.getKey();
            String text = file.getValue();
            String head = text.stripLeading();
            try {
                if (head.startsWith("{")) {
                    if (nft != null) {
                        throw new IllegalArgumentException("a second nftables ruleset; give one 'nft -j list ruleset'");
                    }
                    NftRuleset.parse(text); // refused here, naming this file, if it is not one
                    nft = text;
                } else if (head.startsWith("[") && text.contains("\"dst\"")) {
                    routes.addAll(Interfaces.parseRouteJson(text));
                } else if (head.startsWith("[")) {
                    interfaces = Interfaces.parseIpJson(text);
                } else if (text.lines().anyMatch(l -> l.startsWith("*") || l.startsWith("-A "))) {
                    boolean v6 = text.contains("ip6tables") || text.lines().anyMatch(l -> l.startsWith("-A ")
                            && l.matches(".*\\s-[sd]\\s+[0-9a-fA-F]*:[0-9a-fA-F:]*.*"));
                    if (text.contains("(nf_tables)")) {
                        nftSaves.merge(v6 ? "ip6" : "ip", text, (a, b) -> a + "\n" + b);
                    } else {
                        otherSaves.add(new String[] {v6 ? "ip6" : "ip", text});
                    }
                } else if (!parseSysctl(text).isEmpty()) {
                    sysctl.putAll(parseSysctl(text));
                } else {
                    throw new IllegalArgumentException("not a saved ruleset ('nft -j list ruleset'), interfaces "
                            + "('ip -j addr'), an iptables save or 'sysctl -a' output");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(f + ": " + e.getMessage());
            }
        }
        if (nft == null && nftSaves.isEmpty() && otherSaves.isEmpty()) {
            throw new IllegalArgumentException("--firewall needs the ruleset: the output of 'nft -j list ruleset' "
                    + "(or of iptables-save)");
        }
        List<JsonNode> items = new ArrayList<>();
        if (nft != null) {
            // iptables-nft's saves give the options its xt expressions hide; its other rules nft printed itself
            items.addAll(IptablesNft.replace(NftRuleset.items(nft), nftSaves));
        } else {
            nftSaves.forEach((family, text) -> items.addAll(LegacyRules.items(text, family, "")));
        }
        // a save of iptables-legacy beside nft's ruleset is what nft cannot see; alone, it is the ruleset
        String prefix = nft != null ? "iptables-legacy-" : "";
        otherSaves.forEach(save -> items.addAll(LegacyRules.items(save[1], save[0], prefix)));
        NftRuleset ruleset = NftRuleset.of(items);
        if (interfaces == null) {
            return new View(Optional.of(ruleset), List.of(), routes, sysctl, "the interfaces were not given with --firewall "
                    + "(add the output of 'ip -j addr' taken on the same host)");
        }
        return new View(Optional.of(ruleset), interfaces, routes, sysctl, "");
    }

    /**
     * Another network namespace's ruleset and interfaces, through a process that holds it: {@code nft}
     * and {@code ip} started inside it with nsenter, as root.
     */
    static View readIn(int pid) {
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
        Optional<Path> sysctl = Processes.find("sysctl");
        Map<String, String> settings = sysctl.isEmpty() ? Map.of() : parseSysctl(Processes.run(concat(enter,
                List.of(sysctl.get().toString(), "-a", "--pattern", SYSCTL_PATTERN)), TIMEOUT).out());
        try {
            return new View(Optional.of(NftRuleset.of(withSaves(NftRuleset.items(r.out()), enter))), interfaces,
                    Interfaces.routes(Path.of("/proc", String.valueOf(pid), "net")), settings, "");
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
     * The ruleset's items with the tables iptables-nft wrote in xt form taken from its own saves,
     * which print the options nft does not: read only when such a table exists.
     *
     * @param enter the command that enters the namespace (nsenter), or nothing for this one
     */
    private static List<JsonNode> withSaves(List<JsonNode> items, List<String> enter) {
        Set<String> opaque = IptablesNft.opaqueTables(items);
        Map<String, String> saves = new HashMap<>();
        for (String[] tool : new String[][] {{"iptables-nft-save", "ip"}, {"ip6tables-nft-save", "ip6"}}) {
            Optional<Path> save = Processes.find(tool[0]);
            if (save.isEmpty() || opaque.stream().noneMatch(t -> t.startsWith(tool[1] + " "))) {
                continue;
            }
            Processes.Run r = Processes.run(concat(enter, List.of(save.get().toString())), TIMEOUT);
            if (r.code() == 0) {
                saves.put(tool[1], r.out());
            }
        }
        return new ArrayList<>(saves.isEmpty() ? items : IptablesNft.replace(items, saves));
    }

    /**
     * iptables-legacy keeps its tables apart from nftables, where {@code nft} cannot see them: read
     * with its own save commands, as nft JSON items for the one evaluator. Tables without a rule and
     * with accepting policies add nothing.
     */
    private static List<JsonNode> legacyRules() {
        List<JsonNode> items = new ArrayList<>();
        for (String[] tool : new String[][] {{"iptables-legacy-save", "ip", "ip_tables_names"},
                {"ip6tables-legacy-save", "ip6", "ip6_tables_names"}}) {
            Optional<Path> save = Processes.find(tool[0]);
            if (save.isEmpty() || noLegacyTables(tool[2])) {
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

    /**
     * Whether the kernel lists no iptables-legacy table in this namespace (/proc/net/ip_tables_names
     * is empty), so that the save need not be run; unreadable, it is run.
     */
    private static boolean noLegacyTables(String names) {
        try {
            return Files.readString(Path.of("/proc/net", names)).isBlank();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
