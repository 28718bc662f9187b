package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host audited from an {@code ss -tulpnHe} snapshot, with its kernel settings captured by sysctl
 * at the same moment, gets the verdicts a live scan gives: the snapshot carries the socket's uid and
 * the kernel's ranges, so privileged-bind and dynamic-range-listener are judged alike.
 */
class SnapshotParityIT {

    @TempDir
    Path tmp;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** "rule/severity" of every finding on the listener, from a JSON report. */
    private static Set<String> verdicts(JsonNode report, Sockets.Opened o) {
        Set<String> out = new TreeSet<>();
        for (JsonNode f : report.get("findings")) {
            if (f.get("protocol").asText().equals(o.protocol()) && f.get("address").asText().equals(o.address())
                    && f.get("port").asInt() == o.port()) {
                out.add(f.get("rule").asText() + "/" + f.get("severity").asText());
            }
        }
        return out;
    }

    /** Runs a command and keeps what it printed in {@code out}, as an operator capturing a snapshot would. */
    private static void run(Path out, String... command) throws Exception {
        JarRunner.Result r = JarRunner.exec(new ProcessBuilder(command), 30);
        assertEquals(0, r.code(), String.join(" ", command) + ": " + r.err());
        Files.writeString(out, r.out());
    }

    @Test
    void anSsSnapshotIsJudgedAsTheLiveHost() throws Exception {
        try (Sockets sockets = new Sockets()) {
            List<Sockets.Opened> mine = List.of(sockets.tcp("127.0.0.1"), sockets.tcp("0.0.0.0"),
                    sockets.udp("0.0.0.0"), sockets.tcp("::1"));
            JarRunner.Result live = JarRunner.run(List.of(), "scan", "--format", "json");
            assertEquals(0, live.code(), live.err());
            Path ss = tmp.resolve("host.ss");
            Path sysctl = tmp.resolve("host.sysctl");
            run(ss, "ss", "-tulpnHe");
            run(sysctl, "sysctl", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
                    "net.ipv6.bindv6only");
            JarRunner.Result snap = JarRunner.run(List.of(), "scan", "--from", ss.toString(), "--kernel-settings",
                    sysctl.toString(), "--format", "json");
            assertEquals(0, snap.code(), snap.err());
            JsonNode a = MAPPER.readTree(live.out());
            JsonNode b = MAPPER.readTree(snap.out());
            for (Sockets.Opened o : mine) {
                Set<String> fromLive = verdicts(a, o);
                assertFalse(fromLive.isEmpty(), o + " has findings live (it listens in the ephemeral range)");
                assertEquals(fromLive, verdicts(b, o), o + ": the snapshot's verdicts are the live host's");
            }
            assertEquals(a.get("host").get("settings"), b.get("host").get("settings"));
            for (JsonNode c : b.get("coverage")) {
                assertFalse(c.get("kind").asText().equals("kernel-settings-assumed"), c.toString());
            }

            JarRunner.Result assumed = JarRunner.run(List.of(), "scan", "--from", ss.toString(), "--format", "json");
            assertEquals(0, assumed.code(), assumed.err());
            boolean said = false;
            for (JsonNode c : MAPPER.readTree(assumed.out()).get("coverage")) {
                said |= c.get("kind").asText().equals("kernel-settings-assumed");
            }
            assertTrue(said, "without the settings the report says they were assumed: " + assumed.out());
        }
    }
}
