package dev.portaudit.collect;

import dev.portaudit.model.Container;
import dev.portaudit.model.ProcessOwner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A process as its container sees it: which container (from its own cgroup, so a pod's or a shared
 * network namespace's listeners are each labelled with the container that holds them, and a
 * host-network container's too), its uid through its user namespace's map, and its user's name from
 * the container's own {@code /etc/passwd} (through {@code /proc/PID/root}), never the host's; and the
 * systemd unit it runs in, from the same cgroup file.
 */
final class ContainerView {

    private final LinuxProc proc;
    private final Supplier<ContainerEngines> engines;
    private final Object ownRoot;
    private final Map<Object, Map<Long, String>> passwdByRoot = new ConcurrentHashMap<>();

    ContainerView(LinuxProc proc, ContainerEngines engines) {
        this(proc, () -> engines);
    }

    /** With the engines' state read only when a process in a container is first seen. */
    ContainerView(LinuxProc proc, Supplier<ContainerEngines> engines) {
        this.proc = proc;
        this.engines = engines;
        this.ownRoot = rootKey(proc.path("self/root")).orElse(null);
    }

    /** The owner with its container, its uid as the container knows it and that uid's name there. */
    ProcessOwner of(ProcessOwner o) {
        Optional<String> cgroup = proc.cgroup(o.pid());
        Optional<String> unit = cgroup.flatMap(SystemdUnits::unit);
        Optional<Container> container = cgroup.flatMap(ContainerParser::parse).map(c -> engines.get().describe(c));
        OptionalLong uid = o.uid();
        OptionalLong hostUid = OptionalLong.empty();
        if (uid.isPresent()) {
            long outside = uid.getAsLong();
            OptionalLong inside = proc.read(o.pid() + "/uid_map").map(m -> UidMap.inside(m, outside))
                    .orElse(uid);
            if (inside.isPresent() && inside.getAsLong() != outside) {
                hostUid = uid;
                uid = inside;
            }
        }
        Optional<String> user = o.user();
        Optional<Object> root = rootKey(proc.path(o.pid() + "/root"));
        boolean ownFiles = root.isEmpty() || root.get().equals(ownRoot);
        if (!ownFiles || hostUid.isPresent()) {
            // the host's name for this uid would be someone else's: the container's file, or none
            long u = uid.orElse(-1);
            user = root.isEmpty() ? Optional.empty()
                    : Optional.ofNullable(passwd(root.get(), o.pid()).get(u));
        }
        if (container.isEmpty() && hostUid.isEmpty() && user.equals(o.user()) && unit.isEmpty()) {
            return o;
        }
        return new ProcessOwner(o.pid(), o.name(), user, uid, o.command(), o.executable(), o.bindCapability(),
                container, hostUid, unit);
    }

    private Map<Long, String> passwd(Object root, int pid) {
        return passwdByRoot.computeIfAbsent(root, r -> {
            try {
                return PasswdParser.parse(Files.readString(proc.path(pid + "/root/etc/passwd")));
            } catch (IOException | RuntimeException e) {
                return Map.of(); // a container without one: uids stay numbers
            }
        });
    }

    /** What identifies a process's root directory: the (device, inode) of where /proc/PID/root leads. */
    private static Optional<Object> rootKey(Path root) {
        try {
            return Optional.ofNullable(Files.readAttributes(root, BasicFileAttributes.class)
                    .fileKey());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code /proc/PID/uid_map}: "inside-start outside-start length" per line, outside as the reader sees it. */
    static final class UidMap {

        private UidMap() {
        }

        /** The uid inside the namespace for a uid outside, or empty where the map has none. */
        static OptionalLong inside(String map, long outside) {
            for (String line : map.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length != 3) {
                    continue;
                }
                try {
                    long in = Long.parseLong(f[0]);
                    long out = Long.parseLong(f[1]);
                    long len = Long.parseLong(f[2]);
                    if (outside >= out && outside - out < len) {
                        return OptionalLong.of(in + (outside - out));
                    }
                } catch (NumberFormatException e) {
                    // a malformed line maps nothing
                }
            }
            return OptionalLong.empty();
        }
    }
}
