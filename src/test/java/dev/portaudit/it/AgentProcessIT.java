package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as a real process on a 1 s interval: real sockets on 127.0.0.1, SIGKILL, changes while
 * it is down, a restart, then SIGTERM.
 */
class AgentProcessIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private Process start(Path journal, Path log) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JarRunner.JAR.toString(), "agent", "--interval", "1s", "--journal", journal.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static List<JsonNode> events(Path journal) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(journal)) {
            return out;
        }
        for (String line : Files.readAllLines(journal)) {
            JsonNode n = line.isBlank() ? null : MAPPER.readTree(line);
            if (n != null && !n.has("checkpoint")) { // the agent's checkpoints are not events
                out.add(n);
            }
        }
        return out;
    }

    private static boolean has(List<JsonNode> events, String type, int port) {
        return count(events, type, port) > 0;
    }

    /** Events about this JVM's listener on {@code port}: others on the host may reuse the port meanwhile. */
    private static long count(List<JsonNode> events, String type, int port) {
        return events.stream().filter(e -> e.get("event").asText().equals(type)
                && e.get("listener").get("port").asInt() == port
                && e.get("listener").path("owner").path("pid").asLong() == ProcessHandle.current().pid()).count();
    }

    /** Polls the journal until the condition holds; bounded. */
    private static List<JsonNode> await(Path journal, Predicate<List<JsonNode>> done, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<JsonNode> e = events(journal);
            if (done.test(e)) {
                return e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the journal did not reach the expected state within 30 s:\n"
                + (Files.exists(journal) ? Files.readString(journal) : "(no journal)") + "\nagent log:\n"
                + Files.readString(log));
    }

    @Test
    void survivesSigkillWithoutLosingOrRepeatingAndStopsCleanlyOnSigterm() throws Exception {
        Path journal = dir.resolve("journal.jsonl");
        Path log = dir.resolve("agent.log");
        Process agent = start(journal, log);
        Process restarted = null;
        try (Sockets first = new Sockets(); Sockets second = new Sockets()) {
            int a = first.tcp("127.0.0.1").port();
            await(journal, e -> has(e, "listener-opened", a), log);

            agent.destroyForcibly();                         // SIGKILL
            assertTrue(agent.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, agent.exitValue(), "killed by SIGKILL");

            first.close();                                   // while the agent is down: A closes, B opens
            int b = second.tcp("127.0.0.1").port();

            restarted = start(journal, log);
            List<JsonNode> events = await(journal, e -> has(e, "listener-closed", a) && has(e, "listener-opened", b),
                    log);
            Thread.sleep(2500);                              // two more scans: nothing may be repeated
            events = events(journal);

            assertEquals(1, count(events, "listener-opened", a));
            assertEquals(1, count(events, "listener-closed", a));
            assertEquals(1, count(events, "listener-opened", b));
            assertEquals(0, count(events, "listener-closed", b));
            Set<Long> seqs = new HashSet<>();
            long previous = 0;
            for (JsonNode e : events) {
                long seq = e.get("seq").asLong();
                assertTrue(seq > previous, "sequence numbers increase: " + events);
                assertTrue(seqs.add(seq));
                previous = seq;
                assertEquals("portaudit-journal/1", e.get("schema").asText());
                assertTrue(e.hasNonNull("host") && e.hasNonNull("time"), e.toString());
            }
            Set<String> opened = new HashSet<>(); // other processes on the host may open and close too
            for (JsonNode e : events) {
                String id = e.get("listener").toString().replaceAll("\"owner\":\\{[^}]*\\}", "");
                if (e.get("event").asText().equals("listener-opened")) {
                    assertTrue(opened.add(id), "opened twice without a close: " + id);
                } else if (e.get("event").asText().equals("listener-closed")) {
                    assertTrue(opened.remove(id), "closed without being open: " + id);
                }
            }
            JsonNode openedB = events.stream().filter(e -> e.get("event").asText().equals("listener-opened")
                    && e.get("listener").get("port").asInt() == b).findFirst().orElseThrow();
            assertEquals(ProcessHandle.current().pid(), openedB.get("listener").get("owner").get("pid").asLong());

            long t0 = System.nanoTime();
            restarted.destroy();                             // SIGTERM
            assertTrue(restarted.waitFor(5, TimeUnit.SECONDS));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, restarted.exitValue(), Files.readString(log));
            assertTrue(millis < 1000, "SIGTERM to exit took " + millis + " ms");
            assertTrue(Files.readString(log).contains("agent stopped after"), Files.readString(log));
            JsonNode state = MAPPER.readTree(dir.resolve("journal.jsonl.state").toFile());
            List<JsonNode> all = events(journal); // the host may have changed since the last read
            assertEquals(all.get(all.size() - 1).get("seq").asLong(), state.get("seq").asLong(),
                    "the checkpoint holds the last event");
            JarRunner.Result verified = JarRunner.run(List.of(), "journal", "verify", "--journal", journal.toString());
            assertEquals(0, verified.code(), "the hash chain survives SIGKILL and a restart: " + verified.out()
                    + verified.err());
        } finally {
            agent.destroyForcibly();
            if (restarted != null) {
                restarted.destroyForcibly();
            }
        }
    }
}
