package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged jar, end to end: as root, as an ordinary user, and on a socket shared by two processes. */
class ScanJarIT {

    static JsonNode listener(JsonNode report, String protocol, String address, int port) {
        for (JsonNode l : report.get("listeners")) {
            if (l.get("protocol").asText().equals(protocol) && l.get("address").asText().equals(address)
                    && l.get("port").asInt() == port) {
                return l;
            }
        }
        throw new AssertionError(protocol + " " + address + ":" + port + " not in the report");
    }

    @Test
    void jsonReportNamesThisJvmForItsListeners() throws Exception {
        long self = ProcessHandle.current().pid();
        try (Sockets sockets = new Sockets()) {
            List<Sockets.Opened> mine = List.of(sockets.tcp("127.0.0.1"), sockets.tcp("::1"), sockets.udp("127.0.0.1"),
                    sockets.udp("::1"));
            JarRunner.Result r = JarRunner.run(List.of(), "scan", "--format", "json");
            assertEquals(0, r.code(), r.err());
            JsonNode report = new ObjectMapper().readTree(r.out());
            for (Sockets.Opened o : mine) {
                JsonNode l = listener(report, o.protocol(), o.address(), o.port());
                assertEquals(self, l.get("pid").asLong(), l.toString());
                assertEquals("java", l.get("process").asText());
                assertFalse(l.get("user").isNull());
            }
            assertTrue(r.err().contains("listeners"), "one-line summary on stderr: " + r.err());
        }
    }

    @Test
    void ordinaryUserSeesOtherUsersSocketsWithOwnerUnknown() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "dropping to an ordinary user needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        try (Sockets sockets = new Sockets()) {
            Sockets.Opened o = sockets.tcp("127.0.0.1");
            JarRunner.Result r = JarRunner.run(
                    List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"),
                    "scan", "--format", "json");
            assertEquals(0, r.code(), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
            JsonNode report = new ObjectMapper().readTree(r.out());
            assertFalse(report.get("host").get("elevated").asBoolean());
            JsonNode l = listener(report, "tcp", "127.0.0.1", o.port());
            assertTrue(l.get("pid").isNull(), l.toString());
            assertTrue(l.get("process").isNull(), l.toString());
            assertFalse(report.get("complete").asBoolean());
            boolean explained = false;
            for (JsonNode c : report.get("coverage")) {
                explained |= c.get("kind").asText().equals("owner-unknown")
                        && c.get("message").asText().contains("not running as root");
            }
            assertTrue(explained, report.get("coverage").toString());

            JarRunner.Result table = JarRunner.run(
                    List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"), "scan");
            assertEquals(0, table.code(), table.err());
            assertTrue(table.out().contains("without root"), table.out());
            assertTrue(table.out().contains("NOT SEEN"), table.out());
        }
    }

    /**
     * As an ordinary user, with a listener of root's and one of the user's own: the user's own is
     * named, root's is listed with the owner unknown and counted, and --fail-on-incomplete turns
     * the gap into exit 4, with either collector.
     */
    @Test
    void ordinaryUserNamesItsOwnSocketsCountsTheRestAndFailOnIncompleteExits4() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "dropping to an ordinary user needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "needs perl for the user's own listener");
        List<String> nobody = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        List<String> cmd = new ArrayList<>(nobody);
        cmd.addAll(List.of("/usr/bin/perl", "-MIO::Socket::INET", "-e", "$|=1; my $s = IO::Socket::INET->new("
                + "LocalAddr=>'127.0.0.1', LocalPort=>0, Listen=>5, Proto=>'tcp') or die $!;"
                + " print $s->sockport, \"\\n\"; sleep 60;"));
        Process own = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (Sockets sockets = new Sockets()) {
            Sockets.Opened roots = sockets.tcp("127.0.0.1");
            int ownPort = Integer.parseInt(new BufferedReader(new InputStreamReader(own.getInputStream(),
                    StandardCharsets.UTF_8)).readLine().trim());
            for (String collector : List.of("procfs", "oshi")) {
                JarRunner.Result r = JarRunner.run(nobody, "scan", "--format", "json", "--collector", collector);
                assertEquals(0, r.code(), collector + ": " + r.err());
                JsonNode report = new ObjectMapper().readTree(r.out());
                JsonNode mine = listener(report, "tcp", "127.0.0.1", ownPort);
                assertEquals(own.pid(), mine.get("pid").asLong(), collector + ": " + mine);
                assertEquals("nobody", mine.get("user").asText(), collector + ": " + mine);
                assertTrue(listener(report, "tcp", "127.0.0.1", roots.port()).get("pid").isNull(), collector);
                long unknown = 0;
                for (JsonNode l : report.get("listeners")) {
                    unknown += l.get("owners").isEmpty() ? 1 : 0;
                }
                int counted = 0;
                for (JsonNode c : report.get("coverage")) {
                    counted += c.get("kind").asText().equals("owner-unknown") ? c.get("count").asInt() : 0;
                }
                assertEquals(unknown, counted, collector + ": every listener without an owner is counted");

                JarRunner.Result strict = JarRunner.run(nobody, "scan", "--format", "json", "--collector", collector,
                        "--fail-on-incomplete");
                assertEquals(4, strict.code(), collector + ": " + strict.err());
                assertTrue(strict.err().contains("incomplete: owner of "), strict.err());
                JsonNode whole = new ObjectMapper().readTree(strict.out()); // written whole all the same
                assertEquals(own.pid(), listener(whole, "tcp", "127.0.0.1", ownPort).get("pid").asLong());
                assertFalse(whole.get("complete").asBoolean());
            }
        } finally {
            own.destroyForcibly();
            own.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A pre-forking server: a parent and its child hold the same listening socket. */
    @Test
    void socketSharedByTwoProcessesNamesBoth() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "needs perl to fork a socket holder");
        String script = "use IO::Socket::INET; $|=1;"
                + "my $s = IO::Socket::INET->new(LocalAddr=>'127.0.0.1', LocalPort=>0, Listen=>5, Proto=>'tcp')"
                + " or die $!; print $s->sockport, \"\\n\"; my $pid = fork(); if ($pid == 0) { sleep 60; exit 0 }"
                + " print \"$pid\\n\"; sleep 60; kill 'TERM', $pid;";
        Process holder = new ProcessBuilder("/usr/bin/perl", "-e", script).redirectErrorStream(true).start();
        List<Long> children = new ArrayList<>();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            int port = Integer.parseInt(in.readLine().trim());
            long child = Long.parseLong(in.readLine().trim());
            children.add(child);
            JarRunner.Result r = JarRunner.run(List.of(), "scan", "--format", "json");
            assertEquals(0, r.code(), r.err());
            JsonNode l = listener(new ObjectMapper().readTree(r.out()), "tcp", "127.0.0.1", port);
            List<Long> pids = new ArrayList<>();
            l.get("owners").forEach(o -> pids.add(o.get("pid").asLong()));
            assertEquals(List.of(holder.pid(), child), pids);
            assertEquals(holder.pid(), l.get("pid").asLong(), "the lowest pid is the primary owner");
        } finally {
            for (long c : children) {
                ProcessHandle.of(c).ifPresent(ProcessHandle::destroyForcibly);
            }
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
