package dev.portaudit.collect;

import java.util.Optional;

/**
 * The systemd unit a process runs in, told from {@code /proc/PID/cgroup}: systemd names each cgroup
 * after the unit it holds, so the deepest {@code .service} or {@code .scope} on the process's path is
 * its unit — a service, a session's scope, a container's scope, or a unit of a user's own manager
 * (under {@code user@UID.service}). The systemd hierarchy is the named one on cgroup v1 and hybrid
 * hosts ({@code name=systemd}), else the unified one ({@code 0::}).
 */
public final class SystemdUnits {

    private SystemdUnits() {
    }

    /** The unit of the process whose cgroup file this is; empty when its path names none (the root). */
    public static Optional<String> unit(String cgroup) {
        String named = null;
        String unified = null;
        for (String line : cgroup.split("\n")) {
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) {
                continue;
            }
            String controllers = line.substring(first + 1, second);
            String path = line.substring(second + 1).strip();
            if (controllers.equals("name=systemd")) {
                named = path;
            } else if (controllers.isEmpty() && line.startsWith("0:")) {
                unified = path;
            }
        }
        String path = named != null ? named : unified;
        return path == null ? Optional.empty() : deepest(path);
    }

    private static Optional<String> deepest(String path) {
        String unit = null;
        for (String part : path.split("/")) {
            if ((part.endsWith(".service") || part.endsWith(".scope")) && part.length() > ".scope".length()) {
                unit = part;
            }
        }
        return Optional.ofNullable(unit);
    }
}
