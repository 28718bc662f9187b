package dev.portaudit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portaudit.model.FleetReport;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Report;
import dev.portaudit.model.Snapshot;
import dev.portaudit.report.FleetReportFormats;
import dev.portaudit.report.ReportFormat;
import dev.portaudit.testing.Scenarios;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hosts' real JSON scan reports rolled up: rare listeners, hosts out of policy, every format, bad files. */
class FleetRollupTest {

    @TempDir
    Path dir;
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private void report(String file, String host, Instant at, Path policy, Listener... listeners) throws Exception {
        Snapshot s = new Snapshot(new HostFacts(host, "Debian GNU/Linux 12", "6.1", true, Scenarios.LINUX_DEFAULTS),
                List.of(listeners), List.of());
        Report r = Scenarios.report(s, Scenarios.settings(Optional.empty(), policy));
        Report dated = new Report(r.schemaVersion(), r.toolVersion(), at, r.durationMillis(), r.host(), r.listeners(),
                r.findings(), r.coverage(), r.summary(), r.rules(), r.verdict(), r.probes(), r.published());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportFormat.JSON.reporter().write(dated, out);
        Files.createDirectories(dir.resolve(file).getParent());
        Files.write(dir.resolve(file), out.toByteArray());
    }

    @BeforeEach
    void fleet() throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.yaml.txt"), "allow:\n  - name: ssh\n    port: 22\n");
        Instant t = Instant.parse("2026-12-02T10:00:00Z");
        report("reports/web-1.json", "web-1", t, policy, Scenarios.tcp("0.0.0.0", 22, Scenarios.SSHD));
        report("reports/web-2.json", "web-2", t, policy, Scenarios.tcp("0.0.0.0", 22, Scenarios.SSHD));
        report("reports/db/web-3.json", "web-3", t, policy, Scenarios.tcp("0.0.0.0", 22, Scenarios.SSHD),
                Scenarios.tcp("0.0.0.0", 23, Scenarios.TELNETD));
        report("reports/old/web-3.json", "web-3", t.minusSeconds(86400), policy,
                Scenarios.tcp("0.0.0.0", 22, Scenarios.SSHD));
        report("reports/web-4.json", "web-4", t, policy, Scenarios.tcp("0.0.0.0", 22, Scenarios.SSHD),
                Scenarios.tcp("127.0.0.1", 4444, Scenarios.HOSTILE_HTML));
        Files.writeString(dir.resolve("reports/notes.json"), "{\"hello\": \"world\"}\n");
        Files.writeString(dir.resolve("reports/torn.json"), "{\"schemaVersion\": \"1.0\", \"tool\": {\"na");
    }

    private FleetReport rollup() {
        return FleetRollup.build(List.of(dir.resolve("reports")), NOW, "0.1.0-test", (done, total) -> { });
    }

    @Test
    void theRareListenersAndTheHostsOutOfPolicy() {
        FleetReport r = rollup();
        assertEquals(List.of("web-1", "web-2", "web-3", "web-4"), r.hosts().stream().map(FleetReport.Host::name).toList());
        assertEquals(1, r.rareAtMost());
        assertEquals(List.of("tcp/23 web-3", "tcp/4444 web-4"), r.rare().stream().map(l -> l.protocol() + "/" + l.port()
                + " " + String.join(",", l.hosts())).toList(), "rarest first; the telnet host named");
        assertEquals("high", r.rare().get(0).highest(), "telnet's cleartext finding");
        FleetReport.FleetListener ssh = r.listeners().stream().filter(l -> l.port() == 22).findFirst().orElseThrow();
        assertEquals(List.of("web-1", "web-2", "web-3", "web-4"), ssh.hosts());
        assertEquals("ssh.service", ssh.server(), "by its unit");
        assertEquals("ssh", ssh.service());
        assertEquals(List.of("web-3", "web-4"), r.hosts().stream().filter(h -> !h.outOfPolicy().isEmpty())
                .map(FleetReport.Host::name).toList());
        assertEquals(List.of("unexpected-listener tcp/23"), r.hosts().get(2).outOfPolicy());
        assertTrue(r.rules().stream().anyMatch(x -> x.rule().equals("cleartext-protocol")
                && x.hosts().equals(List.of("web-3"))));
    }

    @Test
    void filesThatAreNotReportsAndOlderDuplicatesAreSkippedWithTheReason() {
        FleetReport r = rollup();
        List<String> why = new ArrayList<>();
        r.skipped().forEach(s -> why.add(Path.of(s.source()).getFileName() + ": " + s.why()));
        assertEquals(3, why.size(), why.toString());
        assertTrue(why.stream().anyMatch(w -> w.startsWith("notes.json: not a portaudit scan report")), why.toString());
        assertTrue(why.stream().anyMatch(w -> w.startsWith("torn.json: not readable as JSON")), why.toString());
        assertTrue(why.stream().anyMatch(w -> w.startsWith("web-3.json: an older report of web-3")), why.toString());
        assertThrows(InvalidInputException.class, () -> FleetRollup.build(List.of(dir.resolve("absent")), NOW, "x",
                (d, t) -> { }));
    }

    private String render(FleetReport r, ReportFormat f) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FleetReportFormats.write(r, f, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyFormatCarriesItAndEscapesWhatHostsSaid() throws Exception {
        FleetReport r = rollup();
        JsonNode json = new ObjectMapper().readTree(render(r, ReportFormat.JSON));
        assertEquals("portaudit-fleet/1", json.get("schema").asText());
        assertEquals(4, json.get("hosts").size());
        assertEquals("web-3", json.get("rare").get(0).get("hosts").get(0).asText());
        String csv = render(r, ReportFormat.CSV);
        assertEquals(1 + 4 + 1 + 1, csv.lines().count(), "a row per listener and host: ssh on 4, telnet, 4444");
        assertTrue(csv.lines().anyMatch(l -> l.startsWith("telnet,tcp,23,") && l.contains(",1,true,web-3,high")), csv);
        String md = render(r, ReportFormat.MARKDOWN);
        assertTrue(md.contains("| web-3 | unexpected-listener tcp/23 |"), md);
        String html = render(r, ReportFormat.HTML);
        assertTrue(html.contains("Fleet roll-up") && html.contains("web-3"), html);
        assertFalse(html.contains("<b>x</b>"), "a hostile executable path is escaped");
        assertTrue(html.contains("/tmp/&lt;b&gt;x&lt;/b&gt;"), "and still shown: " + html);
        assertFalse(html.contains("src=") || html.contains("href=\"http"), "nothing fetched");
        assertTrue(html.contains("default-src 'none'"), "and a policy that forbids it");
    }

    @Test
    void anAgentsJournalFoldedToWhatItLastKnew() {
        Path journal = Path.of("src/test/resources/journal/journal.jsonl");
        FleetReport r = FleetRollup.build(List.of(journal), NOW, "0.1.0-test", (d, t) -> { });
        assertEquals(List.of("web-1"), r.hosts().stream().map(FleetReport.Host::name).toList());
        AgentState folded = new AgentState();
        JournalReader.readAll(journal).events().forEach(folded::apply);
        FleetReport.Host host = r.hosts().get(0);
        assertEquals(folded.listeners().size(), host.listeners(), "the listeners open at the journal's end");
        assertEquals(folded.findings().values().stream().filter(f -> f.finding().waiver().isEmpty()).count(),
                host.findings().values().stream().mapToLong(Integer::longValue).sum(), "its open findings, not waived");
        assertEquals(Optional.empty(), host.complete(), "a journal does not say what its scans could not see");
        assertEquals(Optional.of("partial"), host.journal(), "written before the chain: not proven whole, and said so");
        Path chained = Path.of("src/test/resources/golden/compliance-journal.jsonl");
        assertEquals(Optional.of("intact"), FleetRollup.build(List.of(chained), NOW, "0.1.0-test", (d, t) -> { })
                .hosts().get(0).journal());
        assertTrue(host.scannedAt().isAfter(Instant.parse("2026-11-01T00:00:00Z")), host.scannedAt().toString());
    }

    @Test
    void aReportThatFailsHalfwayAddsNothing() throws Exception {
        String web3 = Files.readString(dir.resolve("reports/db/web-3.json"));
        // host-9: web-3's report with its telnet finding's severity one no version writes
        Files.writeString(dir.resolve("reports/web-9.json"), web3.replace("\"hostname\" : \"web-3\"",
                "\"hostname\" : \"web-9\"").replace("\"severity\" : \"high\"", "\"severity\" : \"catastrophic\""));
        FleetReport r = rollup();
        assertTrue(r.skipped().stream().anyMatch(x -> x.source().endsWith("web-9.json")), r.skipped().toString());
        assertFalse(r.hosts().stream().anyMatch(h -> h.name().equals("web-9")));
        assertFalse(r.listeners().stream().anyMatch(l -> l.hosts().contains("web-9")), "no listener of it kept");
        assertFalse(r.rules().stream().anyMatch(x -> x.hosts().contains("web-9")), "no finding of it counted");
    }
}
