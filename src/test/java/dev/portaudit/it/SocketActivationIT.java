package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real systemd-socket-activate (Debian's systemd package) holds a listener on loopback the way
 * the service manager does; the scan attributes it to the socket unit in a test search path
 * ($SYSTEMD_UNIT_PATH, as systemd reads it) and to the service that unit starts.
 */
class SocketActivationIT {

    @TempDir
    Path units;

    @Test
    void aHeldSocketIsAttributedToItsUnitAndService() throws Exception {
        Path activate = Path.of("/usr/bin/systemd-socket-activate");
        assertTrue(Files.isExecutable(activate), "needs systemd-socket-activate (Debian: systemd, which .ci/run installs)");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.writeString(units.resolve("pa-echo.socket"), "[Unit]\nDescription=test\n\n[Socket]\nListenStream=127.0.0.1:"
                + port + "\nAccept=no\nService=pa-echo-handler.service\n");
        Process holder = new ProcessBuilder(activate.toString(), "-l", "127.0.0.1:" + port, "/bin/cat")
                .redirectErrorStream(true).start();
        try {
            boolean listening = false;
            for (int i = 0; i < 100 && !listening; i++) { // bounded: at most 10 s
                listening = JarRunner.exec(new ProcessBuilder("ss", "-tlnH", "sport = :" + port), 10).out().contains(
                        "127.0.0.1:" + port);
                if (!listening) {
                    Thread.sleep(100);
                }
            }
            assertTrue(listening, "systemd-socket-activate did not listen");
            JarRunner.Result r = JarRunner.run(List.of("env", "SYSTEMD_UNIT_PATH=" + units + ":"), "scan", "--format",
                    "json");
            assertTrue(r.code() == 0 || r.code() == 1, r.err());
            JsonNode l = ScanJarIT.listener(new ObjectMapper().readTree(r.out()), "tcp", "127.0.0.1", port);
            assertEquals(holder.pid(), l.get("pid").asLong());
            assertEquals("{\"socketUnit\":\"pa-echo.socket\",\"service\":\"pa-echo-handler.service\"}",
                    l.get("activation").toString());
            JarRunner.Result table = JarRunner.run(List.of("env", "SYSTEMD_UNIT_PATH=" + units + ":"), "scan",
                    "--width", "0");
            String row = " " + port + " ";
            assertTrue(table.out().lines().anyMatch(x -> x.startsWith("tcp ") && x.contains(row)
                    && x.contains("pa-echo.socket")), "the UNIT column names the socket unit: " + table.out());
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
