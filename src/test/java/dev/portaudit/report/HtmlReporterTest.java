package dev.portaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.testing.Scenarios;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class HtmlReporterTest {

    private static Document parse(String scenario) throws Exception {
        return Jsoup.parse(ReportGoldenTest.render(ReportGoldenTest.named().get(scenario), ReportFormat.HTML));
    }

    @Test
    void hostileStringsAreTextNeverMarkup() throws Exception {
        Document doc = parse("hostile");
        assertTrue(doc.select("script").isEmpty(), "no script element");
        for (Element e : doc.getAllElements()) {
            e.attributes().forEach(a -> assertFalse(a.getKey().toLowerCase().startsWith("on"),
                    "event handler attribute " + a.getKey()));
        }
        String text = doc.body().text();
        assertTrue(text.contains("<script>alert(1)</script>"), "the process name is shown as text");
        assertTrue(text.contains("=cmd|' /C calc'!A0"), text);
        assertTrue(text.contains("evil\\x1b[31m"), "control characters are made visible");
        assertFalse(doc.outerHtml().contains("\u001b"), "no raw escape character");
        assertTrue(doc.select("h1").text().contains("host<1>&\\x1b[0m"), doc.select("h1").text());
        Element cmd = doc.select("td code").stream().filter(c -> c.text().contains("--banner")).findFirst()
                .orElseThrow();
        assertTrue(cmd.text().contains("\\x1b[2J\\x1b[31mRED\\nsecond line\\r\\x07"), cmd.text());
    }

    @Test
    void selfContainedNothingFetched() throws Exception {
        for (String scenario : ReportGoldenTest.named().keySet()) {
            Document doc = parse(scenario);
            assertTrue(doc.select("link, script, img, iframe, object, embed").isEmpty(), scenario);
            assertFalse(doc.outerHtml().contains("http://") || doc.select("[src]").size() > 0, scenario);
            assertFalse(doc.select("style").html().contains("@import"), scenario);
            assertFalse(doc.select("style").html().contains("url("), scenario);
        }
    }

    @Test
    void showsHostSummaryChartsFindingsWaiversListenersAndGaps() throws Exception {
        Document doc = parse("policy");
        assertEquals("Port audit of web-1", doc.select("h1").text());
        assertEquals("CRITICAL", doc.select(".verdict .value").text());
        assertEquals(3, doc.select(".chart svg").size());
        Element severityChart = doc.select(".chart").first();
        assertTrue(severityChart.text().contains("critical 1"), severityChart.text());
        assertEquals(ReportGoldenTest.named().get("policy").findings().size(), doc.select(".finding").size());
        assertEquals(3, doc.select(".finding.waived").size(), "one waiver, and the ssh allow entry accepts two");
        assertTrue(doc.select(".finding.waived .waiver").text().contains("until 2026-12-15 by dba@example.com"));
        assertTrue(doc.select(".finding.waived .waiver").text().contains("Accepted by the policy: the way in"));
        Element waivers = doc.select("h2:contains(Waivers) + table").first();
        assertTrue(waivers.text().contains("2026-12-15"), waivers.text());
        assertTrue(waivers.text().contains("no expiry (an allow entry accepts it)"), waivers.text());
        assertTrue(waivers.text().contains("in 23 days"), "expiring waivers are flagged: " + waivers.text());
        assertEquals(14, doc.select("h2:contains(Listeners) + table tbody tr").size());
        assertTrue(doc.select(".callout").text().contains("owner of 1 listening socket unknown"));
        Map<String, String> facts = new java.util.HashMap<>();
        doc.select("dl.facts dt").forEach(dt -> facts.put(dt.text(), dt.nextElementSibling().text()));
        assertEquals("32768–60999", facts.get("Ephemeral ports"));
        assertEquals("Debian GNU/Linux 12 (bookworm)", facts.get("Operating system"));
    }

    @Test
    void emptyHostSaysSo() throws Exception {
        Document doc = parse("empty");
        assertTrue(doc.text().contains("No listening sockets found."));
        assertTrue(doc.text().contains("No findings."));
        assertEquals("no findings", doc.select(".verdict .value").text());
        assertEquals(0, Scenarios.report(Scenarios.empty()).findings().size());
    }
}
