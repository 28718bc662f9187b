package dev.portaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portaudit.model.Snapshot;
import dev.portaudit.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCliTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void jsonReportRoundTripsThroughFrom() throws Exception {
        Path report = tmp.resolve("web-1.json");
        Snapshot mixed = Scenarios.mixed();
        // sockets with their creators' uids, as the live collector reads them from the kernel's tables
        Snapshot withUids = new Snapshot(mixed.host(), mixed.listeners().stream()
                .map(l -> l.withSocketUid(l.port() < 1024 ? 0 : 1000)).toList(), mixed.coverage());
        CliRunner.Run first = CliRunner.run(() -> withUids, "scan", "--format", "json", "--output",
                report.toString());
        assertEquals(0, first.code(), first.err());
        CliRunner.Run again = CliRunner.run(() -> {
            throw new AssertionError("a snapshot scan must not touch the host");
        }, "scan", "--from", report.toString(), "--format", "json");
        assertEquals(0, again.code(), again.err());
        JsonNode a = MAPPER.readTree(report.toFile());
        JsonNode b = MAPPER.readTree(again.out());
        assertEquals(a.get("listeners"), b.get("listeners"), "every listener, owner and entry comes back");
        assertEquals(0, a.get("listeners").get(1).get("socketUid").asInt(), a.get("listeners").get(1).toString());
        assertEquals(a.get("findings"), b.get("findings"), "the same findings under the same rules");
        assertEquals(a.get("coverage"), b.get("coverage"));
        assertEquals(a.get("summary"), b.get("summary"));
        assertEquals("portaudit-json", b.get("host").get("source").asText());
        assertEquals(a.get("host").get("settings"), b.get("host").get("settings"));
    }

    @Test
    void ssSnapshotWorksWithPoliciesAndEveryFormat() throws Exception {
        Path ss = Files.copy(Path.of("src/test/resources/fixtures/ss/debian-tulpnHe.txt"), tmp.resolve("web-7.ss"));
        Path policy = Files.writeString(tmp.resolve("p.yaml"), """
                allow:
                  - port: [22, 80, 53, 5353]
                deny:
                  - name: no redis on this host
                    service: redis
                """);
        CliRunner.Run r = CliRunner.run("scan", "--from", ss.toString(), "--policy", policy.toString(), "--format",
                "json", "-o", "sarif=" + tmp.resolve("r.sarif"), "-o", "junit=" + tmp.resolve("r.xml"), "-o",
                "html=" + tmp.resolve("r.html"));
        assertEquals(0, r.code(), r.err());
        JsonNode json = MAPPER.readTree(r.out());
        assertEquals("web-7", json.get("host").get("hostname").asText(), "the host name comes from the file name");
        assertEquals("ss -tulpnHe", json.get("host").get("source").asText());
        assertEquals(1, json.get("summary").get("findingsByRule").get("denied-listener").asInt());
        assertTrue(json.get("summary").get("findingsByRule").get("unexpected-listener").asInt() >= 2);
        assertTrue(Files.size(tmp.resolve("r.sarif")) > 0 && Files.size(tmp.resolve("r.xml")) > 0
                && Files.size(tmp.resolve("r.html")) > 0);
        CliRunner.Run named = CliRunner.run("scan", "--from", ss.toString(), "--snapshot-host", "db-9", "--format",
                "json");
        assertEquals("db-9", MAPPER.readTree(named.out()).get("host").get("hostname").asText());
    }

    @Test
    void failOnIncompleteGivesExitFour() throws Exception {
        CliRunner.Run r = CliRunner.run("scan", "--fail-on-incomplete", "--format", "json");
        assertEquals(4, r.code(), "the mixed scenario has an owner it could not see");
        assertTrue(r.err().contains("incomplete: owner of 1 listening socket unknown"), r.err());
        assertEquals(0, CliRunner.run(Scenarios::clean, "scan", "--fail-on-incomplete").code());
        assertEquals(1, CliRunner.run("scan", "--fail-on-incomplete", "--fail-on", "high").code(),
                "findings take precedence over incompleteness");
        assertTrue(CliRunner.run("--help").out().contains("4   collection incomplete"));
    }

    @Test
    void conflictingSourcesAreUsageErrors() {
        assertEquals(2, CliRunner.run("scan", "--from", "a.ss", "--all-namespaces").code());
        assertEquals(2, CliRunner.run("scan", "--target-pid", "1", "--all-namespaces").code());
        assertEquals(2, CliRunner.run("scan", "--snapshot-host", "x").code());
        assertEquals(2, CliRunner.run("scan", "--target-pid", "0").code());
        CliRunner.Run missing = CliRunner.run("scan", "--from", tmp.resolve("none.ss").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    /** Reachability of a snapshot, judged against the firewall saved on its host: --firewall FILE... */
    @Test
    void savedFirewallFilesJudgeASnapshot() throws Exception {
        Path ss = Files.copy(Path.of("src/test/resources/fixtures/ss/debian-tulpnHe.txt"), tmp.resolve("web-7.ss"));
        String ruleset = "src/test/resources/firewall/json/policy-drop.json";
        String addr = "src/test/resources/firewall/ip-addr.json";
        CliRunner.Run r = CliRunner.run("scan", "--from", ss.toString(), "--firewall", ruleset, "--firewall", addr,
                "--firewall", "src/test/resources/firewall/sysctl.txt", "--format", "json");
        assertTrue(r.code() == 0 || r.code() == 1, r.err());
        Map<String, String> reach = reach(MAPPER.readTree(r.out()));
        assertEquals("anywhere", reach.get("tcp 0.0.0.0:22"), reach.toString());
        assertEquals("local-only", reach.get("tcp 0.0.0.0:80"), "policy drop: only loopback reaches 80");
        assertEquals("local-only", reach.get("tcp 127.0.0.1:6379"));
        assertTrue(!MAPPER.readTree(r.out()).get("coverage").toString().contains("reachability-unknown"), r.out());

        // an iptables save works as well as nft's JSON
        Path save = Files.writeString(tmp.resolve("rules.v4"), "# Generated by iptables-save\n*filter\n"
                + ":INPUT DROP [0:0]\n-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT\nCOMMIT\n");
        CliRunner.Run legacy = CliRunner.run("scan", "--from", ss.toString(), "--firewall", save.toString(),
                "--firewall", addr, "--format", "json");
        Map<String, String> byLegacy = reach(MAPPER.readTree(legacy.out()));
        assertEquals("anywhere", byLegacy.get("tcp 0.0.0.0:80"), legacy.err());
        assertEquals("local-only", byLegacy.get("tcp 0.0.0.0:22"));

        // without the interfaces nothing can be judged, and the report says why
        CliRunner.Run bare = CliRunner.run("scan", "--from", ss.toString(), "--firewall", ruleset, "--format", "json");
        JsonNode report = MAPPER.readTree(bare.out());
        assertTrue(reach(report).values().stream().allMatch("unknown"::equals), bare.out());
        assertTrue(report.get("coverage").toString().contains("add the output of 'ip -j addr'"), bare.out());
        assertEquals(4, CliRunner.run("scan", "--from", ss.toString(), "--firewall", ruleset, "--fail-on-incomplete")
                .code(), "an unjudged firewall is incomplete");
    }

    private static Map<String, String> reach(JsonNode report) {
        Map<String, String> out = new TreeMap<>();
        report.get("listeners").forEach(l -> out.put(l.get("protocol").asText() + " " + l.get("address").asText()
                + ":" + l.get("port").asInt(), l.get("reachability").isNull() ? "not judged"
                : l.get("reachability").get("reach").asText()));
        return out;
    }

    @Test
    void savedFirewallFilesAreCheckedBeforeAnythingRuns() throws Exception {
        Path ss = Files.copy(Path.of("src/test/resources/fixtures/ss/debian-tulpnHe.txt"), tmp.resolve("web-7.ss"));
        CliRunner.Run live = CliRunner.run("scan", "--firewall", "src/test/resources/firewall/json/sets.json");
        assertEquals(2, live.code());
        assertTrue(live.err().contains("--firewall goes with --from"), live.err());
        Path junk = Files.writeString(tmp.resolve("junk.txt"), "hello\n");
        CliRunner.Run bad = CliRunner.run("scan", "--from", ss.toString(), "--firewall", junk.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains(junk + ": not a saved ruleset ('nft -j list ruleset')"), bad.err());
        Path broken = Files.writeString(tmp.resolve("broken.json"), "{\"nftables\": [{\"rule\": {}}]}");
        CliRunner.Run unparsable = CliRunner.run("scan", "--from", ss.toString(), "--firewall", broken.toString());
        assertEquals(2, unparsable.code());
        assertTrue(unparsable.err().contains(broken + ": nftables[0]: no \"family\""), unparsable.err());
        assertTrue(!unparsable.err().contains("Exception"), "a message, not a stack trace: " + unparsable.err());
        CliRunner.Run missing = CliRunner.run("scan", "--from", ss.toString(), "--firewall", tmp.resolve("none")
                .toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("none: no such file"), missing.err());
        CliRunner.Run both = CliRunner.run("scan", "--from", ss.toString(), "--firewall", junk.toString(),
                "--no-reachability");
        assertEquals(2, both.code(), both.err());
    }
}
