package dev.portaudit.model;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** What the agent remembers of listeners and findings between scans. */
public final class Tracked {

    private Tracked() {
    }

    /**
     * The owner seen when the listener was last reported.
     *
     * @param pid     process id at the time (informational: identities never use it)
     * @param process process name
     * @param user    user name or uid
     */
    public record Owner(int pid, String process, String user) {
        public Owner {
            process = Objects.requireNonNullElse(process, "");
            user = Objects.requireNonNullElse(user, "");
        }
    }

    /**
     * A listener by its stable identity, with the address and owner seen.
     */
    public record TrackedListener(ListenerIdentity identity, String address, Optional<Owner> owner) {

        public static final Comparator<TrackedListener> ORDER = Comparator.comparing(TrackedListener::identity,
                ListenerIdentity.ORDER).thenComparing(TrackedListener::address);

        public TrackedListener {
            Objects.requireNonNull(identity);
            address = Objects.requireNonNullElse(address, "");
            owner = Objects.requireNonNullElse(owner, Optional.empty());
        }

        public static TrackedListener of(Listener l) {
            return new TrackedListener(ListenerIdentity.of(l), l.address(), l.primaryOwner()
                    .map(o -> new Owner(o.pid(), o.name(), o.userLabel())));
        }

        public OptionalInt pid() {
            return owner.map(o -> OptionalInt.of(o.pid())).orElse(OptionalInt.empty());
        }

        /** "tcp 0.0.0.0:22". */
        public String endpoint() {
            String host = address.contains(":") ? "[" + address + "]" : address;
            return identity.protocol().id() + " " + host + ":" + identity.port();
        }
    }

    /**
     * A finding by its fingerprint (rule, socket, executable).
     */
    public record TrackedFinding(String fingerprint, String rule, Severity severity, String message,
            Optional<Waiver> waiver) {

        public TrackedFinding {
            Objects.requireNonNull(fingerprint);
            Objects.requireNonNull(rule);
            Objects.requireNonNull(severity);
            message = Objects.requireNonNullElse(message, "");
            waiver = Objects.requireNonNullElse(waiver, Optional.empty());
        }
    }
}
