package dev.portaudit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.ComplianceReport;
import dev.portaudit.model.ComplianceReport.Status;
import dev.portaudit.model.ControlMap;
import dev.portaudit.model.JournalVerification;
import dev.portaudit.policy.CatalogLoader;
import dev.portaudit.policy.ControlsLoader;
import dev.portaudit.policy.PolicyLoader;
import dev.portaudit.policy.RuleFiles;
import dev.portaudit.report.ReportFormat;
import dev.portaudit.testing.Golden;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compliance reports of the fixture journal ({@link ComplianceFixture}) against golden files, and what they say. */
class ComplianceReportGoldenTest {

    private static final Instant GENERATED = Instant.parse("2026-11-08T01:00:00Z");
    private static final List<ComplianceReport.TableSource> TABLE = List.of(
            new ComplianceReport.TableSource("iana", "Service Name and Transport Protocol Port Number Registry",
                    "2026-08-17", "a".repeat(64)),
            new ComplianceReport.TableSource("usage", "List of TCP and UDP port numbers", "2026-08-01", "b".repeat(64)));

    @TempDir
    Path dir;

    private Path journal;
    private JournalKeys.Signer signer;

    @BeforeEach
    void writeJournal() throws Exception {
        journal = dir.resolve("journal.jsonl");
        signer = ComplianceFixture.signer(dir);
        ComplianceFixture.write(journal, signer);
    }

    private static ControlMap.Framework framework(String id) {
        ControlMap map = ControlsLoader.load(RuleFiles.BUNDLED_RULES, Optional.empty(),
                CatalogLoader.load(RuleFiles.BUNDLED_RULES.yaml(PolicyLoader.CATALOG))).map();
        return map.framework(id).orElseThrow();
    }

    private ComplianceReport report(String framework) {
        JournalVerification v = JournalVerifier.verify(journal, Optional.of(signer.publicKey()), Optional.empty());
        return ComplianceReports.build(JournalReader.readAll(journal), new ComplianceReports.Request(
                framework(framework), v, TABLE, "0.1.0-test"), ComplianceFixture.SINCE, ComplianceFixture.UNTIL,
                GENERATED);
    }

    private static String render(ComplianceReport r, ReportFormat f) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ComplianceReports.write(r, f, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theFixtureJournalIsWhatTheAgentWritesAndVerifies() throws Exception {
        Golden.assertText("compliance-journal.jsonl", Files.readString(journal));
        JournalVerification v = JournalVerifier.verify(journal, Optional.of(signer.publicKey()), Optional.empty());
        assertEquals(JournalVerification.Status.VERIFIED, v.status(), v.summary());
    }

    @Test
    void pciDssMatchesItsGoldensAndJudgesEachControl() throws Exception {
        ComplianceReport r = report("pci-dss-v4.0.1");
        Golden.assertJson("compliance-pci-dss.json", render(r, ReportFormat.JSON));
        Golden.assertText("compliance-pci-dss.html", render(r, ReportFormat.HTML));
        Map<String, Status> status = r.controls().stream()
                .collect(Collectors.toMap(c -> c.control().id(), ComplianceReport.ControlResult::status));
        assertEquals(Map.of("1.2.5", Status.NOT_MET, "1.2.6", Status.MET, "2.2.4", Status.NOT_MET, "2.2.5",
                Status.MET), status);
        ComplianceReport.ControlResult allowed = r.controls().get(0);
        assertEquals(List.of("waiver expired on 2026-11-03 while the finding was open; open at the end",
                "not waived; raised and resolved (2026-11-04T16:00:00Z)"),
                allowed.findings().stream().map(ComplianceReport.Evidence::verdict).toList());
        assertEquals(List.of("expiring", "expired"), r.waivers().stream().map(ComplianceReport.Justification::state)
                .toList(), "telnet's waiver runs out 12 days after the period; 8080's ran out in it");
        assertEquals(new ComplianceReport.Measures(5, 3, 2, true), r.measures());
        assertEquals(List.of(new ComplianceReport.Gap(Instant.parse("2026-11-05T01:00:00Z"),
                Instant.parse("2026-11-05T06:00:00Z"))), r.basis().gaps());
        assertEquals(JournalVerification.Status.VERIFIED, r.basis().verification().status());
        assertEquals(ComplianceFixture.INPUTS, r.basis().inputs());
    }

    @Test
    void otherFrameworksJudgeTheSameWeek() throws Exception {
        ComplianceReport cis = report("cis-rhel-9");
        Golden.assertJson("compliance-cis-rhel-9.json", render(cis, ReportFormat.JSON));
        Map<String, Status> status = cis.controls().stream()
                .collect(Collectors.toMap(c -> c.control().id(), ComplianceReport.ControlResult::status));
        assertEquals(Status.MET, status.get("2.1.15"), "telnet listened, approved by the allow list");
        assertEquals(Status.MET, status.get("2.1.18"), "nginx listened, approved");
        assertEquals(Status.NOT_MET, status.get("2.1.22"));
        assertEquals(Status.MET, status.get("2.1.7"), "no FTP server listened");
        ComplianceReport controls = report("cis-controls-v8");
        Golden.assertJson("compliance-cis-controls-v8.json", render(controls, ReportFormat.JSON));
        assertEquals(List.of(Status.MET, Status.MET, Status.NOT_MET),
                controls.controls().stream().map(ComplianceReport.ControlResult::status).toList());
    }

    @Test
    void whatCannotBeJudgedIsSaidSo() throws Exception {
        // a period the agent did not watch: nothing is met, nothing is violated
        JournalVerification v = JournalVerifier.verify(journal, Optional.empty(), Optional.empty());
        ComplianceReport before = ComplianceReports.build(JournalReader.readAll(journal), new ComplianceReports.Request(
                framework("pci-dss-v4.0.1"), v, TABLE, "0.1.0-test"), Instant.parse("2026-10-01T00:00:00Z"),
                Instant.parse("2026-10-08T00:00:00Z"), GENERATED);
        assertTrue(before.controls().stream().allMatch(c -> c.status() == Status.NOT_EVALUATED
                && c.reason().startsWith("no sign of the agent")), before.controls().toString());
        // a journal without checkpoints (an older agent's): controls that need a rule to have run are not judged
        Path old = dir.resolve("old.jsonl");
        Files.write(old, Files.readAllLines(journal).stream().filter(l -> !l.contains("\"checkpoint\"")).toList());
        ComplianceReport unknown = ComplianceReports.build(JournalReader.readAll(old), new ComplianceReports.Request(
                framework("pci-dss-v4.0.1"), v, TABLE, "0.1.0-test"), ComplianceFixture.SINCE, ComplianceFixture.UNTIL,
                GENERATED);
        assertTrue(unknown.controls().stream().allMatch(c -> c.status() == Status.NOT_EVALUATED
                && c.reason().contains("does not record which rules ran")), unknown.controls().toString());
        assertFalse(unknown.measures().judged());
        String html = render(unknown, ReportFormat.HTML);
        assertTrue(html.contains("Not recorded: the journal has no checkpoint in force in the period."));
        assertTrue(html.contains("intact"), "the page states the journal's verification");
    }
}
