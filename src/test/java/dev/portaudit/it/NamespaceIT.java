package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Network namespaces made with unshare, with listeners inside, audited from the host. */
class NamespaceIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void canMakeNamespaces() throws Exception {
        Process p = new ProcessBuilder("unshare", "--net", "true").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0,
                "creating a network namespace (unshare --net) is not permitted here; run as root");
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A process in a new network namespace with loopback up, its own ephemeral range, a TCP
     * listener on 127.0.0.1 and a UDP one on every interface; it prints its pid when ready and lives
     * at most a minute.
     */
    private long namespace(int tcpPort, int udpPort, String ephemeral) throws Exception {
        String perl = "use IO::Socket::INET; $|=1;"
                + "my $t = IO::Socket::INET->new(LocalAddr=>'127.0.0.1', LocalPort=>" + tcpPort
                + ", Listen=>5, Proto=>'tcp') or die \"tcp: $!\";"
                + "my $u = IO::Socket::INET->new(LocalAddr=>'0.0.0.0', LocalPort=>" + udpPort
                + ", Proto=>'udp') or die \"udp: $!\"; print \"$$\\n\"; sleep 60;";
        Process p = new ProcessBuilder("unshare", "--net", "sh", "-c", "ip link set lo up && "
                + "echo '" + ephemeral + "' > /proc/sys/net/ipv4/ip_local_port_range && exec perl -e \"$0\"", perl)
                .redirectErrorStream(true).start();
        started.add(p);
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = in.readLine();
        assertTrue(line != null && line.matches("\\d+"), "the namespace process did not start: " + line);
        return Long.parseLong(line);
    }

    private static JsonNode scan(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("scan", "--format", "json"));
        all.addAll(List.of(args));
        JarRunner.Result r = JarRunner.run(List.of(), all.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        return MAPPER.readTree(r.out());
    }

    private static Set<String> endpoints(JsonNode report, long ownerPid) {
        Set<String> out = new HashSet<>();
        for (JsonNode l : report.get("listeners")) {
            if (l.get("pid").asLong() == ownerPid) {
                out.add(l.get("protocol").asText() + " " + l.get("address").asText() + ":" + l.get("port").asInt());
            }
        }
        return out;
    }

    @Test
    void targetPidSeesExactlyTheNamespacesListenersAndTheHostScanDoesNot() throws Exception {
        long pid = namespace(47321, 47322, "40000\t41000");
        JsonNode inside = scan("--target-pid", Long.toString(pid));
        assertEquals(2, inside.get("listeners").size(), inside.get("listeners").toString());
        assertEquals(Set.of("tcp 127.0.0.1:47321", "udp 0.0.0.0:47322"), endpoints(inside, pid));
        JsonNode ns = inside.get("host").get("namespace");
        assertTrue(ns.get("id").asText().matches("net:\\[\\d+]"), ns.toString());
        JsonNode range = inside.get("host").get("settings").get("ephemeralPortRange");
        assertEquals(40000, range.get("first").asInt(), "the namespace's own port settings");
        assertEquals(41000, range.get("last").asInt());
        for (JsonNode l : inside.get("listeners")) {
            assertEquals(ns.get("id"), l.get("namespace").get("id"));
            assertEquals("perl", l.get("process").asText());
        }
        JsonNode host = scan();
        assertEquals(Set.of(), endpoints(host, pid), "the host scan does not see the namespace's sockets");
    }

    @Test
    void allNamespacesLabelsEveryListener() throws Exception {
        long a = namespace(47331, 47332, "32768\t60999");
        long b = namespace(47341, 47342, "32768\t60999");
        JsonNode all = scan("--all-namespaces");
        assertEquals(Set.of("tcp 127.0.0.1:47331", "udp 0.0.0.0:47332"), endpoints(all, a));
        assertEquals(Set.of("tcp 127.0.0.1:47341", "udp 0.0.0.0:47342"), endpoints(all, b));
        Set<String> namespaces = new HashSet<>();
        for (JsonNode l : all.get("listeners")) {
            long owner = l.get("pid").asLong();
            if (owner == a || owner == b) {
                namespaces.add(owner + "=" + l.get("namespace").get("id").asText());
            }
        }
        assertEquals(2, namespaces.stream().map(s -> s.substring(s.indexOf('=') + 1)).distinct().count(),
                "two distinct namespaces: " + namespaces);
        assertTrue(all.get("host").get("namespace").isNull(), "the host's own facts stay the host's");
    }
}
