package dev.portaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'journal keygen', 'journal verify' and 'report --compliance' as a user runs them. */
class JournalCliTest {

    private static final String FIXTURE = "src/test/resources/golden/compliance-journal.jsonl";
    private static final String FIXTURE_KEY = "src/test/resources/journals/fixture-signing.key.pub";

    @TempDir
    Path dir;

    @Test
    void keygenWritesASecretOnlyItsOwnerReadsAndRefusesToOverwrite() throws Exception {
        Path key = dir.resolve("keys/journal.key");
        CliRunner.Run r = CliRunner.run("journal", "keygen", "--key", key.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("key ed25519:"), r.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        Path pub = dir.resolve("keys/journal.key.pub");
        assertTrue(Files.readString(pub).startsWith("-----BEGIN PUBLIC KEY-----"));
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
        String before = Files.readString(key);
        CliRunner.Run again = CliRunner.run("journal", "keygen", "--key", key.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("exists; give --force to replace it"), again.err());
        assertEquals(before, Files.readString(key), "the key in use is never replaced unasked");
        assertEquals(0, CliRunner.run("journal", "keygen", "--key", key.toString(), "--force").code());
        assertFalse(before.equals(Files.readString(key)));
    }

    @Test
    void verifySaysWhetherTheJournalIsWholeWithItsOwnExitCode() throws Exception {
        Path journal = dir.resolve("journal.jsonl");
        Files.copy(Path.of(FIXTURE), journal);
        CliRunner.Run ok = CliRunner.run("journal", "verify", "--journal", journal.toString(), "--public-key", FIXTURE_KEY);
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains(": verified: 11 events"), ok.out());
        CliRunner.Run unkeyed = CliRunner.run("journal", "verify", "--journal", journal.toString());
        assertEquals(0, unkeyed.code());
        assertTrue(unkeyed.out().contains("hash chain intact (11 events); signatures not checked"), unkeyed.out());

        List<String> lines = new ArrayList<>(Files.readAllLines(journal));
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"seq\":9,")) {
                at = i;
            }
        }
        lines.set(at, lines.get(at).replace("\"port\":6379", "\"port\":6380"));
        Files.write(journal, lines);
        CliRunner.Run bad = CliRunner.run("journal", "verify", "--journal", journal.toString(), "--public-key",
                FIXTURE_KEY, "--format", "json");
        assertEquals(5, bad.code(), bad.out() + bad.err());
        JsonNode n = new ObjectMapper().readTree(bad.out());
        assertEquals("broken", n.get("status").asText());
        assertEquals("edited", n.get("problem").get("kind").asText());
        assertEquals(9, n.get("problem").get("firstBadSeq").asLong());
        assertEquals(journal.toString(), n.get("journal").asText());

        Path wrongKey = dir.resolve("other.key");
        assertEquals(0, CliRunner.run("journal", "keygen", "--key", wrongKey.toString()).code());
        Files.copy(Path.of(FIXTURE), journal, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliRunner.Run wrong = CliRunner.run("journal", "verify", "--journal", journal.toString(), "--public-key",
                wrongKey + ".pub");
        assertEquals(5, wrong.code());
        assertTrue(wrong.out().contains("(wrong-key)"), wrong.out());
    }

    @Test
    void verifyRefusesWhatItCannotRead() throws Exception {
        assertEquals(2, CliRunner.run("journal", "verify", "--journal", dir.resolve("none.jsonl").toString()).code());
        Path notAKey = Files.writeString(dir.resolve("key.pub"), "hello");
        CliRunner.Run r = CliRunner.run("journal", "verify", "--journal", FIXTURE, "--public-key", notAKey.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not an Ed25519 public key"), r.err());
        assertEquals(2, CliRunner.run("journal", "verify", "--journal", FIXTURE, "--format", "xml").code());
        assertEquals(2, CliRunner.run("journal").code());
        CliRunner.Run help = CliRunner.run("journal", "verify", "--help");
        assertTrue(help.out().contains("5   not whole"), help.out());
    }

    @Test
    void theAgentRefusesAKeyOthersCanReadAndAnUnknownFramework() throws Exception {
        Path key = dir.resolve("journal.key");
        assertEquals(0, CliRunner.run("journal", "keygen", "--key", key.toString()).code());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        String journal = dir.resolve("journal.jsonl").toString();
        CliRunner.Run shared = CliRunner.run("agent", "--journal", journal, "--signing-key", key.toString(),
                "--max-scans", "1");
        assertEquals(2, shared.code(), shared.err());
        assertTrue(shared.err().contains("can be read or written by others (mode rw-r--r--)"), shared.err());
        assertFalse(Files.exists(Path.of(journal)), "refused before anything was written");
        CliRunner.Run unknown = CliRunner.run("agent", "--journal", journal, "--report-every", "24h", "--report-dir",
                dir.toString(), "--compliance", "pci-dss-v4", "--max-scans", "1");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("'pci-dss-v4' is not a framework of the control mapping"), unknown.err());
        CliRunner.Run alone = CliRunner.run("agent", "--journal", journal, "--compliance", "pci-dss-v4.0.1");
        assertEquals(2, alone.code());
        assertTrue(alone.err().contains("give --report-every and --report-dir too"), alone.err());
    }

    @Test
    void complianceReportFromTheCommandLine() throws Exception {
        CliRunner.Run html = CliRunner.run("report", "--journal", FIXTURE, "--public-key", FIXTURE_KEY, "--since",
                "2026-11-01", "--until", "2026-11-08", "--compliance", "pci-dss-v4.0.1");
        assertEquals(0, html.code(), html.err());
        Document d = Jsoup.parse(html.out());
        assertEquals("2", d.select("#not-met").text());
        assertEquals("verified", d.select("#journal-status").text());
        assertEquals(4, d.select("#controls tbody tr").size());
        assertTrue(d.select("script, link, img").isEmpty());
        CliRunner.Run json = CliRunner.run("report", "--journal", FIXTURE, "--since", "2026-11-01", "--until",
                "2026-11-08", "--compliance", "cis-controls-v8", "--format", "json");
        JsonNode n = new ObjectMapper().readTree(json.out());
        assertEquals("intact", n.get("basis").get("journal").get("status").asText(), "no key given: intact, unproven");
        assertEquals("not met", n.get("controls").get(2).get("status").asText());

        CliRunner.Run unknown = CliRunner.run("report", "--journal", FIXTURE, "--since", "2026-11-01",
                "--compliance", "pci-dss-v3");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("is not a framework of the control mapping (there are: cis-controls-v8, "
                + "pci-dss-v4.0.1"), unknown.err());
        assertEquals(2, CliRunner.run("report", "--journal", FIXTURE, "--since", "2026-11-01", "--compliance",
                "pci-dss-v4.0.1", "--format", "markdown").code());

        // a site's own mapping adds a framework, and replaces one of the same id whole
        Path mine = Files.writeString(dir.resolve("controls.yaml"), """
                frameworks:
                  pci-dss-v4.0.1:
                    title: PCI DSS as our assessor reads it
                    version: "4.0.1"
                    controls:
                      "1.2.6":
                        title: Insecure services secured
                        rules: [cleartext-protocol]
                  site-baseline:
                    title: Our baseline
                    version: "2026"
                    controls:
                      NET-1:
                        title: No Redis on this host
                        absent: true
                        services: [redis]
                """);
        JsonNode pci = new ObjectMapper().readTree(CliRunner.run("report", "--journal", FIXTURE, "--since", "2026-11-01",
                "--until", "2026-11-08", "--compliance", "pci-dss-v4.0.1", "--controls", mine.toString(), "--format",
                "json").out());
        assertEquals(1, pci.get("controls").size());
        JsonNode site = new ObjectMapper().readTree(CliRunner.run("report", "--journal", FIXTURE, "--since",
                "2026-11-01", "--until", "2026-11-08", "--compliance", "site-baseline", "--controls", mine.toString(),
                "--format", "json").out());
        assertEquals("not met", site.get("controls").get(0).get("status").asText(), "redis listened for six hours");
    }
}
