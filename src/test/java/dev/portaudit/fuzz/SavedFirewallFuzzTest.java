package dev.portaudit.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portaudit.firewall.Firewall;
import dev.portaudit.model.Reachability;
import dev.portaudit.testing.Scenarios;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The files --firewall reads, fuzzed on their own (a fuzzing run exercises one target per class). */
class SavedFirewallFuzzTest {

    /**
     * Any saved file given to --firewall (an iptables save, interfaces, routes, settings) is refused
     * with a reason or read; what is read is judged without failing.
     */
    @FuzzTest(maxDuration = "10s")
    void savedFiles(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Firewall.View view;
        try {
            view = Firewall.fromSaved(Map.of("rules", text, "addr.json", ADDR));
        } catch (IllegalArgumentException e) {
            return;
        }
        Reachability reach = Firewall.reachability(Scenarios.tcp("0.0.0.0", 22, Scenarios.SSHD), view);
        assertTrue(!reach.verdicts().isEmpty());
        Firewall.publications(view, List.of(Scenarios.tcp("0.0.0.0", 22, Scenarios.SSHD)), Map.of());
    }

    private static final String ADDR = "[{\"ifname\": \"lo\", \"flags\": [\"LOOPBACK\", \"UP\"], \"addr_info\": "
            + "[{\"local\": \"127.0.0.1\", \"prefixlen\": 8}]}, {\"ifname\": \"lan0\", \"flags\": [\"UP\"], "
            + "\"addr_info\": [{\"local\": \"10.72.1.1\", \"prefixlen\": 24}]}]";
}
