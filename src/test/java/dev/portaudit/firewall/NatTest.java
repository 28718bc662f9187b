package dev.portaudit.firewall;

import static dev.portaudit.firewall.NftEvaluatorTest.iface;
import static dev.portaudit.firewall.NftEvaluatorTest.verdicts;
import static dev.portaudit.testing.Scenarios.SSHD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.firewall.Interfaces.Iface;
import dev.portaudit.model.Listener;
import dev.portaudit.model.NetNamespace;
import dev.portaudit.model.Publication;
import dev.portaudit.model.Reachability;
import dev.portaudit.model.Reachability.Reach;
import dev.portaudit.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Destination NAT followed through the hooks, on the dnat ruleset as the real nft printed it: the
 * test host (lo, lan0 10.72.1.1/24, up0 10.72.2.1/24) publishes ports to a container namespace
 * (eth0 10.72.9.2/24), redirects one port to another, and publishes a loopback listener.
 */
class NatTest {

    private static final List<Iface> HOST = List.of(iface("lo", true, "127.0.0.1", "127.0.0.0", 8),
            iface("lan0", false, "10.72.1.1", "10.72.1.0", 24), iface("up0", false, "10.72.2.1", "10.72.2.0", 24),
            iface("ctr0", false, "10.72.9.1", "10.72.9.0", 24));
    private static final List<Iface> CONTAINER = List.of(iface("lo", true, "127.0.0.1", "127.0.0.0", 8),
            iface("eth0", false, "10.72.9.2", "10.72.9.0", 24));
    private static final NetNamespace CTR = new NetNamespace(4026532999L, Optional.empty());

    private static NftRuleset dnat() throws Exception {
        return NftRuleset.parse(Files.readString(Path.of("src/test/resources/firewall/json/dnat.json")));
    }

    private static Firewall.View host(Map<String, String> sysctl) throws Exception {
        return new Firewall.View(Optional.of(dnat()), HOST, sysctl, "");
    }

    private static final Map<String, String> FORWARDING = Map.of("net.ipv4.ip_forward", "1",
            "net.ipv6.conf.all.forwarding", "0", "net.ipv4.conf.lan0.route_localnet", "1");
    private static final Firewall.View CONTAINER_VIEW = new Firewall.View(Optional.of(NftRuleset.empty()), CONTAINER,
            "");

    private static Listener web() {
        return Scenarios.tcp("0.0.0.0", 80, SSHD).inNamespace(CTR);
    }

    @Test
    void aContainersPublishedPortIsReachableThroughTheHost() throws Exception {
        Reachability r = Firewall.reachability(web(), CONTAINER_VIEW, host(FORWARDING));
        Map<String, String> v = verdicts(r);
        assertEquals(Reach.ANYWHERE, r.reach(), v.toString());
        assertEquals("open: published by ip nat pre handle 2 (\"published web\"); forwarded by inet filter forward "
                + "handle 4", v.get("anywhere on up0 via host port 8443"));
        assertTrue(v.get("LAN on lan0 (10.72.1.0/24) via host port 8444").startsWith("open: published by ip nat pre "
                + "handle 4; forwarded by inet filter forward handle 3"), v.toString());
        assertFalse(v.containsKey("anywhere on up0 via host port 8444"), "8444 is published on lan0 only: " + v);
        // its own namespace's view: the container's own sources, untouched by the host's NAT
        assertTrue(v.get("anywhere on eth0").startsWith("open"), v.toString());
        assertFalse(v.keySet().stream().anyMatch(k -> k.contains("9443")), "9443 goes to port 9999: " + v);
    }

    @Test
    void withoutForwardingAPublishedPortLeadsNowhere() throws Exception {
        Reachability r = Firewall.reachability(web(), CONTAINER_VIEW, host(Map.of("net.ipv4.ip_forward", "0")));
        String v = verdicts(r).get("anywhere on up0 via host port 8443");
        assertTrue(v.startsWith("filtered: dropped by the kernel: net.ipv4.ip_forward is 0"), v);
        Reachability unread = Firewall.reachability(web(), CONTAINER_VIEW, host(Map.of()));
        assertEquals("unknown: whether this host forwards IPv4 (net.ipv4.ip_forward) could not be read",
                verdicts(unread).get("anywhere on up0 via host port 8443"), "an unread setting is not a guess");
    }

