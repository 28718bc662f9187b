package dev.portaudit.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The container a process runs in, told from its cgroup path, with what the engine's local state
 * says of it.
 *
 * @param runtime docker, containerd, cri-o, podman or kubernetes
 * @param id      the container id (64 hex digits)
 * @param pod     the pod: a Kubernetes pod uid, or a Podman pod id, where the cgroup path names one
 * @param name    the container's name, where the engine's metadata on disk gives it
 * @param image   the image it was started from, where the engine's metadata gives it
 * @param podName the pod's name ("namespace/name" for Kubernetes), where the node shows it
 */
public record Container(String runtime, String id, Optional<String> pod, Optional<String> name,
        Optional<String> image, Optional<String> podName) {

    public Container {
        Objects.requireNonNull(runtime);
        Objects.requireNonNull(id);
        pod = Objects.requireNonNullElse(pod, Optional.empty());
        name = Objects.requireNonNullElse(name, Optional.empty());
        image = Objects.requireNonNullElse(image, Optional.empty());
        podName = Objects.requireNonNullElse(podName, Optional.empty());
    }

    public Container(String runtime, String id, Optional<String> pod) {
        this(runtime, id, pod, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The same container, with what the engine's metadata adds. */
    public Container described(Optional<String> name, Optional<String> image, Optional<String> podName) {
        return new Container(runtime, id, pod, name, image, podName);
    }

    /** The first 12 digits of the id, as {@code docker ps} shows it. */
    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** "podman:web1", or "docker:3f2a9c1b7d10" where the name is not known. */
    public String label() {
        return runtime + ":" + name.orElse(shortId());
    }
}
