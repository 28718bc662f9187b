package dev.portaudit.it;

import static dev.portaudit.testing.Scenarios.owner;
import static dev.portaudit.testing.Scenarios.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Snapshot;
import dev.portaudit.report.HtmlReporter;
import dev.portaudit.testing.Scenarios;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTML reports in a real browser: Debian's Chromium, headless, driven by playwright-core from the
 * npm registry (installed under target/). The period report's timeline is measured where the browser
 * drew it and photographed; screenshots and PDFs stay in target/screenshots for people to look at.
 */
class BrowserIT {

    private static final Path TOOLS = Path.of("target", "browser-tools").toAbsolutePath();
    private static final Path SHOTS = Path.of("target", "screenshots").toAbsolutePath();
    private static final Path SCRIPT = Path.of("src/test/resources/browser/look.mjs").toAbsolutePath();
    private static final String JOURNAL = Path.of("src/test/resources/journal/journal.jsonl").toAbsolutePath()
            .toString();

    @BeforeAll
    static void install() throws Exception {
        if (!Files.isRegularFile(TOOLS.resolve("node_modules/playwright-core/package.json"))) {
            Files.createDirectories(TOOLS);
            Files.writeString(TOOLS.resolve("package.json"), "{\"private\": true, \"type\": \"module\"}\n");
            // the library only: the browser is Debian's, never one downloaded by the tool
            JarRunner.Result r = JarRunner.exec(new ProcessBuilder("npm", "install", "--prefix", TOOLS.toString(),
                    "--no-audit", "--no-fund", "playwright-core@1.64.1").directory(TOOLS.toFile()), 300);
            assertEquals(0, r.code(), "npm install: " + r.err());
        }
        Files.copy(SCRIPT, TOOLS.resolve("look.mjs"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The page opened in Chromium: what it requested, its console errors, the timeline's geometry. */
    private static JsonNode look(Path page, String name) throws Exception {
        Path out = Files.createDirectories(SHOTS.resolve(name));
        JarRunner.Result r = JarRunner.exec(new ProcessBuilder("node", TOOLS.resolve("look.mjs").toString(),
                page.toString(), out.toString()).directory(TOOLS.toFile()), 120);
        assertEquals(0, r.code(), r.out() + r.err());
        return new ObjectMapper().readTree(r.out());
    }

    private static Path periodReport(String name) throws Exception {
        Path html = Files.createDirectories(SHOTS).resolve(name + ".html");
        JarRunner.Result r = JarRunner.run(List.of(), "report", "--journal", JOURNAL, "--since", "2026-10-31",
                "--until", "2026-11-03", "--format", "html", "--output", html.toString());
        assertEquals(0, r.code(), r.err());
        return html;
    }

    private static void assertFetchesNothing(JsonNode seen, Path page) {
        List<String> requests = StreamSupport.stream(seen.get("requests").spliterator(), false).map(JsonNode::asText)
                .toList();
        assertEquals(List.of(page.toUri().toString()),
                requests, "the page itself and nothing else");
        assertEquals(0, seen.get("errors").size(), seen.get("errors").toString());
    }

    /**
     * The fixture journal from 2026-10-31 to 11-03 (72 hours): ssh and postgres found by the first scan
     * at 10-31 23:00, java on 8080 from 11-01 08:00 to 11-02 11:30, telnet 11-02 09:15–17:45, nc from
     * 11-02 22:00. Each bar must start and end where those times fall on the plot.
     */
    @Test
    void theTimelineIsDrawnWhereTheTimesFall() throws Exception {
        Path html = periodReport("period-report");
        JsonNode seen = look(html, "period-report");
        assertFetchesNothing(seen, html);
        double left = seen.get("plot").get(0).asDouble();
        double width = seen.get("plot").get(1).asDouble() - left;
        assertTrue(width > 500, "the plot has room: " + width);
        List<String> labels = new ArrayList<>();
        for (JsonNode bar : seen.get("bars")) {
            labels.add(bar.get("label").asText());
            double start = (bar.get("x").asDouble() - left) / width * 72;
            double end = (bar.get("x").asDouble() + bar.get("width").asDouble() - left) / width * 72;
            double[] expected = switch (bar.get("label").asText().split(" ")[1]) {
                case "0.0.0.0:22", "0.0.0.0:5432" -> new double[] {23, 72};
                case "127.0.0.1:8080" -> new double[] {32, 59.5};
                case "0.0.0.0:23" -> new double[] {57.25, 65.75};
                case "0.0.0.0:4444" -> new double[] {70, 72};
                default -> throw new AssertionError("unexpected bar " + bar);
            };
            assertEquals(expected[0], start, 0.5, "start, in hours from the period's start: " + bar);
            assertEquals(expected[1], end, 0.5, "end: " + bar);
            assertEquals(bar.get("exposure").asText().equals("loopback") ? "rgb(100, 116, 139)" : "rgb(194, 65, 12)",
                    bar.get("fill").asText(), "coloured by exposure");
        }
        assertEquals(5, labels.size(), labels.toString());
        assertEquals(List.of("high", "low"), StreamSupport.stream(seen.get("bands").spliterator(), false)
                .map(b -> b.get("severity").asText()).toList(), "telnet's high finding, the low ones");
        // what the browser painted: the bars' and bands' colours are in the pictures
        assertTrue(pixels(SHOTS.resolve("period-report/listener-timeline.png"), 0xc2410c) > 2000);
        assertTrue(pixels(SHOTS.resolve("period-report/listener-timeline.png"), 0x64748b) > 500);
        assertTrue(pixels(SHOTS.resolve("period-report/finding-timeline.png"), 0xd0361f) > 2000);
        assertTrue(pixels(SHOTS.resolve("period-report/finding-timeline.png"), 0x2f6fb3) > 2000);
    }

    /** The detector can fail: without the page's policy, a remote image is requested and seen. */
    @Test
    void aPageThatFetchesIsCaught() throws Exception {
        Path html = periodReport("fetching");
        String page = Files.readString(html);
        int csp = page.indexOf("<meta http-equiv=\"Content-Security-Policy\"");
        assertTrue(csp > 0, "the report carries a policy that forbids fetching");
        Files.writeString(html, page.substring(0, csp) + page.substring(page.indexOf('>', csp) + 1)
                .replace("<main>", "<main><img src=\"http://127.0.0.1:9/pixel.png\" alt=\"\">"));
        JsonNode seen = look(html, "fetching");
        assertTrue(seen.get("requests").toString().contains("http://127.0.0.1:9/pixel.png"), seen.toString());
    }

    /** 84 sockets, 42 services on IPv4 and IPv6 each: the scan report prints in a few A4 pages. */
    @Test
    void aBusyHostsScanReportPrintsCompactly() throws Exception {
        List<Listener> listeners = new ArrayList<>();
        for (int i = 0; i < 42; i++) {
            ProcessOwner o = owner(2000 + i, "svc" + i, "svc", 900 + i, "/usr/bin/svc" + i + " --serve",
                    "/usr/bin/svc" + i);
            listeners.add(tcp("0.0.0.0", 3000 + i * 11, o));
            listeners.add(tcp("::", 3000 + i * 11, o));
        }
        Path html = Files.createDirectories(SHOTS).resolve("busy-scan.html");
        try (OutputStream out = Files.newOutputStream(html)) {
            new HtmlReporter().write(Scenarios.report(new Snapshot(Scenarios.host(), listeners, List.of())), out);
        }
        JsonNode seen = look(html, "busy-scan");
        assertFetchesNothing(seen, html);
        int pages = seen.get("pages").asInt();
        // measured: 5 pages; 14 before twins shared a card and paper had its own compact styles
        assertTrue(pages >= 1 && pages <= 6, "printed pages: " + pages);
    }

    /**
     * The compliance report of the fixture journal (a signed week of a web host, see
     * ComplianceFixture), as an assessor opens and prints it: every control drawn with its status in
     * its colour, the journal shown verified, nothing fetched, a few A4 pages.
     */
    @Test
    void aComplianceReportRendersAndPrints() throws Exception {
        Path html = Files.createDirectories(SHOTS).resolve("compliance-report.html");
        JarRunner.Result r = JarRunner.run(List.of(), "report", "--journal",
                Path.of("src/test/resources/golden/compliance-journal.jsonl").toAbsolutePath().toString(),
                "--public-key", Path.of("src/test/resources/journals/fixture-signing.key.pub").toAbsolutePath()
                        .toString(), "--since", "2026-11-01", "--until", "2026-11-08", "--compliance",
                "pci-dss-v4.0.1", "--output", html.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode seen = look(html, "compliance-report");
        assertFetchesNothing(seen, html);
        List<String> statuses = StreamSupport.stream(seen.get("controls").spliterator(), false)
                .map(c -> c.get("status").asText()).toList();
        assertEquals(List.of("not met", "met", "not met", "met"), statuses);
        assertEquals("rgb(208, 54, 31)", seen.get("controls").get(0).get("colour").asText(), "not met in red");
        assertEquals("rgb(46, 125, 79)", seen.get("controls").get(1).get("colour").asText(), "met in green");
        assertTrue(seen.get("controls").get(0).get("height").asDouble() > 10, "the pill is drawn");
        assertTrue(pixels(SHOTS.resolve("compliance-report/page.png"), 0xd0361f) > 500, "red is on the page");
        assertTrue(Files.size(SHOTS.resolve("compliance-report/page.pdf")) > 10_000);
        int pages = seen.get("pages").asInt();
        assertTrue(pages >= 1 && pages <= 6, "printed pages: " + pages);
    }

    private static int pixels(Path png, int rgb) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return n;
    }
}