    @Test
    void theForwardChainDecidesWhatGetsThrough() throws Exception {
        // udp 5300 → 10.72.9.2:53: accepted in forward; 53/tcp is not published at all
        Listener dns = Scenarios.udp("0.0.0.0", 53, SSHD).inNamespace(CTR);
        Map<String, String> v = verdicts(Firewall.reachability(dns, CONTAINER_VIEW, host(FORWARDING)));
        assertTrue(v.get("anywhere on up0 via host port 5300").startsWith("open"), v.toString());
        // a listener only the forward policy stops: published, then dropped
        Listener other = Scenarios.tcp("0.0.0.0", 9999, SSHD).inNamespace(CTR);
        Map<String, String> o = verdicts(Firewall.reachability(other, CONTAINER_VIEW, host(FORWARDING)));
        assertEquals("filtered: dropped by inet filter forward policy drop (published by ip nat pre handle 5 "
                + "(\"nothing behind it\"))", o.get("anywhere on up0 via host port 9443"));
        assertTrue(o.get("LAN on lan0 (10.72.1.0/24) via host port 9443").startsWith("open"), o.toString());
    }

    @Test
    void aRedirectAndAPublishedLoopbackListener() throws Exception {
        Firewall.View view = host(FORWARDING);
        Map<String, String> web = verdicts(Firewall.reachability(Scenarios.tcp("0.0.0.0", 8080, SSHD), view));
        assertEquals("open: published by ip nat pre handle 6", web.get("anywhere on up0 via host port 8081"));
        // a connection to 8443 itself is sent on to the container: the host's own 8443 never sees it
        Map<String, String> own = verdicts(Firewall.reachability(Scenarios.tcp("0.0.0.0", 8443, SSHD), view));
        assertEquals("filtered: sent to 10.72.9.2:80 by ip nat pre handle 2 (\"published web\")",
                own.get("anywhere on up0"));
        assertTrue(own.get("loopback").startsWith("open"), "the host's own connections skip prerouting's NAT");
        // bound to loopback, published by dnat: reachable where route_localnet lets 127.0.0.1 in (lan0 only)
        Reachability local = Firewall.reachability(Scenarios.tcp("127.0.0.1", 7001, SSHD), view);
        Map<String, String> l = verdicts(local);
        assertEquals("open: published by ip nat pre handle 7", l.get("LAN on lan0 (10.72.1.0/24) via host port 7002"));
        assertEquals("filtered: dropped by the kernel: a packet to 127.0.0.1 arriving on up0 is dropped "
                + "(net.ipv4.conf.up0.route_localnet is 0) (published by ip nat pre handle 7)",
                l.get("anywhere on up0 via host port 7002"));
        assertEquals(Reach.ANYWHERE, local.reach(), "anywhere on lan0, beyond its subnet, is open too: " + l);
    }

    @Test
    void publishedPortsSayWhatIsBehindThem() throws Exception {
        Firewall.View view = host(FORWARDING);
        List<Listener> listeners = List.of(web(), Scenarios.tcp("0.0.0.0", 8080, SSHD));
        Map<String, String> seen = behind(Firewall.publications(view, listeners, Map.of(CTR.inode(), CONTAINER_VIEW)));
        assertEquals("listener", seen.get("tcp 8443"));
        assertEquals("none", seen.get("tcp 9443"), "the container was read, and nothing listens on 9999");
        assertEquals("none", seen.get("udp 5300"));
        assertEquals("listener", seen.get("tcp 8081"), "the redirect lands on the host's 8080");
        assertEquals("none", seen.get("tcp 7002"), "nothing listens on 127.0.0.1:7001 in this list");
        Map<String, String> unseen = behind(Firewall.publications(view, listeners, Map.of()));
        assertEquals("not-seen", unseen.get("tcp 8443"), "the container's namespace was not read");
        assertEquals(6, Firewall.publications(view, listeners, Map.of()).size());
        assertEquals(List.of(), Firewall.publications(new Firewall.View(Optional.empty(), HOST, "nft failed"),
                listeners, Map.of()), "no ruleset read, nothing said published");
    }

