package dev.portaudit.firewall;

import static dev.portaudit.testing.Scenarios.SSHD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.firewall.Interfaces.AddressRangeText;
import dev.portaudit.firewall.Interfaces.Iface;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Reachability;
import dev.portaudit.model.Reachability.Reach;
import dev.portaudit.model.Reachability.SourceVerdict;
import dev.portaudit.testing.Scenarios;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The evaluator on rulesets as the real nft printed them (src/test/resources/firewall/json, made from
 * the .nft files beside them), for the test host's interfaces: lo, lan0 10.72.1.1/24, up0 10.72.2.1/24.
 */
class NftEvaluatorTest {

    private static final List<Iface> HOST = List.of(iface("lo", true, "127.0.0.1", "127.0.0.0", 8),
            iface("lan0", false, "10.72.1.1", "10.72.1.0", 24), iface("up0", false, "10.72.2.1", "10.72.2.0", 24));

    static Iface iface(String name, boolean loopback, String address, String network, int length) {
        return new Iface(name, loopback, List.of(AddressRange.literal(address)), List.of(new AddressRangeText(
                network + "/" + length, false, length, AddressRange.literal(network))));
    }

    private static Reachability judge(String ruleset, Listener l) throws Exception {
        NftRuleset r = NftRuleset.parse(Files.readString(Path.of("src/test/resources/firewall/json", ruleset + ".json")));
        return Firewall.reachability(l, new Firewall.View(Optional.of(r), HOST, ""));
    }

    /** Source description to "outcome: deciding rules". */
    static Map<String, String> verdicts(Reachability r) {
        Map<String, String> out = new TreeMap<>();
        for (SourceVerdict v : r.verdicts()) {
            out.put(v.describe(), v.outcome().id() + (v.partial() ? " (some)" : "") + ": " + String.join("; ",
                    v.decidedBy()));
        }
        return out;
    }

    private static Listener tcp(int port) {
        return Scenarios.tcp("0.0.0.0", port, SSHD);
    }

    @Test
    void policyDropWithExplicitAccepts() throws Exception {
        Reachability ssh = judge("policy-drop", tcp(22));
        assertEquals(Reach.ANYWHERE, ssh.reach());
        assertEquals("open: accepted by inet filter input handle 4 (\"ssh from anywhere\")",
                verdicts(ssh).get("anywhere on up0"));
        Reachability redis = judge("policy-drop", tcp(6379));
        assertEquals(Reach.LAN, redis.reach());
        assertEquals(Map.of("loopback", "open: accepted by inet filter input handle 3",
                "LAN on lan0 (10.72.1.0/24)", "open: accepted by inet filter input handle 6 (\"redis from the LAN\")",
                "anywhere on lan0", "filtered: dropped by inet filter input policy drop",
                "LAN on up0 (10.72.2.0/24)", "filtered: dropped by inet filter input policy drop",
                "anywhere on up0", "filtered: dropped by inet filter input policy drop"), verdicts(redis));
        assertEquals(Reach.LOCAL_ONLY, judge("policy-drop", tcp(8080)).reach());
        assertEquals(List.of("loopback"), judge("policy-drop", Scenarios.tcp("127.0.0.1", 8080, SSHD)).verdicts()
                .stream().map(SourceVerdict::describe).toList(), "a loopback bind has no way in from elsewhere");
    }

    @Test
    void setsIntervalsAndPartialSources() throws Exception {
        assertEquals("filtered: dropped by inet filter input policy drop", verdicts(judge("sets", tcp(9000)))
                .get("anywhere on up0"), "the named set holds only the connected subnets");
        assertTrue(verdicts(judge("sets", tcp(8050))).get("anywhere on up0").startsWith("open: accepted by inet "
                + "filter input handle"), "8050 is in the set's 8000-8100 interval");
        String udp = verdicts(judge("sets", Scenarios.udp("0.0.0.0", 5353, SSHD))).get("anywhere on up0");
        assertTrue(udp.startsWith("open (some): accepted from some addresses by inet filter input handle"), udp);
    }

