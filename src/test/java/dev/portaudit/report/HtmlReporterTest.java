package dev.portaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.testing.Scenarios;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
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
        assertEquals(ReportGoldenTest.named().get("policy").findings().size() - 2, doc.select(".finding").size(),
                "ssh's IPv4/IPv6 twins share their two findings' cards");
        assertEquals(2, doc.select(".finding.waived").size(), "one waiver, and the ssh allow entry accepting both twins");
        assertTrue(doc.select(".finding.waived .waiver").text().contains("until 2026-12-15 by dba@example.com"));
        assertTrue(doc.select(".finding.waived .waiver").text().contains("Accepted by the policy: the way in"));
        Element waivers = doc.select("h2:contains(Waivers) + table").first();
        assertTrue(waivers.text().contains("2026-12-15"), waivers.text());
        assertTrue(waivers.text().contains("no expiry (an allow entry accepts it)"), waivers.text());
        assertTrue(waivers.text().contains("in 23 days"), "expiring waivers are flagged: " + waivers.text());
        assertEquals(13, doc.select("h2:contains(Listeners) + table tbody tr").size(), "14 sockets, ssh's twins one row");
        assertTrue(doc.select(".callout").text().contains("owner of 1 listening socket unknown"));
        Map<String, String> facts = new java.util.HashMap<>();
        doc.select("dl.facts dt").forEach(dt -> facts.put(dt.text(), dt.nextElementSibling().text()));
        assertEquals("32768–60999", facts.get("Ephemeral ports"));
        assertEquals("Debian GNU/Linux 12 (bookworm)", facts.get("Operating system"));
    }

    /** sshd on 0.0.0.0:22 and [::]:22 is one service: one row, one card per finding, both messages kept. */
    @Test
    void ipv4AndIpv6TwinsAreShownOnce() throws Exception {
        Document doc = parse("mixed");
        Element row = doc.select("h2:contains(Listeners) + table tbody tr:has(td.num:matchesOwn(^22$))").first();
        assertEquals(List.of("0.0.0.0", "::"), row.select("td.addr code").eachText());
        assertEquals(1, doc.select("h2:contains(Listeners) + table tbody tr:has(td.num:matchesOwn(^22$))").size());
        assertEquals(List.of("privileged-bind", "wildcard-exposure"), row.select(".pill").eachText().stream()
                .sorted().toList(), "each rule once");
        Elements ssh = doc.select(".finding:has(code:matchesOwn(^tcp 0.0.0.0:22 · \\[::\\]:22$))");
        assertEquals(2, ssh.size(), "wildcard-exposure and privileged-bind, each on one card");
        Element wildcard = ssh.select(":has(.rule:matchesOwn(wildcard-exposure))").first();
        assertEquals(2, wildcard.select(".head ~ div:not(.fix):not(.waiver)").size(), "the IPv4 and the IPv6 message");
        assertTrue(wildcard.text().contains("every IPv6 interface"), wildcard.text());
        assertEquals(1, wildcard.select(".fix").size(), "one remediation");
        // sockets of different processes, or on specific addresses, are not twins
        assertEquals(1, doc.select(".finding code:matchesOwn(^tcp \\[::\\]:8443$)").size());
        assertEquals(0, doc.select(".finding code:matchesOwn(8443 ·|· .*8443)").size());
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