    private static Map<String, String> behind(List<Publication> published) {
        Map<String, String> out = new HashMap<>();
        published.forEach(p -> out.put(p.protocol() + " " + p.hostPorts(), p.behind().id()));
        return out;
    }

    @Test
    void legacyDnatAndRedirectAreFollowedToo() {
        String save = String.join("\n", "*nat", ":PREROUTING ACCEPT [0:0]", ":DOCKER - [0:0]",
                "-A PREROUTING -j DOCKER",
                "-A DOCKER ! -i ctr0 -p tcp -m tcp --dport 8443 -j DNAT --to-destination 10.72.9.2:80",
                "-A DOCKER -p tcp -m tcp --dport 8081 -j REDIRECT --to-ports 8080", "COMMIT",
                "*filter", ":FORWARD DROP [0:0]", "-A FORWARD -d 10.72.9.2/32 -p tcp -m tcp --dport 80 -j ACCEPT",
                "COMMIT", "");
        NftRuleset r = NftRuleset.parse("{\"nftables\": []}", LegacyRules.items(save, "ip"));
        Firewall.View view = new Firewall.View(Optional.of(r), HOST, FORWARDING, "");
        Map<String, String> v = verdicts(Firewall.reachability(web(), CONTAINER_VIEW, view));
        assertEquals("open: published by ip iptables-legacy-nat DOCKER handle 2; forwarded by ip iptables-legacy-filter "
                + "FORWARD handle 4", v.get("anywhere on up0 via host port 8443"));
        Map<String, String> redirected = verdicts(Firewall.reachability(Scenarios.tcp("0.0.0.0", 8080, SSHD), view));
        assertTrue(redirected.get("anywhere on up0 via host port 8081").startsWith("open: published by ip "
                + "iptables-legacy-nat DOCKER handle 3"), redirected.toString());
    }

    /**
     * Docker's rules as iptables-nft writes them: nft -j shows the DNAT and addrtype only as xt
     * expressions, without their options; iptables-nft-save has them, and its tables replace nft's.
     */
    @Test
    void iptablesNftRulesAreReadFromTheirSave() throws Exception {
        String json = Files.readString(Path.of("src/test/resources/firewall/json/docker-iptables-nft.json"));
        String save = Files.readString(Path.of("src/test/resources/firewall/docker-iptables-nft.save"));
        NftRuleset opaque = NftRuleset.parse(json);
        Map<String, String> before = verdicts(Firewall.reachability(web(), CONTAINER_VIEW, new Firewall.View(
                Optional.of(opaque), HOST, FORWARDING, "")));
        assertFalse(before.keySet().stream().anyMatch(k -> k.contains("8445")), "nft -j hides the DNAT's target");
        assertEquals(java.util.Set.of("ip nat", "ip filter"), IptablesNft.opaqueTables(NftRuleset.items(json)));

        NftRuleset read = NftRuleset.of(IptablesNft.replace(NftRuleset.items(json), Map.of("ip", save)));
        Map<String, String> after = verdicts(Firewall.reachability(web(), CONTAINER_VIEW, new Firewall.View(
                Optional.of(read), HOST, FORWARDING, "")));
        assertEquals("open: published by ip nat DOCKER handle 5; forwarded by ip filter FORWARD handle 5",
                after.get("anywhere on up0 via host port 8445"), after.toString());
        // the same from saved files, as --from with --firewall reads them
        String addr = "[{\"ifname\": \"lo\", \"flags\": [\"LOOPBACK\", \"UP\"], \"addr_info\": [{\"local\": "
                + "\"127.0.0.1\", \"prefixlen\": 8}]}, {\"ifname\": \"up0\", \"flags\": [\"UP\"], \"addr_info\": "
                + "[{\"local\": \"10.72.2.1\", \"prefixlen\": 24}]}, {\"ifname\": \"ctr0\", \"flags\": [\"UP\"], "
                + "\"addr_info\": [{\"local\": \"10.72.9.1\", \"prefixlen\": 24}]}]";
        Firewall.View saved = Firewall.fromSaved(Map.of("ruleset.json", json, "rules.save", save, "addr.json", addr,
                "sysctl.txt", "net.ipv4.ip_forward = 1\n"));
        assertEquals(after.get("anywhere on up0 via host port 8445"), verdicts(Firewall.reachability(web(),
                CONTAINER_VIEW, saved)).get("anywhere on up0 via host port 8445"));
        // a save that no longer matches nft's rules (changed between the reads) leaves nft's tables as they were
        String changed = save.replace("-A DOCKER -i ctr0 -j RETURN\n", "");
        assertFalse(verdicts(Firewall.reachability(web(), CONTAINER_VIEW, new Firewall.View(Optional.of(NftRuleset.of(
                IptablesNft.replace(NftRuleset.items(json), Map.of("ip", changed)))), HOST, FORWARDING, "")))
                .keySet().stream().anyMatch(k -> k.contains("8445")), "kept as nft printed it");
    }

