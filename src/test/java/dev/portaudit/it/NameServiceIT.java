package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user only the name service knows, as with LDAP or SSSD: Debian's libnss-extrausers serves a
 * passwd file of the test's own, switched on by an nsswitch.conf bind-mounted over the host's in a
 * private mount namespace (unshare -m), so the host's own configuration is never touched. A process
 * of that user listens on loopback; the scan must name it, and a scan outside the namespace must not.
 */
class NameServiceIT {

    private static final Path EXTRAUSERS = Path.of("/var/lib/extrausers");

    @TempDir
    Path dir;

    /** A uid the host itself cannot name, so only the test's directory can. */
    private static long freeUid() throws Exception {
        String passwd = Files.readString(Path.of("/etc/passwd"));
        for (long uid = 42420; uid < 42520; uid++) {
            if (!passwd.contains(":" + uid + ":") && JarRunner.exec(new ProcessBuilder("getent", "passwd",
                    Long.toString(uid)), 10).code() == 2) {
                return uid;
            }
        }
        throw new AssertionError("no free uid in 42420-42519");
    }

    @Test
    void aDirectoryUserIsNamedThroughNss() throws Exception {
        assertTrue(Files.isRegularFile(Path.of("/usr/lib/libnss_extrausers.so.2"))
                || Files.isRegularFile(Path.of("/usr/lib/x86_64-linux-gnu/libnss_extrausers.so.2")),
                "libnss-extrausers is installed by .ci/run");
        long uid = freeUid();
        Path users = Files.createDirectories(dir.resolve("extrausers"));
        Files.writeString(users.resolve("passwd"), "dir-alice:x:" + uid + ":" + uid
                + ":Directory Alice:/nonexistent:/usr/sbin/nologin\n");
        Files.writeString(users.resolve("group"), "");
        Files.writeString(users.resolve("shadow"), "");
        Path nsswitch = dir.resolve("nsswitch.conf");
        Files.writeString(nsswitch, "passwd: files extrausers\ngroup: files extrausers\nshadow: files\n"
                + "hosts: files\n");
        boolean created = !Files.isDirectory(EXTRAUSERS);
        if (created) {
            Files.createDirectories(EXTRAUSERS); // a mount point; the bind mount covers it in the namespace only
        }
        Process listener = new ProcessBuilder("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "/usr/bin/python3", "-c", "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen()\n"
                        + "print(s.getsockname()[1],flush=True)\ntime.sleep(120)")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            int port = Integer.parseInt(new BufferedReader(new InputStreamReader(listener.getInputStream(),
                    StandardCharsets.UTF_8)).readLine().strip());
            List<String> inNamespace = List.of("unshare", "-m", "--", "sh", "-c",
                    "mount --bind \"$0\" /etc/nsswitch.conf && mount --bind \"$1\" " + EXTRAUSERS + " && shift && "
                            + "exec \"$@\"", nsswitch.toString(), users.toString());
            assertEquals("dir-alice", owner(JarRunner.run(inNamespace, "scan", "--format", "json"), port)
                    .get("user").asText(), "named by the directory");
            JsonNode outside = owner(JarRunner.run(List.of(), "scan", "--format", "json"), port);
            assertEquals(Long.toString(uid), outside.get("user").asText(), "the host's NSS does not know the user: "
                    + "its number, as before");
            assertEquals(uid, outside.get("uid").asLong());
        } finally {
            listener.destroyForcibly();
            listener.waitFor(10, TimeUnit.SECONDS);
            if (created) {
                Files.deleteIfExists(EXTRAUSERS);
            }
        }
    }

    private static JsonNode owner(JarRunner.Result scan, int port) throws Exception {
        assertNotEquals(2, scan.code(), scan.err());
        for (JsonNode l : new ObjectMapper().readTree(scan.out()).get("listeners")) {
            if (l.get("port").asInt() == port && l.get("address").asText().equals("127.0.0.1")) {
                assertEquals(1, l.get("owners").size(), l.toString());
                return l.get("owners").get(0);
            }
        }
        throw new AssertionError("port " + port + " not in the scan: " + scan.out());
    }
}
