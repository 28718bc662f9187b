package dev.portaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portaudit.model.Snapshot;
import dev.portaudit.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineCliTest {

    @TempDir
    Path tmp;

    @Test
    void saveThenScanAgainstTheBaseline() throws Exception {
        Path file = tmp.resolve("baseline.json");
        CliRunner.Run save = CliRunner.run(Scenarios::clean, "baseline", "save", file.toString());
        assertEquals(0, save.code(), save.err());
        assertTrue(save.err().contains("baseline of 2 listeners written to " + file), save.err());
        JsonNode saved = new ObjectMapper().readTree(file.toFile());
        assertEquals("portaudit-baseline", saved.get("format").asText());
        assertEquals(2, saved.get("listeners").size());
        assertTrue(saved.toString().indexOf("\"pid\"") < 0, "a baseline never records pids");

        CliRunner.Run same = CliRunner.run(Scenarios::clean, "scan", "--baseline", file.toString(), "--format",
                "json", "--fail-on", "low");
        assertEquals(0, same.code(), same.err());

        Snapshot changed = new Snapshot(Scenarios.host(), List.of(Scenarios.clean().listeners().get(0),
                Scenarios.tcp("0.0.0.0", 8080, Scenarios.JAVA)), List.of());
        CliRunner.Run drift = CliRunner.run(() -> changed, "scan", "--baseline", file.toString(), "--format", "json",
                "--fail-on", "medium");
        assertEquals(1, drift.code(), drift.err());
        JsonNode report = new ObjectMapper().readTree(drift.out());
        assertEquals(1, report.get("summary").get("findingsByRule").get("baseline-added").asInt());
        assertEquals(1, report.get("summary").get("findingsByRule").get("baseline-removed").asInt());
    }

    @Test
    void brokenBaselineIsBadInput() throws Exception {
        Path notJson = Files.writeString(tmp.resolve("a.json"), "{ not json");
        CliRunner.Run r = CliRunner.run("scan", "--baseline", notJson.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(notJson + ":1:"), r.err());
        Path other = Files.writeString(tmp.resolve("b.json"), "{\"schemaVersion\": \"1.0\"}");
        CliRunner.Run wrong = CliRunner.run("scan", "--baseline", other.toString());
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("not a portaudit baseline"), wrong.err());
        Path bad = Files.writeString(tmp.resolve("c.json"), """
                {"format": "portaudit-baseline", "version": 1, "created": "2026-11-01T00:00:00Z", "host": "h",
                 "listeners": [{"protocol": "quic", "exposure": "wildcard", "port": 1, "executable": ""},
                               {"protocol": "tcp", "exposure": "wildcard", "port": 0, "executable": ""}]}
                """);
        CliRunner.Run entries = CliRunner.run("scan", "--baseline", bad.toString());
        assertEquals(2, entries.code());
        assertTrue(entries.err().contains("listeners[0]: unknown protocol 'quic'"), entries.err());
        assertTrue(entries.err().contains("listeners[1]: port 0 is not 1-65535"), entries.err());
        CliRunner.Run missing = CliRunner.run("scan", "--baseline", tmp.resolve("none.json").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such file (create it with 'portaudit baseline save"), missing.err());
    }

    @Test
    void unwritableBaselineIsARuntimeError() {
        CliRunner.Run r = CliRunner.run("baseline", "save", tmp.resolve("no/dir/b.json").toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("could not write the baseline"), r.err());
    }
}
