package dev.portaudit.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A network namespace other than the scanning process's own, and the container running in it
 * where that can be told.
 *
 * @param inode     the namespace's inode ({@code net:[4026532201]})
 * @param container the container, from the cgroup path of a process inside
 */
public record NetNamespace(long inode, Optional<Container> container) {

    public NetNamespace {
        container = Objects.requireNonNullElse(container, Optional.empty());
    }

    /** "net:[4026532201]". */
    public String id() {
        return "net:[" + inode + "]";
    }

    /** The container when known ("docker:3f2a9c1b7d10"), else the namespace id. */
    public String label() {
        return container.map(Container::label).orElse(id());
    }

    /**
     * A container.
     *
     * @param runtime docker, containerd, cri-o, podman or kubernetes
     * @param id      the container id (64 hex digits)
     * @param pod     the Kubernetes pod uid, where the cgroup path names one
     */
    public record Container(String runtime, String id, Optional<String> pod) {
        public Container {
            Objects.requireNonNull(runtime);
            Objects.requireNonNull(id);
            pod = Objects.requireNonNullElse(pod, Optional.empty());
        }

        /** "docker:3f2a9c1b7d10": the runtime and the first 12 digits of the id, as `docker ps` shows it. */
        public String label() {
            return runtime + ":" + (id.length() > 12 ? id.substring(0, 12) : id);
        }
    }
}
