package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes with hostile names and command lines (terminal escapes, markup, CSV and XML
 * metacharacters, bytes that are not UTF-8, a 100 kB argument) hold listeners; one scan writes
 * every format, and each must stay well-formed, safe for where it lands, and still say who it is.
 */
class HostileProcessIT {

    /** Renamed after binding: the name (comm) and command line both carry the hostile text. */
    private static final String RENAME = "use IO::Socket::INET; $|=1;"
            + " my $s = IO::Socket::INET->new(LocalAddr=>'127.0.0.1', LocalPort=>0, Listen=>5, Proto=>'tcp') or die $!;"
            + " $0 = qq{\\e[31mevil\\e]0;pwn\\a<script>alert(1)</script> & \"q\",=x\\r\\n]]> |md| \\xff\\xfe};"
            + " print $s->sockport, qq{\\n}; sleep 120;";

    /** Started with a 100 kB argument and bytes that are not UTF-8 in its command line. */
    private static final String LONG = "use IO::Socket::INET; $|=1;"
            + " my $s = IO::Socket::INET->new(LocalAddr=>'127.0.0.1', LocalPort=>0, Listen=>5, Proto=>'tcp') or die $!;"
            + " print $s->sockport, qq{\\n}; sleep 120;";

    @TempDir
    Path tmp;

