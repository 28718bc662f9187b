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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Scans while a host churns: hundreds of processes a second start, bind listeners, rename
 * themselves after their ports and exit (src/bench/churn.pl). Every scan must finish without an
 * error, list each listener once, and name only processes that really hold the socket.
 */
class ChurnIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void scansOfAChurningHostAreCleanUniqueAndAttributedCorrectly() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "the fixture needs perl");
        assumeTrue("root".equals(System.getProperty("user.name")), "attribution of every churn process needs root");
        JsonNode before = scan();
        Set<String> listedBefore = new HashSet<>();
        before.get("listeners").forEach(l -> listedBefore.add(identity(l)));

        String tag = "T" + ProcessHandle.current().pid(); // another churn fixture may run on the host too
        Process churn = new ProcessBuilder("perl", "src/bench/churn.pl", "300", "40", tag).redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(churn.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertTrue(ready != null && ready.startsWith("ready "), "fixture did not start: " + ready);
            int selfPid = Integer.parseInt(ready.split(" ")[2]);
            Thread.sleep(1500);
            int churnListenersSeen = 0;
            for (int i = 0; i < 8; i++) {
                JsonNode report = scan();
                Set<String> seen = new HashSet<>();
                for (JsonNode l : report.get("listeners")) {
                    String id = identity(l);
                    assertTrue(seen.add(id), "listed twice: " + id);
                    List<Integer> pids = new ArrayList<>();
                    for (JsonNode o : l.get("owners")) {
                        String command = o.get("command").asText();
                        int pid = o.get("pid").asInt();
                        assertFalse(pids.contains(pid), "owner listed twice on " + id);
                        pids.add(pid);
                        if (command.startsWith("churn" + tag + " ")) {
                            churnListenersSeen++;
                            List<String> ports = List.of(command.substring(tag.length() + 6).split(" "));
                            assertTrue(ports.contains(l.get("port").asText()), id + " attributed to pid " + pid
                                    + " whose sockets are " + ports);
                        } else if (command.equals("churn" + tag + "-self")) {
                            assertEquals(selfPid, pid, id + " attributed to the wrong churn-self");
                        }
                    }
                    if (l.get("owners").isEmpty()) {
                        assertTrue(listedBefore.contains(id), "a socket of the churn reported without owner: "
                                + id + " " + report.get("coverage"));
                    }
                }
                for (JsonNode c : report.get("coverage")) {
                    assertFalse(c.get("kind").asText().equals("process-vanished"), c.toString());
                }
            }
            assertTrue(churnListenersSeen > 100, "the churn was seen: " + churnListenersSeen + " owned listeners");
        } finally {
            churn.destroy(); // SIGTERM: the fixture takes its whole process group with it
            if (!churn.waitFor(10, TimeUnit.SECONDS)) {
                churn.destroyForcibly();
            }
        }
    }

    private static String identity(JsonNode l) {
        return l.get("protocol").asText() + " " + l.get("address").asText() + " " + l.get("port").asText();
    }

    private static JsonNode scan() throws Exception {
        JarRunner.Result r = JarRunner.run(List.of(), "scan", "--format", "json");
        assertTrue(r.code() == 0 || r.code() == 1, "exit " + r.code() + ": " + r.err());
        assertTrue(r.err().lines().allMatch(l -> l.startsWith("portaudit: ")), "only the summary on stderr: " + r.err());
        return JSON.readTree(r.out());
    }
}
