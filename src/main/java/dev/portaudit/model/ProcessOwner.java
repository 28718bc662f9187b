package dev.portaudit.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A process that holds a listening socket.
 *
 * @param pid             process id
 * @param name            short process name (may be empty if the process vanished mid-scan)
 * @param user            user name: from /etc/passwd, else from the name service (one lookup per scan)
 * @param uid             numeric user id, when known
 * @param command         full command line, arguments separated by spaces (may be empty)
 * @param executable      path of the executable (empty when the OS does not let us see it)
 * @param bindCapability  whether the process holds CAP_NET_BIND_SERVICE, where the OS tells
 * @param container       the container the process runs in, from its own cgroup
 * @param hostUid         the uid as the host sees it, where the process's user namespace maps it to
 *                        another ({@code uid} is then the container's view)
 * @param unit            the systemd unit it runs in ("nginx.service", "session-3.scope"), from its cgroup
 * @param software        the package its executable was installed from, or that none was; empty where no
 *                        package database was read
 */
public record ProcessOwner(int pid, String name, Optional<String> user, OptionalLong uid, String command,
        String executable, Optional<Boolean> bindCapability, Optional<Container> container, OptionalLong hostUid,
        Optional<String> unit, Optional<SoftwarePackage> software) {

    public ProcessOwner(int pid, String name, Optional<String> user, OptionalLong uid, String command,
            String executable, Optional<Boolean> bindCapability, Optional<Container> container, OptionalLong hostUid,
            Optional<String> unit) {
        this(pid, name, user, uid, command, executable, bindCapability, container, hostUid, unit, Optional.empty());
    }

    public ProcessOwner(int pid, String name, Optional<String> user, OptionalLong uid, String command,
            String executable, Optional<Boolean> bindCapability, Optional<Container> container, OptionalLong hostUid) {
        this(pid, name, user, uid, command, executable, bindCapability, container, hostUid, Optional.empty(),
                Optional.empty());
    }

    public ProcessOwner(int pid, String name, Optional<String> user, OptionalLong uid, String command,
            String executable, Optional<Boolean> bindCapability) {
        this(pid, name, user, uid, command, executable, bindCapability, Optional.empty(), OptionalLong.empty());
    }

    public ProcessOwner {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
        name = Objects.requireNonNullElse(name, "");
        user = Objects.requireNonNullElse(user, Optional.empty());
        uid = Objects.requireNonNullElse(uid, OptionalLong.empty());
        command = Objects.requireNonNullElse(command, "");
        executable = Objects.requireNonNullElse(executable, "");
        bindCapability = Objects.requireNonNullElse(bindCapability, Optional.empty());
        container = Objects.requireNonNullElse(container, Optional.empty());
        hostUid = Objects.requireNonNullElse(hostUid, OptionalLong.empty());
        unit = Objects.requireNonNullElse(unit, Optional.empty());
        software = Objects.requireNonNullElse(software, Optional.empty());
    }

    /** The same process with its user named. */
    public ProcessOwner withUser(String userName) {
        return new ProcessOwner(pid, name, Optional.of(userName), uid, command, executable, bindCapability, container,
                hostUid, unit, software);
    }

    /** The same process in a systemd unit. */
    public ProcessOwner withUnit(String unitName) {
        return new ProcessOwner(pid, name, user, uid, command, executable, bindCapability, container, hostUid,
                Optional.of(unitName), software);
    }

    /** The same process with what its executable was installed from. */
    public ProcessOwner withSoftware(SoftwarePackage p) {
        return new ProcessOwner(pid, name, user, uid, command, executable, bindCapability, container, hostUid, unit,
                Optional.of(p));
    }

    /** What the kernel appends to /proc/PID/exe when the file was replaced or removed after the process started. */
    private static final String DELETED = " (deleted)";

    /** An executable's path without the kernel's deleted mark. */
    public static String pathOf(String executable) {
        return executable.endsWith(DELETED) ? executable.substring(0, executable.length() - DELETED.length())
                : executable;
    }

    /** Whether the executable was replaced or removed after the process started. */
    public boolean executableDeleted() {
        return executable.endsWith(DELETED);
    }

    public boolean isRoot() {
        return uid.isPresent() && uid.getAsLong() == 0;
    }

    /** User name if known, else the numeric uid, else empty. */
    public String userLabel() {
        return user.orElseGet(() -> uid.isPresent() ? Long.toString(uid.getAsLong()) : "");
    }
}