    @Test
    void jumpGotoAndReturn() throws Exception {
        Map<String, String> redis = verdicts(judge("jumps", tcp(6379)));
        assertTrue(redis.get("anywhere on up0").startsWith("filtered: dropped by inet filter deny handle"),
                redis.toString());
        assertTrue(redis.get("anywhere on lan0").startsWith("open"), "goto deny, return: back to input's caller, "
                + "whose policy accepts: " + redis);
        assertTrue(verdicts(judge("jumps", tcp(22))).get("LAN on lan0 (10.72.1.0/24)").startsWith("filtered: "
                + "dropped by inet filter input handle"), "services returns, then input drops ssh from lan*");
    }

    @Test
    void anAcceptEndsOnlyItsOwnBaseChain() throws Exception {
        Reachability r = judge("inet-accept-ip-drop", tcp(6379));
        assertEquals(Reach.FILTERED, r.reach());
        assertTrue(verdicts(r).get("anywhere on up0").contains("ip late input"), verdicts(r).toString());
    }

    @Test
    void verdictMapsRejectAndIifnameWildcards() throws Exception {
        assertEquals(Reach.LOCAL_ONLY, judge("vmap", tcp(6379)).reach(), "loopback is accepted before the map drops it");
        assertEquals(Reach.ANYWHERE, judge("vmap", tcp(22)).reach());
        Map<String, String> telnet = verdicts(judge("iifname-reject", tcp(23)));
        assertTrue(telnet.get("anywhere on up0").startsWith("filtered: rejected by inet filter input handle"),
                telnet.toString());
        assertTrue(telnet.get("anywhere on lan0").startsWith("open"), "iifname \"lan*\" accepts: " + telnet);
        assertTrue(verdicts(judge("iifname-reject", tcp(24))).get("anywhere on up0").startsWith("filtered: dropped "
                + "by inet filter input handle"));
    }

    @Test
    void whatTheModelCannotDecideIsUnknownAndNamed() throws Exception {
        Map<String, String> v = verdicts(judge("xt", tcp(8080)));
        assertEquals("unknown: depends on xt match 'recent', which portaudit does not evaluate", v.get("anywhere on up0"));
        assertEquals(Reach.ANYWHERE, judge("xt", tcp(22)).reach(), "the xt rule's port match decides before it");
        Reachability unread = Firewall.reachability(tcp(22), new Firewall.View(Optional.empty(), HOST,
                "nft -j list ruleset failed (reading the ruleset needs CAP_NET_ADMIN: run as root)"));
        assertEquals(Reach.UNKNOWN, unread.reach());
        assertTrue(unread.verdicts().stream().allMatch(x -> x.decidedBy().get(0).contains("CAP_NET_ADMIN")));
    }

