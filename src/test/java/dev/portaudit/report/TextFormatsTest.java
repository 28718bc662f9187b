package dev.portaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.Listener;
import dev.portaudit.model.Report;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Snapshot;
import dev.portaudit.testing.Csv;
import dev.portaudit.testing.Scenarios;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TextFormatsTest {

    static List<List<String>> parseCsv(String text) {
        return Csv.rows(text);
    }

    @Test
    void csvNeutralisesFormulasAndKeepsEveryCellIntact() throws Exception {
        List<List<String>> rows = parseCsv(ReportGoldenTest.render(ReportGoldenTest.named().get("hostile"),
                ReportFormat.CSV));
        assertEquals(CsvReporter.COLUMNS, rows.get(0));
        assertEquals(4, rows.size());
        for (List<String> r : rows) {
            assertEquals(CsvReporter.COLUMNS.size(), r.size(), r.toString());
            for (String cell : r) {
                assertFalse(!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0, "formula cell: " + cell);
            }
        }
        List<String> csvRow = rows.stream().filter(r -> r.get(3).equals("4")).findFirst().orElseThrow();
        assertEquals("'=cmd|' /C calc'!A0", csvRow.get(CsvReporter.COLUMNS.indexOf("process")));
        assertEquals("'=cmd|' /C calc'!A0 +SUM(1) -x @y", csvRow.get(CsvReporter.COLUMNS.indexOf("command")));
        List<String> terminal = rows.stream().filter(r -> r.get(3).equals("50001")).findFirst().orElseThrow();
        assertEquals("/tmp/evil --banner \\x1b[2J\\x1b[31mRED\\nsecond line\\r\\x07",
                terminal.get(CsvReporter.COLUMNS.indexOf("command")), "control characters shown, not sent to a terminal");
        String raw = ReportGoldenTest.render(ReportGoldenTest.named().get("hostile"), ReportFormat.CSV);
        assertTrue(raw.replace("\r\n", "").chars().noneMatch(c -> c < 0x20 || c == 0x7f), "no raw control character");
        assertEquals("'-1", CsvReporter.cell("-1"));
        assertEquals("\"a,b\"", CsvReporter.cell("a,b"));
        assertEquals("\"'=1+1,\"\"x\"\"\"", CsvReporter.cell("=1+1,\"x\""));
    }

    @Test
    void markdownCannotBeBrokenOutOf() throws Exception {
        String md = ReportGoldenTest.render(ReportGoldenTest.named().get("hostile"), ReportFormat.MARKDOWN);
        assertFalse(md.contains("<script>"), "HTML is entity-escaped: " + md);
        assertTrue(md.contains("&lt;script&gt;alert\\(1\\)&lt;/script&gt;"), md);
        assertFalse(md.contains("\u001b"), "no raw escape character");
        for (String line : md.split("\n")) {
            if (line.startsWith("|")) {
                String unescaped = line.replace("\\|", "");
                long pipes = unescaped.chars().filter(c -> c == '|').count();
                assertTrue(pipes == 7 || pipes == 8 || pipes == 6, "a cell broke the table: " + line);
            }
        }
        assertEquals("``a`b``", MarkdownText.code("a`b"));
        assertEquals("\\*bold\\* \\[link\\]\\(x\\) \\| &lt;b&gt;", MarkdownText.text("*bold* [link](x) | <b>"));
    }

    @Test
    void xmlTextKeepsOnlyWhatXmlAllows() {
        assertEquals("a\\x1bb\\x00c\\ufffe", XmlText.safe("a\u001bb\u0000c\ufffe"));
        assertEquals("tab\tnl\n", XmlText.safe("tab\tnl\n"));
        assertEquals("\uD83D\uDE00", XmlText.safe("\uD83D\uDE00"));
        assertEquals("\\ud800", XmlText.safe("\uD800"));
    }

    private static String render(Report r, ReportFormat f, View v) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.reporter(v).write(r, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theTableListsFindingsFirstAndOnlyThoseTheViewAsksFor() throws Exception {
        Report mixed = ReportGoldenTest.named().get("mixed");
        String all = render(mixed, ReportFormat.TABLE, View.DEFAULT);
        assertTrue(all.indexOf("FINDINGS") < all.indexOf("LISTENERS"), "findings before the listener table");
        String high = render(mixed, ReportFormat.TABLE, new View(Severity.HIGH, false, 0));
        long listed = high.lines().filter(l -> l.matches("  (CRITICAL|HIGH|MEDIUM|LOW|INFO) .*")).count();
        long atLeastHigh = mixed.findings().stream().filter(f -> f.severity().atLeast(Severity.HIGH)).count();
        assertEquals(atLeastHigh, listed, high);
        assertTrue(high.contains("  " + (mixed.findings().size() - atLeastHigh) + " findings below high"), high);
        String only = render(mixed, ReportFormat.TABLE, new View(Severity.LOW, true, 0));
        assertFalse(only.contains("LISTENERS") || only.contains("PROTO  ADDRESS"), only);
        assertTrue(only.strip().endsWith(TableReporter.summaryLine(mixed.summary())), "the summary still closes it");
    }

    @Test
    void theTableFitsTheTerminal() throws Exception {
        for (String scenario : List.of("mixed", "policy", "hostile")) {
            Report r = ReportGoldenTest.named().get(scenario);
            for (int width : new int[] {80, 200}) {
                String text = render(r, ReportFormat.TABLE, new View(Severity.LOW, false, width));
                for (String line : text.split("\n")) {
                    int n = line.codePointCount(0, line.length());
                    // a single word longer than the terminal (a long path) cannot be broken at a space
                    assertTrue(n <= width || !line.strip().contains(" "), scenario + " at " + width + ": " + n
                            + " columns: " + line);
                }
                assertTrue(text.contains("PROTO  ADDRESS"), "the listener table is still there");
            }
        }
        String narrow = render(ReportGoldenTest.named().get("mixed"), ReportFormat.TABLE,
                new View(Severity.LOW, false, 80));
        assertFalse(narrow.contains("  USER  "), "at 80 columns the user column gives way");
        String wide = render(ReportGoldenTest.named().get("mixed"), ReportFormat.TABLE,
                new View(Severity.LOW, false, 200));
        assertTrue(wide.contains("  USER  "), "at 200 columns it has room");
        assertEquals(render(ReportGoldenTest.named().get("mixed"), ReportFormat.TABLE, View.DEFAULT),
                ReportGoldenTest.render(ReportGoldenTest.named().get("mixed"), ReportFormat.TABLE),
                "no width: no limit");
    }

    @Test
    void markdownStaysWithinAPullRequestComment() throws Exception {
        List<Listener> many = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            many.add(Scenarios.tcp(i % 2 == 0 ? "0.0.0.0" : "203.0.113.9", 10000 + i, Scenarios.JAVA));
        }
        Report big = Scenarios.report(new Snapshot(Scenarios.host(), many, List.of()));
        String md = render(big, ReportFormat.MARKDOWN, View.DEFAULT);
        assertTrue(md.length() <= MarkdownReporter.LIMIT, md.length() + " characters");
        assertTrue(md.contains("left out to fit a comment"), "what was left out is counted");
        assertTrue(md.startsWith("## portaudit: web-1"), "the summary comes first");
        String small = render(ReportGoldenTest.named().get("mixed"), ReportFormat.MARKDOWN, View.DEFAULT);
        assertFalse(small.contains("left out"), "a small host is shown whole");
    }

    @Test
    void periodReportsShowTimesForPeopleToTheSecond() {
        assertEquals("2026-11-02 00:00:00 UTC", PeriodText.time(Instant.parse("2026-11-02T00:00:00.123456789Z")),
                "no nanoseconds, no ISO 'T' and 'Z' for people to decode");
        assertEquals("still open", PeriodText.time(Optional.empty(), "still open"));
    }
}