    @Test
    void everyFormatStaysWellFormedAndSafe() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "needs perl for the hostile processes");
        Process renamed = new ProcessBuilder("/usr/bin/perl", "-e", RENAME).start();
        // bytes, not characters: the invalid sequence must reach the kernel as it is
        ProcessBuilder lb = new ProcessBuilder("/usr/bin/perl", "-e",
                "exec {'/usr/bin/perl'} 'perl', '-e', $ARGV[0], qq{bad\\xff\\xc3(<&}, 'A' x 100000 or die $!;", LONG);
        Process longProc = lb.start();
        try {
            int renamedPort = port(renamed);
            int longPort = port(longProc);
            List<String> args = new ArrayList<>(List.of("scan"));
            for (String f : List.of("json", "sarif", "junit", "html", "markdown", "csv", "prometheus")) {
                args.add("-o");
                args.add(f + "=" + tmp.resolve("report." + f));
            }
            JarRunner.Result r = JarRunner.run(List.of(), args.toArray(String[]::new));
            assertTrue(r.code() == 0 || r.code() == 1, r.err());

            // table on a terminal: nothing that acts on the screen, the name still legible
            assertNoControlCharacters("table", r.out());
            assertTrue(r.out().contains("\\x1b[31mevil"), "the name shown with visible escapes");
            assertNoControlCharacters("stderr", r.err());

            JsonNode json = new ObjectMapper().readTree(Files.readString(tmp.resolve("report.json")));
            JsonNode hostile = ScanJarIT.listener(json, "tcp", "127.0.0.1", renamedPort);
            assertEquals(renamed.pid(), hostile.get("pid").asLong());
            assertTrue(hostile.get("process").asText().startsWith("\u001b[31mevil\u001b]0;"), "exact name in JSON");
            assertTrue(hostile.get("command").asText().contains("<script>alert(1)</script> & \"q\",=x\r\n]]>"),
                    hostile.get("command").asText());
            JsonNode big = ScanJarIT.listener(json, "tcp", "127.0.0.1", longPort);
            String command = big.get("command").asText();
            assertTrue(command.length() > 100_000, "the whole command line is kept: " + command.length());
            assertTrue(command.contains("bad\uFFFD"), "bytes that are not UTF-8 become U+FFFD");

            new ObjectMapper().readTree(Files.readString(tmp.resolve("report.sarif")));

            DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
            xml.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            xml.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(tmp.resolve("report.junit"))));

            Document html = Jsoup.parse(Files.readString(tmp.resolve("report.html")));
            assertTrue(html.select("script").isEmpty(), "no script element came from a process name");
            assertTrue(html.text().contains("<script>alert(1)</script>"), "the markup is shown as text");
            assertNoControlCharacters("html", Files.readString(tmp.resolve("report.html")));

            String md = Files.readString(tmp.resolve("report.markdown"));
            assertNoControlCharacters("markdown", md);
            assertFalse(md.contains("<script>"), "markdown escapes HTML");

            String csv = Files.readString(tmp.resolve("report.csv"));
            assertNoControlCharacters("csv", csv.replace("\r\n", "\n"));
            List<List<String>> rows = dev.portaudit.testing.Csv.rows(csv);
            for (List<String> row : rows) {
                assertEquals(rows.get(0).size(), row.size(), "every CSV row has the header's cells: " + row);
            }

            String prom = Files.readString(tmp.resolve("report.prometheus"));
            assertNoControlCharacters("prometheus", prom);
        } finally {
            for (Process p : List.of(renamed, longProc)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A binary dropped in a temporary directory, and one deleted after it started: held listeners
     * the host's real dpkg database knows nothing of (unpackaged-listener, medium, saying why), beside
     * the packaged original (perl-base), which raises nothing.
     */
    @Test
    void droppedAndDeletedBinariesComeFromNoPackage() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "needs perl for the listeners");
        Path dropped = Files.copy(Path.of("/usr/bin/perl"), tmp.resolve("perl-dropped"));
        Path deleted = Files.copy(Path.of("/usr/bin/perl"), tmp.resolve("perl-deleted"));
        Process packaged = new ProcessBuilder("/usr/bin/perl", "-e", LONG).start();
        Process fromTmp = new ProcessBuilder(dropped.toString(), "-e", LONG).start();
        Process gone = new ProcessBuilder(deleted.toString(), "-e", LONG).start();
        try {
            int packagedPort = port(packaged);
            int tmpPort = port(fromTmp);
            int gonePort = port(gone);
            Files.delete(deleted);
            JarRunner.Result r = JarRunner.run(List.of(), "scan", "--format", "json");
            assertTrue(r.code() == 0 || r.code() == 1, r.err());
            JsonNode json = new ObjectMapper().readTree(r.out());
            JsonNode original = ScanJarIT.listener(json, "tcp", "127.0.0.1", packagedPort);
            assertEquals("perl-base", original.get("package").get("name").asText(), original.toString());
            assertFalse(original.get("findings").toString().contains("unpackaged-listener"));
            for (int port : new int[] {tmpPort, gonePort}) {
                JsonNode l = ScanJarIT.listener(json, "tcp", "127.0.0.1", port);
                assertEquals("{\"manager\":\"dpkg\",\"name\":null,\"version\":null}", l.get("package").toString());
                assertTrue(l.get("findings").toString().contains("unpackaged-listener"), l.toString());
            }
            List<String> messages = new ArrayList<>();
            for (JsonNode f : json.get("findings")) {
                if (f.get("rule").asText().equals("unpackaged-listener") && f.get("severity").asText().equals("medium")) {
                    messages.add(f.get("message").asText());
                }
            }
            assertTrue(messages.stream().anyMatch(m -> m.contains(deleted + " comes from no package")
                    && m.endsWith("the file was deleted after the process started")), messages.toString());
            assertTrue(messages.stream().anyMatch(m -> m.contains(dropped + " comes from no package")), messages
                    .toString());
        } finally {
            for (Process p : List.of(packaged, fromTmp, gone)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static int port(Process p) throws Exception {
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(line != null, "the hostile process did not start");
        return Integer.parseInt(line.trim());
    }

    /** No C0 control but line feed, no DEL, no C1 control, no bidirectional override. */
    static void assertNoControlCharacters(String where, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean bad = (c < 0x20 && c != '\n') || c == 0x7f || (c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e);
            assertFalse(bad, where + ": raw U+" + String.format("%04X", (int) c) + " at " + i + ": ..."
                    + text.substring(Math.max(0, i - 40), Math.min(text.length(), i + 40)).replace('\u001b', '^'));
        }
    }
}
