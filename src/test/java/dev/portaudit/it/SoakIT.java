package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak in its quick mode, as CI runs it, and the journal check it relies on. */
class SoakIT {

    @TempDir
    Path tmp;

    @Test
    void quickSoakLosesAndDoublesNoEvent() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "the churn fixture needs perl");
        assumeTrue("root".equals(System.getProperty("user.name")), "naming every churn process needs root");
        JarRunner.Result r = PackageIT.run(List.of("bash", "src/bench/soak.sh", "--quick"));
        System.out.println(r.out());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("agent: exit 0 on SIGTERM"), r.out());
        Matcher m = Pattern.compile("journal: (\\d+) events .* none lost or doubled, replay equals the final state")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Integer.parseInt(m.group(1)) > 100, "the churn was journaled: " + m.group(1));
        assertTrue(r.out().contains(": verified: "), "the soak's signed journal verifies whole: " + r.out());
        assertTrue(r.out().trim().endsWith("soak: ok"), r.out());
    }

    /** The checker itself: it passes a real journal and fails one with an event doubled or missing. */
    @Test
    void journalCheckFindsDoubledAndMissingEvents() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "the checker is perl");
        Path real = tmp.resolve("real.jsonl");
        List<String> events;
        try (Sockets sockets = new Sockets()) {
            sockets.tcp("127.0.0.1");
            sockets.udp("127.0.0.1");
            JarRunner.Result agent = JarRunner.run(List.of(), "agent", "--interval", "1s", "--max-scans", "2",
                    "--journal", real.toString());
            assertEquals(0, agent.code(), agent.err());
            events = Files.readAllLines(real, StandardCharsets.UTF_8);
        }
        assertTrue(events.size() >= 4, "two listeners of this JVM, each opened with a finding: " + events);
        String state = Files.readString(Path.of(real + ".state"));

        JarRunner.Result ok = check(write("good.jsonl", events, state));
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("none lost or doubled"), ok.out());

        List<String> doubled = new ArrayList<>(events);
        doubled.add(1, events.get(1));
        JarRunner.Result d = check(write("doubled.jsonl", doubled, state));
        assertEquals(1, d.code(), d.out());
        assertTrue(d.out().contains("has seq 2, expected 3"), d.out());

        List<String> missing = new ArrayList<>(events);
        missing.remove(1);
        JarRunner.Result m = check(write("missing.jsonl", missing, state));
        assertEquals(1, m.code(), m.out());
        assertTrue(m.out().contains("has seq 3, expected 2"), m.out());
    }

    private Path write(String name, List<String> events, String state) throws Exception {
        Path f = tmp.resolve(name);
        Files.write(f, events, StandardCharsets.UTF_8);
        Files.writeString(Path.of(f + ".state"), state, StandardCharsets.UTF_8);
        return f;
    }

    private static JarRunner.Result check(Path journal) throws Exception {
        return PackageIT.run(List.of("perl", "src/bench/journal-check.pl", journal.toString()));
    }
}
