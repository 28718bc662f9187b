package dev.portaudit.firewall;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.Reachability;
import dev.portaudit.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A ruleset whose chain jumps to itself past undecided matches (found by fuzzing): judged on a
 * thread with the launcher's 512 KB stack, it is undecided, never a stack overflow.
 */
class DeepRulesetTest {

    @Test
    void aChainThatJumpsToItselfIsUndecidedNotAStackOverflow() throws Exception {
        String rules = Files.readString(Path.of(
                "src/test/resources/dev/portaudit/fuzz/SavedFirewallFuzzTestInputs/savedFiles/chain-jumps-to-itself"),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        Firewall.View view = Firewall.fromSaved(Map.of("rules", rules, "addr.json", "[{\"ifname\": \"lo\", \"flags\": "
                + "[\"LOOPBACK\", \"UP\"], \"addr_info\": [{\"local\": \"127.0.0.1\", \"prefixlen\": 8}]}, {\"ifname\": "
                + "\"lan0\", \"flags\": [\"UP\"], \"addr_info\": [{\"local\": \"10.72.1.1\", \"prefixlen\": 24}]}]"));
        AtomicReference<Reachability> reach = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                reach.set(Firewall.reachability(Scenarios.tcp("0.0.0.0", 8445, Scenarios.SSHD), view));
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "small-stack", 512 * 1024);
        t.start();
        t.join(60_000);
        assertNull(failed.get(), () -> String.valueOf(failed.get()));
        assertTrue(reach.get().toString().contains("undecided matches on one way"), reach.get().toString());
    }
}
