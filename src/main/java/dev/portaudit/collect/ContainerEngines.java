package dev.portaudit.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portaudit.model.Container;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the container engines' local state says of a container: its name and image. Read from disk,
 * never through an engine's API, so nothing is started and no socket is opened:
 * <ul>
 * <li>containers/storage (Podman, CRI-O, Buildah): {@code GRAPHROOT/*-containers/containers.json},
 *     the graph root from {@code $CONTAINERS_STORAGE_CONF} or {@code /etc/containers/storage.conf},
 *     by default {@code /var/lib/containers/storage};</li>
 * <li>Docker: {@code DATA_ROOT/containers/ID/config.v2.json}, the data root from
 *     {@code /etc/docker/daemon.json}, by default {@code /var/lib/docker};</li>
 * <li>Kubernetes: a pod's namespace and name from the kubelet's log directories,
 *     {@code /var/log/pods/NAMESPACE_NAME_UID}.</li>
 * </ul>
 * Each source is read once per scan, and only when a container is seen; what is missing or
 * unreadable leaves the id alone, which is always shown.
 */
final class ContainerEngines {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GRAPHROOT = Pattern.compile("(?m)^\\s*graphroot\\s*=\\s*\"([^\"]+)\"");

    private final List<Path> storageRoots;
    private final Path dockerRoot;
    private final Path podLogs;
    private Map<String, Described> storage;
    private Map<String, String> pods;
    private final Map<String, Described> docker = new HashMap<>();

    private record Described(Optional<String> name, Optional<String> image, Optional<String> podName) {
        static final Described NOTHING = new Described(Optional.empty(), Optional.empty(), Optional.empty());
    }

    ContainerEngines(List<Path> storageRoots, Path dockerRoot, Path podLogs) {
        this.storageRoots = List.copyOf(storageRoots);
        this.dockerRoot = dockerRoot;
        this.podLogs = podLogs;
    }

    /** No engine state at all: containers are known by their ids only (snapshots of other hosts, tests). */
    static ContainerEngines none() {
        return new ContainerEngines(List.of(), Path.of("/nonexistent"), Path.of("/nonexistent"));
    }

    /** This host's engines, where their configuration puts their state. */
    static ContainerEngines system() {
        List<Path> roots = new ArrayList<>();
        String conf = System.getenv("CONTAINERS_STORAGE_CONF");
        graphRoot(Path.of(conf != null && !conf.isBlank() ? conf : "/etc/containers/storage.conf"))
                .ifPresent(roots::add);
        if (!roots.contains(Path.of("/var/lib/containers/storage"))) {
            roots.add(Path.of("/var/lib/containers/storage"));
        }
        Path docker = Path.of("/var/lib/docker");
        try {
            JsonNode daemon = JSON.readTree(Path.of("/etc/docker/daemon.json").toFile());
            if (daemon != null && daemon.path("data-root").isTextual()) {
                docker = Path.of(daemon.path("data-root").asText());
            }
        } catch (IOException | RuntimeException e) {
            // no daemon.json, or one that is not JSON: the default data root
        }
        return new ContainerEngines(roots, docker, Path.of("/var/log/pods"));
    }

    static Optional<Path> graphRoot(Path storageConf) {
        try {
            Matcher m = GRAPHROOT.matcher(Files.readString(storageConf));
            return m.find() ? Optional.of(Path.of(m.group(1))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The container with its name, image and pod name where the engine's state on disk has them. */
    synchronized Container describe(Container c) {
        Described d = switch (c.runtime()) {
            case "docker" -> docker.computeIfAbsent(c.id(), this::dockerConfig);
            default -> storage().getOrDefault(c.id(), Described.NOTHING);
        };
        Optional<String> podName = d.podName().or(() -> c.pod().map(p -> pods().get(p)));
        return c.described(d.name(), d.image(), podName);
    }

    private Described dockerConfig(String id) {
        try {
            JsonNode n = JSON.readTree(dockerRoot.resolve("containers").resolve(id).resolve("config.v2.json").toFile());
            String name = n.path("Name").asText("");
            return new Described(text(name.startsWith("/") ? name.substring(1) : name),
                    text(n.path("Config").path("Image").asText("")), Optional.empty());
        } catch (IOException | RuntimeException e) {
            return Described.NOTHING;
        }
    }

    private Map<String, Described> storage() {
        if (storage == null) {
            storage = new HashMap<>();
            for (Path root : storageRoots) {
                try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, "*-containers")) {
                    for (Path dir : dirs) {
                        readContainersJson(dir.resolve("containers.json"), storage);
                    }
                } catch (IOException | RuntimeException e) {
                    // no such engine here
                }
            }
        }
        return storage;
    }

    /** containers/storage's list: each container's names, and the engine's metadata as a JSON string. */
    static void readContainersJson(Path file, Map<String, Described> into) {
        try {
            for (JsonNode c : JSON.readTree(file.toFile())) {
                JsonNode meta = c.path("metadata").isTextual() ? JSON.readTree(c.path("metadata").asText())
                        : JSON.createObjectNode();
                Optional<String> name = c.path("names").isArray() && c.path("names").size() > 0
                        ? text(c.path("names").get(0).asText("")) : text(meta.path("name").asText(""));
                into.putIfAbsent(c.path("id").asText(""), new Described(name, text(meta.path("image-name").asText("")),
                        text(meta.path("pod-name").asText(""))));
            }
        } catch (IOException | RuntimeException e) {
            // unreadable or not the expected shape: ids only
        }
    }

    /** Kubernetes pods by uid, as "namespace/name", from the kubelet's log directory names. */
    private Map<String, String> pods() {
        if (pods == null) {
            pods = new HashMap<>();
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(podLogs)) {
                for (Path dir : dirs) {
                    String[] parts = dir.getFileName().toString().split("_");
                    if (parts.length == 3) {
                        pods.put(parts[2], parts[0] + "/" + parts[1]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not a Kubernetes node
            }
        }
        return pods;
    }

    private static Optional<String> text(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }
}
