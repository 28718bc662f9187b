package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.Container;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotParsersTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    private static String fixture(String name) throws Exception {
        return Files.readString(FIXTURES.resolve(name));
    }

    private static Listener find(Snapshot s, String endpoint) {
        return s.listeners().stream().filter(l -> l.endpoint().equals(endpoint)).findFirst()
                .orElseThrow(() -> new AssertionError(endpoint + " not in " + s.listeners()));
    }

    @Test
    void extendedSsSnapshot() throws Exception {
        Snapshot s = SsSnapshotParser.parse(fixture("ss/debian-tulpnHe.txt"), "web-1");
        assertEquals("ss -tulpnHe", s.host().source());
        assertEquals("web-1", s.host().hostname());
        assertEquals(8, s.listeners().size(), s.listeners().toString());
        Listener dns = find(s, "udp 127.0.0.53:53");
        assertEquals("systemd-resolve", dns.owners().get(0).name());
        assertEquals(991, dns.socketUid().getAsLong(), "uid: is the socket's");
        assertTrue(dns.owners().get(0).uid().isEmpty(), "ss does not say who the holder runs as");
        Listener mdns = find(s, "udp [::]:5353");
        assertTrue(mdns.dualStack(), "'*' is an IPv6 wildcard that takes IPv4 too");
        assertFalse(find(s, "tcp [::]:22").dualStack(), "v6only:1");
        assertEquals(0, find(s, "tcp 0.0.0.0:22").socketUid().getAsLong(), "-e prints no uid for root");
        assertEquals(List.of(1000, 1001, 1002), find(s, "tcp 0.0.0.0:80").owners().stream()
                .map(ProcessOwner::pid).toList(), "every process holding a shared socket");
        assertEquals("php-fpm8.2", find(s, "tcp 127.0.0.1:9000").owners().get(0).name(), "IPv4-mapped address");
        assertFalse(find(s, "tcp 127.0.0.1:6379").ownerKnown());
        Listener odd = find(s, "tcp [fe80::1%eth0]:8080");
        assertEquals(Optional.of("eth0"), odd.zone(), "ss names the interface of a link-local socket");
        assertEquals("my app \\\"v2\\\" (beta), x", odd.owners().get(0).name());
        assertEquals(4300, odd.owners().get(0).pid());
        assertTrue(s.listeners().stream().noneMatch(l -> l.port() == 41234 || l.port() == 51515),
                "connected sockets are not listeners");
        assertEquals("owner-unknown", s.coverage().get(0).kind());
        assertEquals("socket-unparsable", s.coverage().get(1).kind());
        assertEquals(2, s.coverage().get(1).count(), "the garbage line and the port out of range");
        assertFalse(s.host().elevated());
    }

    @Test
    void plainSsSnapshotWithHeader() throws Exception {
        Snapshot s = SsSnapshotParser.parse(fixture("ss/plain-tulpnH.txt"), "db-1");
        assertEquals("ss -tulpnH", s.host().source());
        assertEquals(4, s.listeners().size());
        assertTrue(find(s, "tcp 0.0.0.0:22").socketUid().isEmpty(), "no -e, no uid");
        assertFalse(find(s, "tcp [::]:22").dualStack(), "without -e nothing says dual-stack");
    }

    @Test
    void snapshotFilesAreToldApartAndCheckedAsInput(@TempDir Path tmp) throws Exception {
        Path garbage = Files.writeString(tmp.resolve("x.txt"), "<html>not a snapshot</html>");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SnapshotFiles.read(garbage, "x"));
        assertTrue(e.getMessage().contains("neither a portaudit JSON report nor the output of 'ss -tulpnH'"));
        Path badJson = Files.writeString(tmp.resolve("r.json"), "{\"schemaVersion\": \"1.0\", \"listeners\": [{\"protocol\":"
                + "\"tcp\", \"address\": \"0.0.0.0\", \"port\": 70000}]}");
        InvalidInputException j = assertThrows(InvalidInputException.class, () -> SnapshotFiles.read(badJson, "x"));
        assertTrue(j.getMessage().contains("$.listeners[0]: port 70000 is not 1-65535"), j.getMessage());
        Path notJson = Files.writeString(tmp.resolve("n.json"), "{ broken");
        assertTrue(assertThrows(InvalidInputException.class, () -> SnapshotFiles.read(notJson, "x")).getMessage()
                .contains("not valid JSON at line 1"));
        assertThrows(InvalidInputException.class, () -> SnapshotFiles.read(tmp.resolve("missing"), "x"));
        assertEquals(0, SnapshotFiles.read(Files.writeString(tmp.resolve("empty.ss"), ""), "x").listeners().size());
    }

    @Test
    void containersFromCgroupPaths() throws Exception {
        String id = "3f2a9c1b7d104e0c9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f";
        assertEquals(Optional.of(new Container("docker", id, Optional.empty())),
                ContainerParser.parse(fixture("cgroup/docker-v2.txt")));
        assertEquals(Optional.of(new Container("docker", id, Optional.empty())),
                ContainerParser.parse(fixture("cgroup/docker-v1.txt")));
        Container k8s = ContainerParser.parse(fixture("cgroup/kubernetes-containerd.txt")).orElseThrow();
        assertEquals("containerd", k8s.runtime());
        assertEquals(Optional.of("0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"), k8s.pod());
        assertEquals("containerd:aa11bb22cc33", k8s.label());
        assertEquals("cri-o", ContainerParser.parse(fixture("cgroup/kubernetes-crio.txt")).orElseThrow().runtime());
        assertEquals("podman", ContainerParser.parse(fixture("cgroup/podman.txt")).orElseThrow().runtime());
        assertEquals(Optional.empty(), ContainerParser.parse(fixture("cgroup/host.txt")));
    }

    /** Pods and the cgroup v1 and cgroupfs-driver layouts. */
    @Test
    void podsFromCgroupPaths() throws Exception {
        String podmanPod = "72601ccf7e0dd7d7a3e51ddc94114c0f6df8f6d2fe29cffabf445a8e77d8052a";
        String inPod = "22d487da13e8844a84eda9d43266fe993acb286b026da2a4dc7dd268d2115810";
        for (String f : List.of("cgroup/podman-pod-v1.txt", "cgroup/podman-pod-v2.txt")) {
            assertEquals(Optional.of(new Container("podman", inPod, Optional.of(podmanPod))),
                    ContainerParser.parse(fixture(f)), f + ": the container inside the pod, not the pod");
        }
        Container v1 = ContainerParser.parse(fixture("cgroup/kubernetes-v1.txt")).orElseThrow();
        assertEquals("kubernetes", v1.runtime());
        assertEquals(Optional.of("0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"), v1.pod());
        assertEquals("dd11bb22cc33", v1.shortId());
        Container cgroupfs = ContainerParser.parse(fixture("cgroup/containerd-cgroupfs.txt")).orElseThrow();
        assertEquals("containerd", cgroupfs.runtime());
        assertEquals(Optional.of("0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"), cgroupfs.pod());
        assertEquals("ee11bb22cc33", cgroupfs.shortId());
    }
}
