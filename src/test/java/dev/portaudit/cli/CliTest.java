package dev.portaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portaudit.cli.CliRunner.Run;
import dev.portaudit.model.Snapshot;
import dev.portaudit.testing.Golden;
import dev.portaudit.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path tmp;

    static Run run(Supplier<Snapshot> snapshot, String... args) {
        return CliRunner.run(snapshot, args);
    }

    static Run run(String... args) {
        return CliRunner.run(args);
    }

    private static void assertNoStackTrace(Run r) {
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(r.err().contains("Exception in thread"), r.err());
    }

    @Test
    void helpListsCommandsAndExitCodes() {
        Run r = run("--help");
        assertEquals(0, r.code());
        for (String s : new String[] {"scan", "lookup", "table", "Exit codes:", "0   clean", "1   findings at or above",
            "2   usage error", "3   runtime error"}) {
            assertTrue(r.out().contains(s), "missing '" + s + "' in:\n" + r.out());
        }
        Run scanHelp = run("scan", "--help");
        String flat = scanHelp.out().replaceAll("\\s+", " ");
        assertTrue(flat.contains("table, json"), scanHelp.out());
        assertTrue(flat.contains("none, info, low, medium, high, critical"), scanHelp.out());
        assertTrue(scanHelp.out().contains("Exit codes:"), scanHelp.out());
    }

    @Test
    void scanWritesTheTableToStdoutAndExitsCleanByDefault() throws Exception {
        Run r = run("scan");
        assertEquals(0, r.code(), r.err());
        Golden.assertText("cli-scan-mixed.txt", r.out());
        assertEquals("", r.err(), "nothing on stderr for a table on stdout");
    }

    @Test
    void failOnDecidesTheExitCode() {
        assertEquals(1, run("scan", "--fail-on", "medium").code());
        assertEquals(1, run("scan", "--fail-on", "info").code());
        assertEquals(1, run("scan", "--fail-on", "high").code());
        assertEquals(0, run("scan", "--fail-on", "critical").code());
        assertEquals(0, run("scan", "--fail-on", "none").code());
        assertEquals(0, run(Scenarios::clean, "scan", "--fail-on", "info").code());
        Run failing = run("scan", "--fail-on", "MEDIUM", "--format", "json");
        assertEquals(1, failing.code());
        assertTrue(failing.err().contains("6 findings at or above medium"), failing.err());
    }

    @Test
    void optionsAreCheckedBeforeTheHostIsRead() {
        for (String[] args : new String[][] {{"scan", "--output", "json="}, {"scan", "--from", "x.txt",
            "--all-namespaces"}, {"scan", "--target-pid", "0"}, {"scan", "--snapshot-host", "web1"}, {"scan", "--probe", "--from", "x.ss"},
            {"scan", "--kernel-settings", "k.sysctl"}, {"scan", "--width", "-1"}}) {
            AtomicBoolean read = new AtomicBoolean();
            Run r = run(() -> {
                read.set(true);
                return Scenarios.mixed();
            }, args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.err());
            assertFalse(read.get(), String.join(" ", args) + ": the host was read before the options were checked");
            assertEquals("", r.out(), "no report for a run that cannot be carried out");
            assertNoStackTrace(r);
        }
    }

    @Test
    void badArgumentsAreUsageErrorsWithoutStackTraces() {
        for (String[] args : new String[][] {{"scan", "--bogus"}, {"scan", "--fail-on", "severe"},
            {"scan", "--format", "xml"}, {"frobnicate"}, {}, {"table"}, {"lookup"}, {"lookup", "99999"},
            {"lookup", "22/quic"}, {"lookup", "--format", "yaml", "22"}, {"table", "import", "--iana", "x"}}) {
            Run r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.err());
            assertTrue(r.err().startsWith("portaudit: "), r.err());
            assertNoStackTrace(r);
            assertEquals("", r.out(), "no report on a usage error");
        }
        assertTrue(run("scan", "--fail-on", "severe").err().contains("allowed: none, info, low, medium, high, critical"));
    }

    @Test
    void jsonOutputFileIsWrittenWholeAndStdoutStaysEmpty() throws Exception {
        Path file = tmp.resolve("report.json");
        Run r = run("scan", "--format", "json", "--output", file.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains("14 listeners"), r.err());
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals("1.0", json.get("schemaVersion").asText());
        assertEquals(14, json.get("listeners").size());
        Run stdout = run("scan", "--format", "json");
        assertEquals(Files.readString(file), stdout.out());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void unwritableOutputIsARuntimeErrorAndLeavesTheOldReport() throws Exception {
        Run missingDir = run("scan", "--output", tmp.resolve("no/such/dir/r.txt").toString());
        assertEquals(3, missingDir.code());
        assertTrue(missingDir.err().contains("could not write the table report to " + tmp.resolve("no/such/dir/r.txt")),
                missingDir.err());
        assertNoStackTrace(missingDir);

        Path file = tmp.resolve("keep.json");
        Files.writeString(file, "previous good report");
        Run intoDirectory = run("scan", "--output", tmp.toString());
        assertEquals(3, intoDirectory.code());
        assertEquals("previous good report", Files.readString(file));
    }

    @Test
    void severalFormatsFromOneScan() throws Exception {
        Run r = run("scan", "--output", "sarif=" + tmp.resolve("r.sarif"), "--output", "junit=" + tmp.resolve("r.xml"),
                "-o", "html=" + tmp.resolve("r.html"), "-o", "csv=" + tmp.resolve("r.csv"), "-o",
                "prometheus=" + tmp.resolve("r.prom"), "-o", "markdown=" + tmp.resolve("r.md"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("portaudit "), "the table still goes to stdout: " + r.out());
        assertEquals("2.1.0", new ObjectMapper().readTree(tmp.resolve("r.sarif").toFile()).get("version").asText());
        assertTrue(Files.readString(tmp.resolve("r.xml")).contains("<testsuites>"));
        assertTrue(Files.readString(tmp.resolve("r.html")).startsWith("<!DOCTYPE html>"));
        assertTrue(Files.readString(tmp.resolve("r.csv")).startsWith("protocol,family,address"));
        assertTrue(Files.readString(tmp.resolve("r.prom")).contains("portaudit_scan_complete 0"));
        assertTrue(Files.readString(tmp.resolve("r.md")).startsWith("## portaudit: web-1"));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(6, files.count(), "no temporary file left behind");
        }

        Run plain = run("scan", "--format", "csv", "--output", tmp.resolve("plain.csv").toString(), "-o",
                "json=" + tmp.resolve("also.json"));
        assertEquals(0, plain.code(), plain.err());
        assertEquals("", plain.out(), "a plain FILE takes the --format report off stdout");
        assertTrue(Files.readString(tmp.resolve("plain.csv")).startsWith("protocol,"));
        assertTrue(Files.exists(tmp.resolve("also.json")));
    }

    @Test
    void oneUnwritableOutputDoesNotStopTheOthers() throws Exception {
        Run r = run("scan", "-o", "json=" + tmp.resolve("missing/r.json"), "-o", "sarif=" + tmp.resolve("ok.sarif"));
        assertEquals(3, r.code());
        assertTrue(r.err().contains("could not write the json report to " + tmp.resolve("missing/r.json")), r.err());
        assertTrue(Files.exists(tmp.resolve("ok.sarif")));
        assertEquals(2, run("scan", "-o", "sarif=").code(), "an output without a file is a usage error");
    }

    @Test
    void findingsAreLoggedOneEventEach() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(dev.portaudit.report.FindingLog.LOGGER);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events =
                new ch.qos.logback.core.read.ListAppender<>();
        events.start();
        ch.qos.logback.classic.Level before = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(events);
        // findings reach the log when a logging configuration is named (dist/logback/findings-json.xml)
        System.setProperty("logback.configurationFile", "dist/logback/findings-json.xml");
        try {
            Run r = run("scan", "--format", "json");
            assertEquals(0, r.code());
            int findings = new ObjectMapper().readTree(r.out()).get("findings").size();
            assertTrue(findings > 10, r.out());
            assertEquals(findings, events.list.size(), "one event per finding");
            ch.qos.logback.classic.spi.ILoggingEvent e = events.list.stream()
                    .filter(x -> x.getFormattedMessage().contains("serves telnet")).findFirst().orElseThrow();
            java.util.Map<String, Object> kv = new java.util.HashMap<>();
            e.getKeyValuePairs().forEach(p -> kv.put(p.key, p.value));
            assertEquals("cleartext-protocol", kv.get("rule"));
            assertEquals("high", kv.get("severity"));
            assertEquals(23, kv.get("port"));
            assertEquals("web-1", kv.get("host"));
            assertEquals("in.telnetd", kv.get("process"));
        } finally {
            System.clearProperty("logback.configurationFile");
            dev.portaudit.util.Logs.verbose(true);
            logger.detachAppender(events);
            logger.setLevel(before);
            logger.setAdditive(true);
        }
    }

    @Test
    void collectionFailureIsARuntimeError() {
        Run r = run(() -> {
            throw new IllegalStateException("procfs exploded");
        }, "scan");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("collection failed") && r.err().contains("procfs exploded"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void brokenRulesDirectoryIsBadInput() throws Exception {
        Files.createDirectories(tmp.resolve("ports"));
        Files.writeString(tmp.resolve("ports/iana-ports.tsv"), "first\tlast\tprotocol\tstatus\tservice\tdescription\n"
                + "22\t22\ttcp\tmaybe\tssh\tx\n");
        Run r = run("scan", "--rules", tmp.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("iana-ports.tsv:2: unknown status 'maybe'"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void lookupAnswersInTextAndJson() throws Exception {
        Run text = run("lookup", "22/tcp");
        assertEquals(0, text.code());
        assertTrue(text.out().lines().anyMatch(l -> l.matches("22\\s+tcp\\s+yes\\s+ssh\\s+well-known\\s+iana\\s+.*")),
                text.out());

        JsonNode json = new ObjectMapper().readTree(run("lookup", "--format", "json", "5000/tcp", "ssh").out());
        assertTrue(json.size() > 14, json.toString());
        for (JsonNode e : json) {
            for (String field : new String[] {"port", "protocol", "status", "service", "description"}) {
                assertTrue(e.has(field), field + " missing in " + e);
            }
        }
        assertEquals(5000, json.get(0).get("port").asInt());
        assertTrue(json.findValuesAsText("service").contains("ssh"));

        JsonNode unlisted = new ObjectMapper().readTree(run("lookup", "-f", "json", "4/udp").out());
        assertEquals(1, unlisted.size());
        assertEquals("no", unlisted.get(0).get("status").asText());

        Run none = run("lookup", "--format", "json", "no-such-service-anywhere", "22/tcp");
        assertEquals(1, none.code(), "a query that matched nothing is a non-zero exit, as grep's");
        assertEquals("ssh", new ObjectMapper().readTree(none.out()).get(0).get("service").asText(),
                "the queries that matched are still answered");
        assertTrue(none.err().contains("no entry matches 'no-such-service-anywhere'"));
        assertTrue(run("lookup", "--help").out().contains("1   a query matched nothing"));
    }

    @Test
    void lookupKnowsTheDaemonsOfTheCatalogue() {
        Run chrony = run("lookup", "chrony");
        assertEquals(0, chrony.code(), chrony.err());
        assertTrue(chrony.out().lines().anyMatch(l -> l.matches("323\\s+udp\\s+reserved.*")), chrony.out());
        assertTrue(chrony.out().lines().anyMatch(l -> l.matches("123\\s+udp\\s+yes\\s+ntp.*")), chrony.out());
    }

    @Test
    void tableImportBuildsALoadableTable() throws Exception {
        Path out = tmp.resolve("table");
        Run r = run("table", "import", "--iana", "src/test/resources/fixtures/iana/small-registry.xml",
                "--usage", "src/test/resources/fixtures/usage/small-usage.csv", "--out", out.toString(),
                "--usage-date", "2026-01-01");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("wrote 17 IANA entries"), r.err());
        assertTrue(r.err().contains("warning: "), r.err());
        assertTrue(Files.readString(out.resolve("NOTICE")).contains("CC BY-SA") || Files.readString(out.resolve("NOTICE"))
                .contains("Attribution-ShareAlike 4.0"));
        assertTrue(Files.readString(out.resolve("sources.properties")).contains("usage.date=2026-01-01"));

        Path rules = tmp.resolve("rules");
        Files.move(out, Files.createDirectories(rules).resolve("ports"));
        Run lookup = run("lookup", "--rules", rules.toString(), "11211/tcp");
        assertTrue(lookup.out().contains("memcache"), lookup.out());
    }

    @Test
    void tableImportRejectsBrokenSources() throws Exception {
        Path xml = Files.writeString(tmp.resolve("bad.xml"), "<registry><record>");
        Run r = run("table", "import", "--iana", xml.toString(), "--usage",
                "src/test/resources/fixtures/usage/small-usage.csv", "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.xml:"), r.err());
        Run missing = run("table", "import", "--iana", tmp.resolve("nope.xml").toString(), "--usage", "x",
                "--out", tmp.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("cannot read"), missing.err());
        Run date = run("table", "import", "--iana", "a", "--usage", "b", "--out", "c", "--usage-date", "yesterday");
        assertEquals(2, date.code());
    }

    @Test
    void formatsAreListedInHelpAndOfferedByCompletion() {
        String formats = "table, json, sarif, junit, html, markdown, csv, prometheus";
        assertTrue(run("scan", "--help").out().replaceAll("\\s+", " ").contains(formats));
        Run completion = run("completion");
        assertEquals(0, completion.code());
        assertTrue(completion.out().contains(
                "(\"table\" \"json\" \"sarif\" \"junit\" \"html\" \"markdown\" \"csv\" \"prometheus\")"),
                completion.out());
        assertTrue(completion.out().contains("complete -F _complete_portaudit"), "a bash completion function");
    }

    @Test
    void versionIsPrinted() {
        Run r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("portaudit "), r.out());
    }
}
