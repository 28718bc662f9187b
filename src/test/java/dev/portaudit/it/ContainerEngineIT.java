package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * portaudit against a real container engine (podman with runc, see {@link Podman}): a container of
 * a non-root web server with its own lowered ip_unprivileged_port_start and ephemeral range, a
 * sidecar sharing its network namespace, a pod, a container under a user-namespace mapping, and one
 * on the host's network. Each listener must be labelled with the container that holds it, by name
 * and image, its user named as the container names it, and judged by its own namespace's settings.
 */
class ContainerEngineIT {

    private static Podman podman;
    private static int hostPort;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        podman = new Podman();
        try (ServerSocket free = new ServerSocket(0)) {
            hostPort = free.getLocalPort();
        }
        String image = Podman.IMAGE;
        // a web server as uid 1000 on port 80, allowed by its namespace's own setting, and a second one
        // inside that namespace's own ephemeral range
        podman.ok("run", "-d", "--name", "web", "--network", "none", "--user", "1000",
                "--sysctl", "net.ipv4.ip_unprivileged_port_start=0",
                "--sysctl", "net.ipv4.ip_local_port_range=20000 20999",
                image, "sh", "-c", "httpd -p 80 && exec httpd -f -p 20500");
        podman.ok("run", "-d", "--name", "sidecar", "--network", "container:web", image, "httpd", "-f", "-p", "7070");
        podman.ok("pod", "create", "--name", "shop", "--network", "none", "--infra-image", image,
                "--infra-command", "/pause");
        podman.ok("run", "-d", "--name", "cart", "--pod", "shop", image, "httpd", "-f", "-p", "9090");
        podman.ok("run", "-d", "--name", "mapped", "--network", "none", "--uidmap", "0:200000:65536", "--gidmap",
                "0:200000:65536", image, "httpd", "-f", "-p", "8080");
        podman.ok("run", "-d", "--name", "hostnet", "--network", "host", image, "httpd", "-f", "-p",
                "127.0.0.1:" + hostPort);
    }

    /** Runs even when start() failed part-way: whatever was made is removed. */
    @AfterAll
    static void stop() throws Exception {
        if (podman != null) {
            podman.close();
        }
    }

    private static JsonNode scan(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", JarRunner.JAR.toString(), "scan", "--format",
                "json"));
        cmd.addAll(List.of(args));
        JarRunner.Result r = podman.exec(cmd);
        assertTrue(r.code() == 0 || r.code() == 1, r.err());
        return JSON.readTree(r.out());
    }

    private static String java() {
        return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Our containers' listeners, by container name: the ports each holds. */
    private static Map<String, Set<Integer>> byContainer(JsonNode report) {
        Map<String, Set<Integer>> ports = new TreeMap<>();
        for (JsonNode l : report.get("listeners")) {
            JsonNode c = l.get("container");
            if (c.isObject() && c.get("image").asText("").equals(Podman.IMAGE)) {
                ports.computeIfAbsent(c.get("name").asText(), k -> new TreeSet<>()).add(l.get("port").asInt());
            }
        }
        return ports;
    }

    private static JsonNode listener(JsonNode report, String container, int port) {
        for (JsonNode l : report.get("listeners")) {
            if (l.get("port").asInt() == port && l.get("container").isObject()
                    && l.get("container").get("name").asText().equals(container)) {
                return l;
            }
        }
        throw new AssertionError(container + " port " + port + " not in the report");
    }

    private static List<JsonNode> findings(JsonNode report, String container, int port) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode l = listener(report, container, port);
        for (JsonNode f : report.get("findings")) {
            if (f.get("port").asInt() == port && f.get("pid").asInt() == l.get("pid").asInt()) {
                out.add(f);
            }
        }
        return out;
    }

    @Test
    void allNamespacesLabelsEachListenerWithItsOwnContainer() throws Exception {
        JsonNode r = scan("--all-namespaces");
        assertEquals(Map.of("web", Set.of(80, 20500), "sidecar", Set.of(7070), "cart", Set.of(9090), "mapped",
                Set.of(8080), "hostnet", Set.of(hostPort)), byContainer(r), "exactly each container's listeners");
        JsonNode sidecar = listener(r, "sidecar", 7070);
        assertEquals("web", sidecar.get("namespace").get("container").get("name").asText(),
                "the namespace is web's; the listener is the sidecar's");
        assertEquals("podman:sidecar", sidecar.get("container").get("label").asText());
        JsonNode cart = listener(r, "cart", 9090);
        String podId = podman.ok("pod", "inspect", "-f", "{{.Id}}", "shop");
        assertEquals(podId, cart.get("container").get("pod").asText(), "the Podman pod's id");
        assertEquals(podman.ok("inspect", "-f", "{{.Id}}", "cart"), cart.get("container").get("id").asText(),
                "the container in the pod, not the infra container holding the namespace");
        assertEquals("local-only", listener(r, "web", 80).get("reachability").get("reach").asText(),
                "a container with no network of its own: only its loopback reaches it, by its own firewall");
        JsonNode hostnet = listener(r, "hostnet", hostPort);
        assertTrue(hostnet.get("namespace").isNull(), "the host's own namespace");
        assertEquals(podman.pid("hostnet"), hostnet.get("pid").asInt());
    }

    @Test
    void usersAreTheContainers() throws Exception {
        JsonNode r = scan("--all-namespaces");
        JsonNode web = listener(r, "web", 80);
        assertEquals("www", web.get("user").asText(), "uid 1000 as the container's /etc/passwd names it");
        assertEquals(1000, web.get("uid").asInt());
        assertTrue(web.get("hostUid").isNull());
        JsonNode mapped = listener(r, "mapped", 8080);
        assertEquals("root", mapped.get("user").asText(), "the container's root");
        assertEquals(0, mapped.get("uid").asInt());
        assertEquals(200000, mapped.get("hostUid").asInt(), "host uid 200000, kept beside it");
    }

    @Test
    void eachNamespaceIsJudgedByItsOwnSettings() throws Exception {
        for (JsonNode r : List.of(scan("--all-namespaces"), scan("--target-pid", Integer.toString(podman.pid("web"))))) {
            JsonNode bind = findings(r, "web", 80).stream().filter(f -> f.get("rule").asText().equals("privileged-bind"))
                    .findFirst().orElseThrow();
            assertEquals("low", bind.get("severity").asText(), bind.toString());
            assertTrue(bind.get("message").asText().contains("ip_unprivileged_port_start is 0 in"), bind.toString());
            assertTrue(!bind.get("message").asText().contains("handed over"), "no false reason: " + bind);
            JsonNode dynamic = findings(r, "web", 20500).stream()
                    .filter(f -> f.get("rule").asText().equals("dynamic-range-listener")).findFirst().orElseThrow();
            assertTrue(dynamic.get("message").asText().contains("ephemeral range 20000-20999"), dynamic.toString());
        }
    }

    @Test
    void targetPidAuditsExactlyThatNamespace() throws Exception {
        JsonNode r = scan("--target-pid", Integer.toString(podman.pid("web")));
        assertEquals(Map.of("web", Set.of(80, 20500), "sidecar", Set.of(7070)), byContainer(r));
        assertEquals(3, r.get("listeners").size(), "nothing of the host's or the other containers'");
        assertEquals(0, r.get("host").get("settings").get("unprivilegedPortStart").asInt());
    }
}
