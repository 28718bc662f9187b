package dev.portaudit.model;

import java.util.Comparator;
import java.util.Objects;

/**
 * What stays the same about a listener across restarts: protocol, address class, port and the
 * executable serving it — never the pid. Baselines and drift compare these.
 *
 * @param executable the primary owner's executable path; empty when it could not be seen
 */
public record ListenerIdentity(Transport protocol, Exposure exposure, int port, String executable) {

    public static final Comparator<ListenerIdentity> ORDER = Comparator.comparing(ListenerIdentity::protocol)
            .thenComparingInt(ListenerIdentity::port).thenComparing(ListenerIdentity::exposure)
            .thenComparing(ListenerIdentity::executable);

    public ListenerIdentity {
        Objects.requireNonNull(protocol);
        Objects.requireNonNull(exposure);
        executable = Objects.requireNonNullElse(executable, "");
    }

    public static ListenerIdentity of(Listener l) {
        return new ListenerIdentity(l.protocol(), l.exposure(), l.port(),
                l.primaryOwner().map(ProcessOwner::executable).orElse(""));
    }

    /** "tcp/22 wildcard /usr/sbin/sshd". */
    @Override
    public String toString() {
        return protocol.id() + "/" + port + " " + exposure.id() + (executable.isEmpty() ? "" : " " + executable);
    }
}
