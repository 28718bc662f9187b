package dev.portaudit.report;

import static dev.portaudit.testing.Scenarios.SSHD;
import static dev.portaudit.testing.Scenarios.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portaudit.audit.AuditSettings;
import dev.portaudit.audit.ExitPolicy;
import dev.portaudit.audit.Pipeline;
import dev.portaudit.firewall.Firewall;
import dev.portaudit.firewall.Interfaces.AddressRangeText;
import dev.portaudit.firewall.Interfaces.Iface;
import dev.portaudit.firewall.NftRuleset;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Report;
import dev.portaudit.model.Snapshot;
import dev.portaudit.testing.Scenarios;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every report format carries the firewall's verdicts: the pipeline with a real ruleset (policy-drop). */
class ReachabilityFormatsTest {

    private static Report report(Optional<Firewall.View> view) throws Exception {
        return report(view, Scenarios.settings(Optional.empty()));
    }

    private static Report report(Optional<Firewall.View> view, AuditSettings settings) throws Exception {
        Snapshot s = new Snapshot(Scenarios.host(), List.of(tcp("0.0.0.0", 22, SSHD), tcp("0.0.0.0", 6379,
                Scenarios.owner(710, "redis-server", "redis", 106, "redis-server", "/usr/bin/redis-server"))), List.of());
        Pipeline.Request base = Scenarios.request(() -> s, settings,
                ExitPolicy.Thresholds.NONE, Clock.fixed(Scenarios.AT, ZoneOffset.UTC));
        return Pipeline.run(new Pipeline.Request(base.collector(), base.criteria(), base.thresholds(), base.clock(),
                base.nanoTime(), base.toolVersion(), Pipeline.Prober.NONE, () -> view));
    }

    private static Firewall.View policyDrop() throws Exception {
        List<Iface> host = List.of(new Iface("lo", true, List.of(InetAddress.getByName("127.0.0.1")), List.of(
                new AddressRangeText("127.0.0.0/8", false, 8, InetAddress.getByName("127.0.0.0")))), new Iface("lan0",
                false, List.of(InetAddress.getByName("10.72.1.1")), List.of(new AddressRangeText("10.72.1.0/24", false,
                24, InetAddress.getByName("10.72.1.0")))));
        return new Firewall.View(Optional.of(NftRuleset.parse(Files.readString(Path.of(
                "src/test/resources/firewall/json/policy-drop.json")))), host, "");
    }

    private static String render(Report r, ReportFormat f) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.reporter().write(r, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyFormatCarriesTheVerdicts() throws Exception {
        Report r = report(Optional.of(policyDrop()));
        JsonNode json = new ObjectMapper().readTree(render(r, ReportFormat.JSON));
        JsonNode redis = json.get("listeners").get(1).get("reachability");
        assertEquals("lan", redis.get("reach").asText());
        assertEquals("accepted by inet filter input handle 6 (\"redis from the LAN\")", redis.get("verdicts").get(1)
                .get("decidedBy").get(0).asText());
        assertTrue(render(r, ReportFormat.TABLE).contains("wildcard (lan)"));
        assertTrue(render(r, ReportFormat.CSV).lines().skip(1).anyMatch(l -> l.contains(",lan,")));
        assertTrue(render(r, ReportFormat.MARKDOWN).contains("wildcard (anywhere)"));
        assertTrue(render(r, ReportFormat.HTML).contains("LAN on lan0 (10.72.1.0/24): open — accepted by inet filter "
                + "input handle 6 (&quot;redis from the LAN&quot;)"));
        JsonNode sarif = new ObjectMapper().readTree(render(r, ReportFormat.SARIF));
        assertTrue(sarif.at("/runs/0/results").findValuesAsText("reachability").contains("lan"));
        assertTrue(r.coverage().isEmpty(), "a ruleset read and judged leaves no gap");
    }

    /** A policy can speak of reachability: deny what the world can reach, whatever its bind address. */
    @Test
    void policiesSelectByReachability(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("p.yaml"), "version: 1\ndeny:\n  - name: nothing open to the "
                + "world but ssh\n    reachable: anywhere\n    severity: high\n");
        Report r = report(Optional.of(policyDrop()), Scenarios.settings(Optional.empty(), policy));
        List<String> denied = r.findings().stream().filter(f -> f.rule().equals("denied-listener"))
                .map(f -> f.listener().endpoint()).toList();
        assertEquals(List.of("tcp 0.0.0.0:22"), denied, "ssh is open from anywhere; redis only from the LAN");
        Report unjudged = report(Optional.empty(), Scenarios.settings(Optional.empty(), policy));
        assertTrue(unjudged.findings().stream().noneMatch(f -> f.rule().equals("denied-listener")),
                "not judged matches no reachability");
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "version: 1\ndeny:\n  - reachable: anywere\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Scenarios.settings(Optional.empty(),
                typo));
        assertTrue(e.getMessage().contains("unknown reachable 'anywere', did you mean 'anywhere'?"), e.getMessage());
    }

    @Test
    void aFirewallNotReadIsAGapInCoverage() throws Exception {
        Report r = report(Optional.of(new Firewall.View(Optional.empty(), policyDrop().interfaces(),
                "nft is not installed (Debian: nftables), so the firewall could not be read")));
        assertEquals(List.of("reachability-unknown"), r.coverage().stream().map(c -> c.kind()).toList());
        assertTrue(r.coverage().get(0).message().contains("who can reach 2 listeners is unknown: nft is not installed"));
        Report none = report(Optional.empty());
        assertTrue(none.listeners().stream().allMatch(a -> a.reachability().isEmpty()), "not judged: no verdict at all");
    }

    /**
     * reachable-from-anywhere: an allowed listener the world can reach, unless its allow entry says it
     * may be; one only the LAN reaches, or one no entry allows (unexpected already), is not flagged.
     */
    @Test
    void anAllowedListenerReachableFromAnywhereNeedsTheEntryToSaySo(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("p.yaml"), "version: 1\nallow:\n  - name: ssh\n    port: 22\n"
                + "  - name: redis\n    port: 6379\n");
        Report r = report(Optional.of(policyDrop()), Scenarios.settings(Optional.empty(), policy));
        List<Finding> reachable = r.findings().stream().filter(f -> f.rule().equals("reachable-from-anywhere"))
                .toList();
        assertEquals(List.of("tcp 0.0.0.0:22"), reachable.stream().map(f -> f.listener().endpoint()).toList(),
                "redis is reachable from the LAN only");
        assertTrue(reachable.get(0).message().contains("is allowed by 'ssh'") && reachable.get(0).message()
                .contains("from anywhere on lan0 (accepted by inet filter input handle"), reachable.get(0).message());
        assertEquals(Severity.MEDIUM, reachable.get(0).severity());
        assertTrue(r.rules().stream().anyMatch(i -> i.id().equals("reachable-from-anywhere")));

        Path world = Files.writeString(dir.resolve("w.yaml"), "version: 1\nallow:\n  - name: ssh for the world\n"
                + "    port: 22\n    reachable: [lan, anywhere]\n  - name: redis\n    port: 6379\n");
        assertTrue(report(Optional.of(policyDrop()), Scenarios.settings(Optional.empty(), world)).findings().stream()
                .noneMatch(f -> f.rule().equals("reachable-from-anywhere")), "the entry says the world may reach it");
        Report unjudged = report(Optional.empty(), Scenarios.settings(Optional.empty(), policy));
        assertTrue(unjudged.findings().stream().noneMatch(f -> f.rule().equals("reachable-from-anywhere")),
                "not judged is not guessed at");
    }
}
