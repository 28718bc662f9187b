package dev.portaudit.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The package an executable was installed from, as the host's package manager records it — or that
 * the manager's database was read and no package holds it.
 *
 * @param manager "dpkg" (Debian's database) or "rpm"
 * @param name    the package ("openssh-server"); empty when no package installed the file
 * @param version its installed version ("1:9.2p1-2+deb12u3"); empty with the name, or when not recorded
 */
public record SoftwarePackage(String manager, Optional<String> name, Optional<String> version) {

    public SoftwarePackage {
        Objects.requireNonNull(manager);
        name = Objects.requireNonNullElse(name, Optional.empty());
        version = Objects.requireNonNullElse(version, Optional.empty());
    }

    /** The manager's database was read and no package lists the file. */
    public static SoftwarePackage none(String manager) {
        return new SoftwarePackage(manager, Optional.empty(), Optional.empty());
    }

    public boolean packaged() {
        return name.isPresent();
    }

    /** "openssh-server 1:9.2p1-2", or "not from any package (dpkg)". */
    public String describe() {
        return name.map(n -> n + version.map(v -> " " + v).orElse("")).orElse("not from any package (" + manager + ")");
    }
}
