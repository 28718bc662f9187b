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
