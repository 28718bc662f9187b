package dev.portaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.testing.Golden;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

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
        assertEquals("portaudit: warning: " + JOURNAL + ":4: skipped a line that is not a journal event (not JSON)\n",
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
}
