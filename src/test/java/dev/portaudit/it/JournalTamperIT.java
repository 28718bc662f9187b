package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tamper suite on a real agent's journal: the agent runs signed, on a 1 s interval, rotating
 * its journal every few kilobytes, is SIGKILLed and restarted and stopped, while sockets of this
 * JVM open and close. The journal must then verify whole; and each kind of tampering, done to a
 * copy, must be named by 'journal verify' at the right sequence number, with exit code 5.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JournalTamperIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+),");
    private static final Pattern THROUGH = Pattern.compile("\"checkpoint\":\\{\"through\":(\\d+),");

    @TempDir
    static Path dir;

    private Path original;
    private Path key;
    private Path log;

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Process agent(Path journal) throws IOException {
        return new ProcessBuilder(java(), "-jar", JarRunner.JAR.toString(), "agent", "--interval", "1s", "--journal",
                journal.toString(), "--journal-max-size", "1K", "--signing-key", key.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static Run cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", JarRunner.JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, err);
    }

    private record Run(int code, String out, String err) {
    }

    /** Every line of the journal's files, oldest first. */
    private static String all(Path journal) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Path f : files(journal)) {
            b.append(Files.readString(f));
        }
        return b.toString();
    }

    private static List<Path> files(Path journal) throws IOException {
        try (Stream<Path> s = Files.list(journal.getParent())) {
            List<Path> rotated = new ArrayList<>(s.filter(p -> p.getFileName().toString()
                    .matches(Pattern.quote(journal.getFileName().toString()) + "\\.\\d{8}T\\d{6}Z(-\\d+)?")).toList());
            rotated.sort(Comparator.comparing(p -> p.getFileName().toString().replaceAll("Z$", "Z-0")));
            if (Files.exists(journal)) {
                rotated.add(journal);
            }
            return rotated;
        }
    }

    private void await(Path journal, Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline) {
            if (done.test(all(journal))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the journal did not reach the expected state within 40 s; agent log:\n"
                + Files.readString(log));
    }

    private static Predicate<String> mentions(String event, int port) {
        return text -> text.lines().anyMatch(l -> l.contains("\"event\":\"" + event + "\"")
                && l.contains("\"port\":" + port + ",") && l.contains("\"pid\":" + ProcessHandle.current().pid() + ","));
    }

    @BeforeAll
    void runTheAgent() throws Exception {
        Path work = Files.createDirectories(dir.resolve("agent"));
        key = work.resolve("journal.key");
        log = work.resolve("agent.log");
        assertEquals(0, cli("journal", "keygen", "--key", key.toString()).code());
        original = work.resolve("journal.jsonl");
        Process agent = agent(original);
        Process restarted = null;
        try (Sockets a = new Sockets(); Sockets b = new Sockets(); Sockets c = new Sockets()) {
            int pa = a.tcp("127.0.0.1").port();
            await(original, mentions("listener-opened", pa));
            agent.destroyForcibly(); // SIGKILL
            assertTrue(agent.waitFor(10, TimeUnit.SECONDS));
            a.close();
            int pb = b.tcp("127.0.0.1").port();
            restarted = agent(original);
            await(original, mentions("listener-closed", pa).and(mentions("listener-opened", pb)));
            int pc = c.tcp("127.0.0.1").port();
            await(original, mentions("listener-opened", pc));
            b.close();
            await(original, mentions("listener-closed", pb));
            restarted.destroy(); // SIGTERM
            assertTrue(restarted.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, restarted.exitValue(), Files.readString(log));
        } finally {
            agent.destroyForcibly();
            if (restarted != null) {
                restarted.destroyForcibly();
            }
        }
        assertTrue(files(original).size() >= 4, "rotated at least three times: " + files(original));
    }

    /** A copy of the agent's journal, its rotated files and its state, to damage. */
    private Path copy(String name) throws IOException {
        Path to = Files.createDirectories(dir.resolve(name));
        for (Path f : files(original)) {
            Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.copy(original.resolveSibling("journal.jsonl.state"), to.resolve("journal.jsonl.state"));
        return to.resolve("journal.jsonl");
    }

    private JsonNode verify(Path journal, Path publicKey, int expectedCode) throws Exception {
        Run r = cli("journal", "verify", "--journal", journal.toString(), "--public-key", publicKey.toString(),
                "--format", "json");
        assertEquals(expectedCode, r.code(), r.out() + r.err());
        return MAPPER.readTree(r.out());
    }

    private void assertBroken(Path journal, String kind, long firstBad) throws Exception {
        JsonNode n = verify(journal, Path.of(key + ".pub"), 5);
        assertEquals("broken", n.get("status").asText(), n.toPrettyString());
        assertEquals(kind, n.get("problem").get("kind").asText(), n.toPrettyString());
        assertEquals(firstBad, n.get("problem").get("firstBadSeq").asLong(), n.toPrettyString());
    }

    private static long number(Pattern p, String line) {
        Matcher m = p.matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static boolean isEvent(String line) {
        return line.contains("\"event\":\"");
    }

    /** A file with an event line that is neither its first nor its last line, and that event's index. */
    private record Spot(Path file, List<String> lines, int index) {
        long seq() {
            return number(SEQ, lines.get(index));
        }
    }

    private static Spot middleEvent(Path journal, boolean nextIsEvent) throws IOException {
        for (Path f : files(journal)) {
            List<String> lines = Files.readAllLines(f);
            for (int i = 1; i < lines.size() - 1; i++) {
                if (isEvent(lines.get(i)) && (!nextIsEvent || isEvent(lines.get(i + 1)))) {
                    return new Spot(f, new ArrayList<>(lines), i);
                }
            }
        }
        throw new AssertionError("no event in the middle of a file of " + journal);
    }

    @Test
    void theJournalAgentsWroteThroughSigkillRestartsAndRotationVerifiesWhole() throws Exception {
        JsonNode n = verify(original, Path.of(key + ".pub"), 0);
        assertEquals("verified", n.get("status").asText(), n.toPrettyString());
        assertTrue(n.get("files").asInt() >= 4);
        assertEquals(n.get("events").asLong(), n.get("signedThrough").asLong(), "every event is signed for");
        // the public key is the PEM OpenSSL reads
        Process p = new ProcessBuilder("openssl", "pkey", "-pubin", "-in", key + ".pub", "-noout", "-text")
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("ED25519 Public-Key"), text);
    }

    @Test
    void anEditedLine() throws Exception {
        Path j = copy("edited");
        Spot s = middleEvent(j, false);
        s.lines().set(s.index(), s.lines().get(s.index()).replaceFirst("\"port\":(\\d+)", "\"port\":1"));
        Files.write(s.file(), s.lines());
        assertBroken(j, "edited", s.seq());
    }

    @Test
    void aDeletedLine() throws Exception {
        Path j = copy("deleted");
        Spot s = middleEvent(j, false);
        long seq = s.seq();
        s.lines().remove(s.index());
        Files.write(s.file(), s.lines());
        assertBroken(j, "deleted", seq);
    }

    @Test
    void aReorderedLine() throws Exception {
        Path j = copy("reordered");
        Spot s = middleEvent(j, true);
        long seq = s.seq();
        String first = s.lines().get(s.index());
        s.lines().set(s.index(), s.lines().get(s.index() + 1));
        s.lines().set(s.index() + 1, first);
        Files.write(s.file(), s.lines());
        assertBroken(j, "reordered", seq);
    }

    @Test
    void aTruncatedTail() throws Exception {
        Path j = copy("truncated");
        List<Path> files = files(j);
        Path last = files.get(files.size() - 1);
        if (Files.size(last) == 0) {
            Files.delete(last); // rotated just before the stop: the newest rotated file holds the tail
            Files.move(files.get(files.size() - 2), last);
        }
        // cut the file back to before its last event: that event and whatever followed it
        List<String> lines = new ArrayList<>(Files.readAllLines(last));
        int cut = lines.size() - 1;
        while (cut >= 0 && !isEvent(lines.get(cut))) {
            cut--;
        }
        assertTrue(cut >= 0, "the journal's newest file holds an event: " + lines);
        Files.write(last, lines.subList(0, cut));
        long lastSeq = 0;
        for (String l : all(j).lines().toList()) {
            if (isEvent(l)) {
                lastSeq = number(SEQ, l);
            }
        }
        assertBroken(j, "truncated", lastSeq + 1);
    }

    @Test
    void aRemovedRotatedFile() throws Exception {
        Path j = copy("removed");
        List<Path> files = files(j);
        long before = 0;
        for (String l : Files.readAllLines(files.get(0))) {
            before = Math.max(before, isEvent(l) ? number(SEQ, l) : number(THROUGH, l));
        }
        Files.delete(files.get(1));
        assertBroken(j, "missing-file", before + 1);
        Files.delete(files.get(0));
        assertBroken(j, "missing-file", 1);
    }

    @Test
    void aForgedCheckpointAndAWrongKey() throws Exception {
        Path j = copy("forged");
        // a checkpoint with a checkpoint before it, its signature replaced by one made with another key
        long covered = -1;
        Path other = dir.resolve("forger.key");
        assertEquals(0, cli("journal", "keygen", "--key", other.toString()).code());
        for (Path f : files(j)) {
            List<String> lines = new ArrayList<>(Files.readAllLines(f));
            for (int i = 0; i < lines.size(); i++) {
                long through = number(THROUGH, lines.get(i));
                if (through < 0) {
                    continue;
                }
                if (covered >= 0 && i > 0) {
                    String line = lines.get(i);
                    // flip one character of the base64 signature: a signature that no key made
                    int at = line.lastIndexOf("\"signature\":\"") + 14;
                    char c = line.charAt(at);
                    lines.set(i, line.substring(0, at) + (c == 'A' ? 'B' : 'A') + line.substring(at + 1));
                    Files.write(f, lines);
                    assertBroken(j, "bad-signature", covered + 1);
                    JsonNode wrong = verify(original, Path.of(other + ".pub"), 5);
                    assertEquals("wrong-key", wrong.get("problem").get("kind").asText());
                    assertEquals(1, wrong.get("problem").get("firstBadSeq").asLong());
                    return;
                }
                covered = through;
            }
        }
        throw new AssertionError("no checkpoint after another in " + files(j));
    }
}
