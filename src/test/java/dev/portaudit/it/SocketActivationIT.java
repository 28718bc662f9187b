package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real systemd-socket-activate (Debian's systemd package) holds a listener on loopback the way
 * the service manager does; the scan attributes it to the socket unit in a test search path
 * ($SYSTEMD_UNIT_PATH, as systemd reads it) and to the service that unit starts. A real
 * {@code systemd --user} (in its own mount namespace, where a tmpfs /run says the host booted with
 * systemd) holds another, and the scan takes that manager's loaded units over the files on disk.
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

    @Test
    void aRunningManagersOwnAccountBeatsTheFiles() throws Exception {
        Path manager = Path.of("/usr/lib/systemd/systemd");
        assertTrue(Files.isExecutable(manager), "needs systemd (Debian: systemd, which .ci/run installs)");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path runtime = Files.createDirectory(units.resolve("runtime"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        Path unitDir = Files.createDirectory(units.resolve("user-units"));
        Path socket = unitDir.resolve("pa-user.socket");
        // a port alone: [::]:PORT, which BindIPv6Only=both makes take IPv4 too
        Files.writeString(socket, "[Socket]\nListenStream=" + port + "\nBindIPv6Only=both\n"
                + "Service=pa-user-handler.service\n");
        Files.writeString(unitDir.resolve("pa-user-handler.service"), "[Service]\nExecStart=/bin/cat\n");
        ProcessBuilder pb = new ProcessBuilder("unshare", "-m", "sh", "-c",
                "mount -t tmpfs none /run && mkdir -p /run/systemd/system && exec " + manager + " --user")
                .redirectErrorStream(true).redirectOutput(units.resolve("manager.log").toFile());
        pb.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        pb.environment().put("SYSTEMD_UNIT_PATH", unitDir + ":");
        Process instance = pb.start();
        try {
            boolean started = false;
            for (int i = 0; i < 50 && !started; i++) { // bounded: at most 10 s for the manager to answer
                ProcessBuilder start = new ProcessBuilder("systemctl", "--user", "start", "pa-user.socket");
                start.environment().put("XDG_RUNTIME_DIR", runtime.toString());
                started = JarRunner.exec(start, 10).code() == 0;
                if (!started) {
                    Thread.sleep(200);
                }
            }
            assertTrue(started, "systemd --user did not start the socket: " + Files.readString(units.resolve("manager.log")));
            // edited on disk without a reload: the files now say otherwise than the manager running them
            Files.writeString(socket, "[Socket]\nListenStream=" + port + "\nService=pa-stale.service\n");
            JarRunner.Result r = JarRunner.run(List.of("env", "SYSTEMD_UNIT_PATH=" + unitDir + ":"), "scan", "--format",
                    "json");
            assertTrue(r.code() == 0 || r.code() == 1, r.err());
            JsonNode l = ScanJarIT.listener(new ObjectMapper().readTree(r.out()), "tcp", "::", port);
            assertEquals(instance.pid(), l.get("pid").asLong(), "held by the user's manager itself");
            assertEquals("{\"socketUnit\":\"pa-user.socket\",\"service\":\"pa-user-handler.service\"}",
                    l.get("activation").toString(), "the loaded unit, not the edited file");
            assertEquals(false, l.get("ipv6Only").asBoolean(true), "BindIPv6Only=both, as the manager bound it");
            assertTrue(l.get("dualStack").asBoolean(), l.toString());
        } finally {
            instance.destroy();
            if (!instance.waitFor(10, TimeUnit.SECONDS)) {
                instance.destroyForcibly();
                instance.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
