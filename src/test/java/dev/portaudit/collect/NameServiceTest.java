package dev.portaudit.collect;

import static dev.portaudit.testing.Scenarios.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The name service is asked once per scan, for every unnamed uid together, through a stand-in for
 * getent (a script that records how it was called); the real NSS path is tested in NameServiceIT.
 */
class NameServiceTest {

    @TempDir
    Path dir;

    private static ProcessOwner owner(int pid, long uid, Optional<String> user) {
        return new ProcessOwner(pid, "svc", user, OptionalLong.of(uid), "svc", "/usr/bin/svc", Optional.empty());
    }

    /** A getent that logs its arguments, one call per line, and runs {@code body}. */
    private List<String> getent(String body) throws Exception {
        Path script = dir.resolve("getent");
        Files.writeString(script, "#!/bin/sh\necho \"$*\" >> " + dir.resolve("calls") + "\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return List.of(script.toString(), "passwd");
    }

    private List<String> calls() throws Exception {
        Path calls = dir.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private static final String DIRECTORY = """
            for u in "$@"; do case $u in
              4242) echo 'ldapalice:x:4242:4242:Alice:/home/alice:/bin/sh' ;;
              4343) echo 'ldapbob:x:4343:4343::/home/bob:/bin/sh' ;;
            esac; done
            echo 'intruder:x:0:0::/:/bin/sh'
            exit 2""";

    @Test
    void oneLookupForEveryUnnamedUidAndOnlyTheirNames() throws Exception {
        NameService ns = new NameService(getent(DIRECTORY), Clock.systemUTC(), Duration.ofSeconds(10));
        List<Listener> in = List.of(tcp("0.0.0.0", 80, owner(10, 4242, Optional.empty())),
                tcp("0.0.0.0", 81, owner(11, 4343, Optional.empty()), owner(12, 4242, Optional.empty())),
                tcp("0.0.0.0", 82, owner(13, 0, Optional.of("root"))), tcp("0.0.0.0", 83, owner(14, 5000,
                        Optional.empty())));
        List<Listener> out = ns.complete(in);
        assertEquals(List.of("passwd 4242 4343 5000"), calls(), "one process, the unnamed uids, each once");
        assertEquals(List.of("ldapalice"), out.get(0).owners().stream().map(ProcessOwner::userLabel).toList());
        assertEquals(List.of("ldapbob", "ldapalice"), out.get(1).owners().stream().map(ProcessOwner::userLabel)
                .toList());
        assertSame(in.get(2), out.get(2), "named by /etc/passwd: untouched");
        assertEquals("root", out.get(2).owners().get(0).userLabel(), "a line for a uid not asked names nobody");
        assertEquals("5000", out.get(3).owners().get(0).userLabel(), "unknown to the directory too: the number");
        assertEquals(in.get(1).port(), out.get(1).port());
    }

    @Test
    void answersAreKeptForAWhileThenAskedAgain() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return now.get();
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        NameService ns = new NameService(getent(DIRECTORY), clock, Duration.ofSeconds(10));
        List<Listener> in = List.of(tcp("0.0.0.0", 80, owner(10, 4242, Optional.empty())),
                tcp("0.0.0.0", 83, owner(14, 5000, Optional.empty())));
        ns.complete(in);
        now.set(now.get().plus(Duration.ofMinutes(5)));
        assertEquals("ldapalice", ns.complete(in).get(0).owners().get(0).userLabel());
        assertEquals(1, calls().size(), "known and unknown answers both kept: an agent's next scans ask nothing");
        now.set(now.get().plus(NameService.KEEP));
        ns.complete(in);
        assertEquals(2, calls().size(), "asked again once they are old");
    }

    @Test
    void aHangingOrFailingNameServiceLeavesNumbersAndIsAskedAgain() throws Exception {
        NameService hanging = new NameService(getent("exec sleep 30"), Clock.systemUTC(), Duration.ofMillis(300));
        List<Listener> in = List.of(tcp("0.0.0.0", 80, owner(10, 4242, Optional.empty())));
        long start = System.nanoTime();
        assertEquals("4242", hanging.complete(in).get(0).owners().get(0).userLabel());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "the scan is not held");
        NameService failing = new NameService(getent("echo 'ldapalice:x:4242:4242::/:/bin/sh'; exit 1"),
                Clock.systemUTC(), Duration.ofSeconds(10));
        assertEquals("4242", failing.complete(in).get(0).owners().get(0).userLabel(), "exit 1: nothing trusted");
        failing.complete(in);
        assertEquals(3, calls().size(), "a lookup that could not answer is not kept");
    }

    @Test
    void withoutANameServiceNothingRuns() throws Exception {
        List<Listener> in = List.of(tcp("0.0.0.0", 80, owner(10, 4242, Optional.empty())));
        assertSame(in, NameService.none().complete(in));
        NameService ns = new NameService(getent(DIRECTORY), Clock.systemUTC(), Duration.ofSeconds(10));
        List<Listener> named = List.of(tcp("0.0.0.0", 80, owner(10, 0, Optional.of("root"))));
        assertSame(named, ns.complete(named));
        assertEquals(0, ns.lookups(), "everyone named: no process at all");
    }
}