    @Test
    void aLoopingOrHostileRulesetIsBoundedNotHung() {
        String loop = "{\"nftables\":[{\"chain\":{\"family\":\"inet\",\"table\":\"t\",\"name\":\"in\",\"hook\":\"input\","
                + "\"prio\":0,\"policy\":\"accept\"}},{\"rule\":{\"family\":\"inet\",\"table\":\"t\",\"chain\":\"in\","
                + "\"handle\":2,\"expr\":[{\"jump\":{\"target\":\"in\"}}]}}]}";
        Reachability r = Firewall.reachability(tcp(22), new Firewall.View(Optional.of(NftRuleset.parse(loop)), HOST, ""));
        assertEquals(Reach.UNKNOWN, r.reach());
        assertTrue(r.verdicts().get(0).decidedBy().get(0).contains("too large to follow"), r.toString());
        String badPort = loop.replace("{\"jump\":{\"target\":\"in\"}}", "{\"match\":{\"op\":\"==\",\"left\":{\"payload\":"
                + "{\"protocol\":\"tcp\",\"field\":\"dport\"}},\"right\":\"not-a-port\"}},{\"drop\":null}");
        Reachability odd = Firewall.reachability(tcp(22), new Firewall.View(Optional.of(NftRuleset.parse(badPort)), HOST,
                ""));
        assertTrue(odd.verdicts().get(0).decidedBy().get(0).contains("cannot read"), odd.toString());
        // found by the fuzzer: a prefix longer than the address is refused, not divided by zero
        String longPrefix = loop.replace("{\"jump\":{\"target\":\"in\"}}", "{\"match\":{\"op\":\"==\",\"left\":"
                + "{\"payload\":{\"protocol\":\"ip\",\"field\":\"saddr\"}},\"right\":{\"prefix\":{\"addr\":"
                + "\"10.0.0.0\",\"len\":40}}}},{\"drop\":null}");
        Reachability prefix = Firewall.reachability(tcp(22), new Firewall.View(Optional.of(NftRuleset.parse(longPrefix)),
                HOST, ""));
        assertTrue(prefix.verdicts().get(0).decidedBy().get(0).contains("prefix length 40 is not 0-32"),
                prefix.toString());
    }

    /** Nothing to judge from is unknown, never filtered. */
    @Test
    void noInterfaceIsUnknownNotFiltered() throws Exception {
        Reachability r = Firewall.reachability(tcp(22), new Firewall.View(Optional.of(NftRuleset.empty()), List.of(),
                "the network interfaces could not be read: permission denied"));
        assertEquals(Reach.UNKNOWN, r.reach());
        assertEquals(List.of("the network interfaces could not be read: permission denied"),
                r.verdicts().get(0).decidedBy());
    }

    @Test
    void unreadableRulesetsAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NftRuleset.parse("{ broken")).getMessage()
                .startsWith("not JSON"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NftRuleset.parse("{\"tables\":[]}")).getMessage()
                .contains("no \"nftables\" array"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NftRuleset.parse("{\"nftables\":[{\"rule\":"
                + "{\"family\":\"inet\",\"table\":\"t\",\"chain\":\"x\",\"expr\":[]}}]}")).getMessage()
                .contains("which the ruleset does not define"));
    }

    /** Concatenations: every part of some element must match, each part judged like a single match. */
    @Test
    void concatenationsOfAddressAndPort() throws Exception {
        Map<String, String> ssh = verdicts(judge("concat", tcp(22)));
        assertTrue(ssh.get("LAN on lan0 (10.72.1.0/24)").startsWith("open: accepted by inet f input handle"), ssh
                .toString());
        assertTrue(ssh.get("anywhere on up0").startsWith("filtered"), "22 only from 10.72.1.0/24: " + ssh);
        Map<String, String> range = verdicts(judge("concat", tcp(6050)));
        assertTrue(range.get("LAN on up0 (10.72.2.0/24)").startsWith("open (some)"), "10.72.2.5 only: " + range);
        assertTrue(range.get("LAN on lan0 (10.72.1.0/24)").startsWith("filtered"), range.toString());
        assertTrue(verdicts(judge("concat", tcp(6200))).get("LAN on up0 (10.72.2.0/24)").startsWith("filtered"),
                "outside the element's port range");
        assertTrue(verdicts(judge("concat", tcp(23))).get("anywhere on up0").startsWith("open (some)"));
        assertEquals(Reach.ANYWHERE, judge("concat", tcp(24)).reach(), "the vmap's tcp . 24 element");
        assertEquals(Reach.ANYWHERE, judge("concat", Scenarios.udp("0.0.0.0", 5353, SSHD)).reach());
        assertEquals(Reach.FILTERED, judge("concat", Scenarios.udp("0.0.0.0", 24, SSHD)).reach(),
                "udp . 24 is no element, and nothing accepts loopback");
    }
}
