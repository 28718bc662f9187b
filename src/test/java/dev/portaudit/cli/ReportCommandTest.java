package dev.portaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** portaudit report on a fixture journal: a rotated file, the current one, and a torn line. */
class ReportCommandTest {

    private static final String JOURNAL = "src/test/resources/journal/journal.jsonl";

    private static CliRunner.Run report(String format) {
        return CliRunner.run("report", "--journal", JOURNAL, "--since", "2026-11-02", "--until", "2026-11-03",
                "--format", format);
    }

    @Test
    void markdownJsonAndHtmlMatchTheirGoldenFiles() throws Exception {
        CliRunner.Run md = report("markdown");
        assertEquals(0, md.code(), md.err());
        Golden.assertText("period.md", md.out());
        assertEquals("portaudit: warning: journal not proven whole: none of its lines is "
                + "chained: they were written before portaudit chained its journal and are not proven; move the "
                + "journal aside to start one that can be proven whole\n"
                + "portaudit: warning: " + JOURNAL + ":4: skipped a line that is not a journal event (not JSON)\n",
                md.err());
        Golden.assertJson("period.json", report("json").out());
        Golden.assertText("period.html", report("html").out());
    }

    @Test
    void theReportReadsAcrossRotationAndReplaysTheStateBeforeThePeriod() throws Exception {
        Document html = Jsoup.parse(report("html").out());
        assertEquals("Port activity of web-1", html.select("h1").text());
        assertEquals("3", html.select(".verdict .value").text(), "findings open at the end");
        assertEquals(5, html.select("h2:contains(Listeners in the period) + table tbody tr").size(),
                "ssh and postgres from the rotated file, 8080 from before the period, telnet and nc");
        assertEquals(4, html.select("h2:contains(Changes) + table tbody tr").size());
        assertTrue(html.select("h2:contains(Waivers expiring soon) + table").text().contains("2026-11-20"));
        assertTrue(html.select(".callout").text().contains("journal.jsonl:4"));
        assertTrue(html.select("script, link, img").isEmpty());
    }

    /** The agent's first scan found ssh and postgres: the starting inventory, not two openings. */
    @Test
    void theFirstScanIsTheStartingInventoryNotAChange() throws Exception {
        CliRunner.Run run = CliRunner.run("report", "--journal", JOURNAL, "--since", "2026-10-31", "--until",
                "2026-11-03", "--format", "html");
        Document html = Jsoup.parse(run.out());
        assertEquals("2 listeners were already there when the agent first scanned, 2026-10-31 23:00:00 UTC: the "
                + "starting inventory, listed below, not counted as changes.", html.select(".inventory").text());
        assertEquals(List.of("opened tcp 127.0.0.1:8080", "opened tcp 0.0.0.0:23", "closed tcp 127.0.0.1:8080",
                "closed tcp 0.0.0.0:23", "opened tcp 0.0.0.0:4444"), html.select("h2:contains(Changes) + table tbody tr")
                .stream().map(tr -> tr.select("td").get(1).text() + " " + tr.select("td").get(2).text()).toList());
        assertEquals("at first scan, 2026-10-31 23:00:00 UTC", html.select("h2:contains(Listeners in the period) "
                + "+ table tbody tr:contains(:22) td").get(4).text());
        assertTrue(html.select(".finding:contains(:5432) .sub").text().startsWith("found at first scan, 2026-10-31"),
                html.select(".finding:contains(:5432)").text());
        String json = CliRunner.run("report", "--journal", JOURNAL, "--since", "2026-10-31", "--until", "2026-11-03",
                "--format", "json").out();
        var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertEquals(2, n.get("inventory").get("listeners").asInt());
        assertEquals(5, n.get("changes").size());
        assertEquals(2, n.get("raised").size(), "telnet's and nc's findings; ssh's and postgres's were found");
    }

    @Test
    void badArguments() {
        assertEquals(2, CliRunner.run("report", "--journal", JOURNAL, "--since", "yesterday").code());
        assertEquals(2, CliRunner.run("report", "--journal", JOURNAL, "--since", "2026-11-03", "--until",
                "2026-11-02").code());
        assertEquals(2, CliRunner.run("report", "--journal", JOURNAL, "--since", "2026-11-02", "--format", "csv")
                .code());
        CliRunner.Run missing = CliRunner.run("report", "--journal", "no/such.jsonl", "--since", "2026-11-02");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no/such.jsonl: no such journal"), missing.err());
    }

    @Test
    void aFleetRollUpFromTheCommandLine(@TempDir Path dir) throws Exception {
        for (String host : List.of("web-1", "web-2")) {
            CliRunner.Run scan = CliRunner.run("scan", "--from", "src/test/resources/fixtures/ss/plain-tulpnH.txt",
                    "--snapshot-host", host, "--format", "json", "-o", "json=" + dir.resolve(host + ".json"));
            assertTrue(scan.code() == 0 || scan.code() == 1, scan.err());
        }
        Files.writeString(dir.resolve("junk.json"), "[]");
        CliRunner.Run md = CliRunner.run("report", "--fleet", dir.toString(), "--format", "markdown");
        assertEquals(0, md.code(), md.err());
        assertTrue(md.out().startsWith("# Fleet roll-up\n\n2 hosts"), md.out());
        assertTrue(md.err().contains("portaudit: warning: skipped " + dir.resolve("junk.json") + ": not a JSON object"),
                md.err());
        CliRunner.Run csv = CliRunner.run("report", "--fleet", dir.resolve("web-1.json").toString(),
                dir.resolve("web-2.json").toString(), "--format", "csv");
        assertTrue(csv.out().startsWith("service,protocol,port,server,hosts_with_it,rare,host,highest_severity"),
                csv.out());
        CliRunner.Run neither = CliRunner.run("report", "--format", "json");
        assertEquals(2, neither.code());
        assertTrue(neither.err().contains("give --journal FILE --since DATE for a period report, or --fleet"),
                neither.err());
        CliRunner.Run both = CliRunner.run("report", "--fleet", dir.toString(), "--journal", JOURNAL);
        assertEquals(2, both.code(), both.err());
        CliRunner.Run none = CliRunner.run("report", "--fleet", dir.resolve("junk.json").toString());
        assertEquals(2, none.code(), "no report among them is bad input: " + none.err());
        assertTrue(none.err().contains("no portaudit scan report among the files given"), none.err());
    }
}
