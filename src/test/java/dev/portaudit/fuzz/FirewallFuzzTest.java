package dev.portaudit.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portaudit.firewall.Firewall;
import dev.portaudit.firewall.Interfaces.AddressRangeText;
import dev.portaudit.firewall.Interfaces.Iface;
import dev.portaudit.firewall.NftRuleset;
import dev.portaudit.model.Reachability;
import dev.portaudit.testing.Scenarios;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class FirewallFuzzTest {

    private static final List<Iface> INTERFACES = interfaces();

    private static List<Iface> interfaces() {
        try {
            InetAddress lo = InetAddress.getByName("127.0.0.1");
            InetAddress lan = InetAddress.getByName("10.72.1.1");
            return List.of(new Iface("lo", true, List.of(lo), List.of(new AddressRangeText("127.0.0.0/8", false, 8,
                    InetAddress.getByName("127.0.0.0")))), new Iface("lan0", false, List.of(lan), List.of(
                    new AddressRangeText("10.72.1.0/24", false, 24, InetAddress.getByName("10.72.1.0")))));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Any text is refused with a reason or read; any ruleset read is judged without failing, within bounds. */
    @FuzzTest(maxDuration = "10s")
    void ruleset(byte[] input) {
        NftRuleset r;
        try {
            r = NftRuleset.parse(new String(input, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return;
        }
        Reachability reach = Firewall.reachability(Scenarios.tcp("0.0.0.0", 22, Scenarios.SSHD),
                new Firewall.View(Optional.of(r), INTERFACES, ""));
        assertEquals(List.of("loopback", "LAN on lan0 (10.72.1.0/24)", "anywhere on lan0"), reach.verdicts().stream()
                .filter(v -> v.via().isEmpty()).map(Reachability.SourceVerdict::describe).toList(),
                "loopback, the LAN and beyond: always a verdict each");
        Firewall.publications(new Firewall.View(Optional.of(r), INTERFACES, ""), List.of(), Map.of());
    }
}
