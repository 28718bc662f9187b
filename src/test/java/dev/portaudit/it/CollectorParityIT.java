package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collectors agree: sock_diag netlink read through the Foreign Function and Memory API on a
 * Java 22+ runtime of this machine, netlink through JNA and procfs on the Java 17 the tests run on
 * (and OSHI) see the same listeners with the same holders, users and IPV6_V6ONLY flags, and the flags are the
 * ones {@code ss -e} reports. Under a seccomp filter that refuses netlink (as a container profile
 * or a hardened unit does) the collector falls back to procfs and says why.
 */
class CollectorParityIT {

    @TempDir
    static Path work;
    private static Process sockets;
    private static Map<String, Integer> ports;

    /** Python holds the sockets: it can set IPV6_V6ONLY either way, which Java's socket API cannot. */
    private static final String HOLDER = """
            import socket, sys
            def tcp(family, addr, v6only=None):
                s = socket.socket(family, socket.SOCK_STREAM)
                if v6only is not None:
                    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
                s.bind((addr, 0)); s.listen(); return s
            def udp(family, addr, v6only=None):
                s = socket.socket(family, socket.SOCK_DGRAM)
                if v6only is not None:
                    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
                s.bind((addr, 0)); return s
            held = {"v6only": tcp(socket.AF_INET6, "::", 1), "dual": tcp(socket.AF_INET6, "::", 0),
                    "v4": tcp(socket.AF_INET, "127.0.0.1"), "udp6only": udp(socket.AF_INET6, "::", 1),
                    "udpdual": udp(socket.AF_INET6, "::", 0), "udp4": udp(socket.AF_INET, "127.0.0.1")}
            client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            client.connect(("127.0.0.1", held["udp4"].getsockname()[1]))
            held["connected"] = client
            for name, s in held.items():
                print(name, s.getsockname()[1], flush=True)
            print("ready", flush=True)
            sys.stdin.read()
            """;

