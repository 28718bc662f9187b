package dev.portaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portaudit.model.Snapshot;
import dev.portaudit.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