    /**
     * A dnat to an address behind a gateway: the forward chain's -o is decided by the route that
     * holds the destination, and unknown where no route is known.
     */
    @Test
    void routesDecideWhereAForwardedConnectionLeaves(@TempDir Path net) throws Exception {
        Files.writeString(net.resolve("route"), "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask"
                + "\t\tMTU\tWindow\tIRTT\nup0\t0000630A\t0202480A\t0003\t0\t0\t0\t0000FFFF\t0\t0\t0\n"
                + "lan0\t00000000\t0201480A\t0001\t0\t0\t0\t00000000\t0\t0\t0\n"
                + "down0\t00000000\t00000000\t0000\t0\t0\t0\t00000000\t0\t0\t0\n");
        Files.writeString(net.resolve("ipv6_route"), "fd000000000000000000000000000000 40 "
                + "00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 "
                + "00000001     up0\n00000000000000000000000000000001 80 00000000000000000000000000000000 00 "
                + "00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo\n");
        List<Interfaces.Route> routes = Interfaces.routes(net);
        assertEquals(List.of("up0 10.99.0.0/16", "lan0 0.0.0.0/0", "up0 fd00:0:0:0:0:0:0:0/64"), routes.stream()
                .map(r -> r.iface() + " " + r.destination().text()).toList(), "up routes only, no local ones");
        assertEquals(List.of("up0 10.99.0.0/16", "lan0 0.0.0.0/0"), Interfaces.parseRouteJson("[{\"dst\": "
                + "\"10.99.0.0/16\", \"gateway\": \"10.72.2.2\", \"dev\": \"up0\"}, {\"dst\": \"default\", "
                + "\"gateway\": \"10.72.1.2\", \"dev\": \"lan0\"}, {\"type\": \"blackhole\", \"dst\": \"10.0.0.0/8\"}]")
                .stream().map(r -> r.iface() + " " + r.destination().text()).toList(), "as 'ip -j route' prints them");

        String save = String.join("\n", "*nat", ":PREROUTING ACCEPT [0:0]",
                "-A PREROUTING -p tcp -m tcp --dport 9000 -j DNAT --to-destination 10.99.0.5:80", "COMMIT",
                "*filter", ":FORWARD DROP [0:0]", "-A FORWARD -o up0 -j ACCEPT", "COMMIT", "");
        NftRuleset r = NftRuleset.parse("{\"nftables\": []}", LegacyRules.items(save, "ip"));
        Firewall.View far = new Firewall.View(Optional.of(NftRuleset.empty()), List.of(iface("lo", true, "127.0.0.1",
                "127.0.0.0", 8), iface("eth0", false, "10.99.0.5", "10.99.0.0", 24)), "");
        Map<String, String> routed = verdicts(Firewall.reachability(web(), far, new Firewall.View(Optional.of(r), HOST,
                routes, FORWARDING, "")));
        assertTrue(routed.get("anywhere on lan0 via host port 9000").startsWith("open: published by ip "
                + "iptables-legacy-nat PREROUTING handle 1; forwarded by ip iptables-legacy-filter FORWARD"), routed
                .toString());
        Map<String, String> unrouted = verdicts(Firewall.reachability(web(), far, new Firewall.View(Optional.of(r),
                HOST, FORWARDING, "")));
        assertEquals("unknown: depends on meta oifname (where the host routes it), which portaudit does not evaluate",
                unrouted.get("anywhere on lan0 via host port 9000"));
    }
}
