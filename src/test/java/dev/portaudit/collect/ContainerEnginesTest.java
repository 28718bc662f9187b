package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portaudit.model.Container;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Names and images from each engine's state on disk, as fixtures copied in their real shapes. */
class ContainerEnginesTest {

    private static final Path F = Path.of("src/test/resources/fixtures/engines");
    private static final ContainerEngines ENGINES = new ContainerEngines(List.of(F.resolve("storage")),
            F.resolve("docker"), F.resolve("pods"));
    private static final String POD = "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";

    @Test
    void podmanFromContainersStorage() {
        Container c = ENGINES.describe(new Container("podman", "cc11bb22cc33dd44ee55ff66aa77bb88cc99dd00ee11ff22aa33bb44"
                + "cc55dd66", Optional.empty()));
        assertEquals(Optional.of("web1"), c.name());
        assertEquals(Optional.of("docker.io/library/nginx:1.27"), c.image());
        assertEquals("podman:web1", c.label());
    }

    @Test
    void criOAndKubernetesPods() {
        Container c = ENGINES.describe(new Container("cri-o", "bb11bb22cc33dd44ee55ff66aa77bb88cc99dd00ee11ff22aa33bb44"
                + "cc55dd66", Optional.of(POD)));
        assertEquals(Optional.of("registry.example.com/shop/cart:2.4.1"), c.image());
        assertEquals(Optional.of("cart-7d9f8b6c5-x2k4q"), c.podName(), "CRI-O's own metadata names the pod");
        Container containerd = ENGINES.describe(new Container("containerd", "aa11bb22cc33dd44ee55ff66aa77bb88cc99dd00ee11"
                + "ff22aa33bb44cc55dd66", Optional.of(POD)));
        assertEquals(Optional.of("shop/cart-7d9f8b6c5-x2k4q"), containerd.podName(), "the kubelet's pod log directory");
        assertEquals(Optional.empty(), containerd.name(), "containerd's own state is not read: the id stays");
        assertEquals("containerd:aa11bb22cc33", containerd.label());
    }

    @Test
    void dockerFromItsConfig() {
        Container c = ENGINES.describe(new Container("docker", "3f2a9c1b7d104e0c9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b"
                + "9c8d7e6f", Optional.empty()));
        assertEquals(Optional.of("redis-cache"), c.name(), "without Docker's leading slash");
        assertEquals(Optional.of("redis:7.4-alpine"), c.image());
    }

    @Test
    void unknownContainersKeepTheirIdAndNothingIsInvented() {
        Container unknown = new Container("docker", "9".repeat(64), Optional.empty());
        assertEquals(unknown, ENGINES.describe(unknown));
        assertEquals(unknown, ContainerEngines.none().describe(unknown));
        assertEquals("docker:999999999999", unknown.label());
    }

    @Test
    void theGraphRootComesFromStorageConf() {
        assertEquals(Optional.of(Path.of("/srv/containers/storage")), ContainerEngines.graphRoot(F.resolve(
                "storage.conf")), "the setting, not the commented-out line");
        assertEquals(Optional.empty(), ContainerEngines.graphRoot(F.resolve("missing.conf")));
    }
}