    @BeforeAll
    static void holdSockets() throws Exception {
        sockets = new ProcessBuilder("python3", "-c", HOLDER).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ports = new HashMap<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(sockets.getInputStream(), StandardCharsets.UTF_8));
        for (String line = r.readLine(); line != null && !line.equals("ready"); line = r.readLine()) {
            String[] f = line.split(" ");
            ports.put(f[0], Integer.parseInt(f[1]));
        }
        assertEquals(7, ports.size(), "the holder opened its sockets");
    }

    @AfterAll
    static void release() throws Exception {
        sockets.getOutputStream().close();
        if (!sockets.waitFor(10, TimeUnit.SECONDS)) {
            sockets.destroyForcibly();
        }
    }

    /** A Java 22 or newer installed beside the default one (this machine kind has Temurin 25). */
    static Path modernJava() throws IOException {
        try (DirectoryStream<Path> jvms = Files.newDirectoryStream(Path.of("/usr/lib/jvm"))) {
            for (Path home : jvms) {
                Path release = home.resolve("release");
                if (Files.isSymbolicLink(home) || !Files.isReadable(release)) {
                    continue;
                }
                Matcher m = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
                if (m.find() && Integer.parseInt(m.group(1)) >= 22 && Files.isExecutable(home.resolve("bin/java"))) {
                    return home.resolve("bin/java");
                }
            }
        }
        throw new AssertionError("no Java 22 or newer under /usr/lib/jvm: the FFM path cannot be tested");
    }

    private static JsonNode scan(List<String> prefix, Path java, String collector, String... jvmOptions)
            throws Exception {
        Path report = Files.createTempFile(work, "report", ".json");
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(java.toString());
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-jar", JarRunner.JAR.toString(), "scan", "--collector", collector, "--no-reachability",
                "-o", "json=" + report));
        JarRunner.Result r = JarRunner.exec(new ProcessBuilder(cmd), 120);
        assertTrue(r.code() == 0 || r.code() == 1, r.err());
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        ((ObjectNode) json.get("host")).put("stdout", r.out()); // for the implementation check below
        return json;
    }

    /** The test's own listeners (held by its holder), by name: protocol, address, holders, user, flags. */
    private static Map<String, String> mine(JsonNode report) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode l : report.get("listeners")) {
            if (l.get("pid").asLong() != sockets.pid()) {
                continue; // another process of this busy host listens on the same port number
            }
            for (Map.Entry<String, Integer> p : ports.entrySet()) {
                if (l.get("port").asInt() == p.getValue()) {
                    List<String> pids = new ArrayList<>();
                    l.get("owners").forEach(o -> pids.add(o.get("pid").asText()));
                    out.put(p.getKey() + " " + l.get("protocol").asText(), l.get("address").asText() + " pids "
                            + pids + " user " + l.get("user").asText() + " ipv6Only " + l.get("ipv6Only")
                            + " dualStack " + l.get("dualStack"));
                }
            }
        }
        return out;
    }

    @Test
    void netlinkThroughFfmJnaAndProcfsSeeTheSame() throws Exception {
        Path modern = modernJava();
        Path java17 = Path.of(System.getProperty("java.home"), "bin", "java");
        JsonNode ffm = scan(List.of(), modern, "netlink", "-Xlog:class+load=info");
        JsonNode jna = scan(List.of(), java17, "netlink");
        JsonNode procfs = scan(List.of(), java17, "procfs");
        JsonNode oshi = scan(List.of(), java17, "oshi");
        assertEquals("netlink", ffm.get("host").get("collector").asText());
        assertTrue(ffm.get("host").get("stdout").asText().contains("dev.portaudit.collect.NetlinkChannel$Calls"),
                "Java 22+ loads the FFM channel from META-INF/versions/22 of the multi-release jar");
        assertEquals("netlink", jna.get("host").get("collector").asText());
        assertEquals("procfs", procfs.get("host").get("collector").asText());
        Map<String, String> expected = mine(procfs);
        assertEquals(6, expected.size(), "six listeners; the connected UDP socket is a client's: " + expected);
        assertFalse(expected.containsKey("connected udp"));
        assertEquals(expected, mine(ffm), "FFM netlink against procfs");
        assertEquals(expected, mine(jna), "JNA netlink against procfs");
        assertEquals(expected, mine(oshi), "OSHI (which reads /proc/net on Linux) against procfs: the same flags too");
        assertTrue(expected.get("v6only tcp").contains("ipv6Only true dualStack false"), expected.toString());
        assertTrue(expected.get("dual tcp").contains("ipv6Only false dualStack true"), expected.toString());
        // on a host that is not quiet others listen too: every listener both saw is described alike
        Map<String, JsonNode> procfsAll = new HashMap<>();
        procfs.get("listeners").forEach(l -> procfsAll.put(key(l), l));
        int compared = 0;
        for (JsonNode l : ffm.get("listeners")) {
            JsonNode twin = procfsAll.get(key(l));
            if (twin != null && twin.get("pid").equals(l.get("pid"))) {
                assertEquals(twin.get("ipv6Only"), l.get("ipv6Only"), key(l));
                assertEquals(twin.get("user"), l.get("user"), key(l));
                compared++;
            }
        }
        assertTrue(compared >= 6, "compared " + compared);
    }

    private static String key(JsonNode l) {
        return l.get("protocol").asText() + " " + l.get("address").asText() + " " + l.get("port").asInt();
    }

    @Test
    void eachSocketsFlagIsTheOneSsReports() throws Exception {
        JsonNode ffm = scan(List.of(), modernJava(), "netlink");
        for (String name : List.of("v6only", "dual", "udp6only", "udpdual")) {
            int port = ports.get(name);
            String proto = name.startsWith("udp") ? "-ulnHe" : "-tlnHe";
            JarRunner.Result ss = JarRunner.exec(new ProcessBuilder("ss", proto, "sport = :" + port), 10);
            Matcher m = Pattern.compile("v6only:(\\d)").matcher(ss.out());
            assertTrue(m.find(), "ss -e prints the flag: " + ss.out());
            JsonNode l = ScanJarIT.listener(ffm, name.startsWith("udp") ? "udp" : "tcp", "::", port);
            assertEquals(m.group(1).equals("1"), l.get("ipv6Only").asBoolean(), name + ": " + ss.out());
        }
    }

    @Test
    void refusedNetlinkFallsBackToProcfsAndSaysWhy() throws Exception {
        Path source = Path.of("src/test/resources/seccomp/deny-netlink.c").toAbsolutePath();
        Path wrapper = work.resolve("deny-netlink");
        JarRunner.Result cc = JarRunner.exec(new ProcessBuilder("gcc", "-O2", "-o", wrapper.toString(),
                source.toString()), 60);
        assertEquals(0, cc.code(), "gcc (which .ci/run installs): " + cc.err());
        JsonNode refused = scan(List.of(wrapper.toString()), modernJava(), "netlink");
        String how = refused.get("host").get("collector").asText();
        assertTrue(how.startsWith("procfs (netlink: socket(AF_NETLINK, NETLINK_SOCK_DIAG): operation not permitted"),
                how);
        assertTrue(how.contains("EPERM"), how);
        Map<String, String> seen = mine(refused);
        assertEquals(6, seen.size(), "every listener still found, by procfs: " + seen);
        assertTrue(seen.get("v6only tcp").contains("ipv6Only null"),
                "the flag could not be asked: unknown, not guessed: " + seen);
        assertTrue(how.contains("refused it"), "a refusal, not an absent kernel feature: " + how);
    }
}
