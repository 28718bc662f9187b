package dev.portaudit.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Kernel settings that change the verdict on a listener. Each is empty where the OS has no such
 * setting or it could not be read.
 *
 * @param ephemeralFirst         first port of the kernel's ephemeral range (net.ipv4.ip_local_port_range)
 * @param ephemeralLast          last port of that range
 * @param unprivilegedPortStart  lowest port an unprivileged process may bind (net.ipv4.ip_unprivileged_port_start)
 * @param ipv6BindV6Only         net.ipv6.bindv6only: whether sockets on "::" are IPv6-only by default
 */
public record KernelSettings(OptionalInt ephemeralFirst, OptionalInt ephemeralLast,
        OptionalInt unprivilegedPortStart, Optional<Boolean> ipv6BindV6Only) {

    /** Linux's defaults: ephemeral ports 32768-60999, unprivileged ports from 1024, bindv6only 0. */
    public static final KernelSettings LINUX_DEFAULTS = new KernelSettings(OptionalInt.of(32768),
            OptionalInt.of(60999), OptionalInt.of(1024), Optional.of(false));

    public static final KernelSettings UNKNOWN =
            new KernelSettings(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty());

    public KernelSettings {
        Objects.requireNonNull(ephemeralFirst);
        Objects.requireNonNull(ephemeralLast);
        Objects.requireNonNull(unprivilegedPortStart);
        Objects.requireNonNull(ipv6BindV6Only);
    }

    public boolean hasEphemeralRange() {
        return ephemeralFirst.isPresent() && ephemeralLast.isPresent();
    }

    public boolean inEphemeralRange(int port) {
        return hasEphemeralRange() && port >= ephemeralFirst.getAsInt() && port <= ephemeralLast.getAsInt();
    }

    /** True when the kernel's ephemeral range is not exactly IANA's dynamic range. */
    public boolean ephemeralDiffersFromIana() {
        return hasEphemeralRange() && (ephemeralFirst.getAsInt() != PortRange.DYNAMIC.first()
                || ephemeralLast.getAsInt() != PortRange.DYNAMIC.last());
    }

    /** True when unprivileged processes may bind some well-known ports. */
    public boolean privilegedPortsOpened() {
        return unprivilegedPortStart.isPresent() && unprivilegedPortStart.getAsInt() < 1024;
    }
}
