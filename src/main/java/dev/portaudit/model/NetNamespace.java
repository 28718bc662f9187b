package dev.portaudit.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A network namespace other than the scanning process's own, the container that holds it where
 * that can be told, and its own port settings.
 *
 * @param inode     the namespace's inode ({@code net:[4026532201]})
 * @param container the container holding the namespace (a pod's infra container, for a pod), from
 *                  the cgroup path of its first process
 * @param settings  the namespace's own port settings (sysctls are per namespace), where they were read
 */
public record NetNamespace(long inode, Optional<Container> container, Optional<KernelSettings> settings) {

    public NetNamespace {
        container = Objects.requireNonNullElse(container, Optional.empty());
        settings = Objects.requireNonNullElse(settings, Optional.empty());
    }

    public NetNamespace(long inode, Optional<Container> container) {
        this(inode, container, Optional.empty());
    }

    public NetNamespace withSettings(KernelSettings s) {
        return new NetNamespace(inode, container, Optional.of(s));
    }

    /** "net:[4026532201]". */
    public String id() {
        return "net:[" + inode + "]";
    }

    /** The container when known ("docker:3f2a9c1b7d10"), else the namespace id. */
    public String label() {
        return container.map(Container::label).orElse(id());
    }
}
