package dev.portaudit.model;

import java.util.Comparator;
import java.util.List;
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
     * @param unit    the systemd unit that answers for it: the socket unit of an activated socket, else
     *                the process's unit; empty when none is known
     * @param pkg     the package its executable came from; empty when none is known
     */
    public record Owner(int pid, String process, String user, String unit, String pkg) {
        public Owner {
            process = Objects.requireNonNullElse(process, "");
            user = Objects.requireNonNullElse(user, "");
            unit = Objects.requireNonNullElse(unit, "");
            pkg = Objects.requireNonNullElse(pkg, "");
        }

        public Owner(int pid, String process, String user) {
            this(pid, process, user, "", "");
        }
    }

    /**
     * A listener by its stable identity, with the address and owner seen, and who could reach it
     * through the firewall where that was judged.
     *
     * @param reach     the reachability class ("lan"), empty where it was not judged
     * @param decidedBy what decided the widest open source (or why unknown), for the journal's readers
     */
    public record TrackedListener(ListenerIdentity identity, String address, Optional<Owner> owner,
            Optional<String> reach, List<String> decidedBy) {

        public static final Comparator<TrackedListener> ORDER = Comparator.comparing(TrackedListener::identity,
                ListenerIdentity.ORDER).thenComparing(TrackedListener::address);

        public TrackedListener {
            Objects.requireNonNull(identity);
            address = Objects.requireNonNullElse(address, "");
            owner = Objects.requireNonNullElse(owner, Optional.empty());
            reach = Objects.requireNonNullElse(reach, Optional.empty());
            decidedBy = List.copyOf(Objects.requireNonNullElse(decidedBy, List.of()));
        }

        public TrackedListener(ListenerIdentity identity, String address, Optional<Owner> owner) {
            this(identity, address, owner, Optional.empty(), List.of());
        }

        public static TrackedListener of(Listener l) {
            return new TrackedListener(ListenerIdentity.of(l), l.address(), l.primaryOwner()
                    .map(o -> new Owner(o.pid(), o.name(), o.userLabel(), l.activation().map(SocketActivation::socketUnit)
                            .or(o::unit).orElse(""), o.software().flatMap(SoftwarePackage::name).orElse(""))));
        }

        /** The listener as a scan saw it, with the firewall's verdict where it was judged. */
        public static TrackedListener of(AuditedListener a) {
            TrackedListener t = of(a.listener());
            return a.reachability().map(r -> new TrackedListener(t.identity(), t.address(), t.owner(),
                    Optional.of(r.reach().id()), deciding(r))).orElse(t);
        }

        /** What decided the class: the rules of the widest open source, or what left it unknown. */
        private static List<String> deciding(Reachability r) {
            Reachability.Outcome wanted = r.reach() == Reachability.Reach.UNKNOWN ? Reachability.Outcome.UNKNOWN
                    : r.reach() == Reachability.Reach.FILTERED ? Reachability.Outcome.FILTERED : Reachability.Outcome.OPEN;
            return r.verdicts().stream().filter(v -> v.outcome() == wanted)
                    .max((a, b) -> a.kind().compareTo(b.kind()))
                    .map(v -> v.decidedBy().stream().map(d -> v.describe() + ": " + d).toList()).orElse(List.of());
        }

        /** The same listener with another scan's verdict. */
        public TrackedListener withReach(TrackedListener seen) {
            return new TrackedListener(identity, address, owner, seen.reach(), seen.decidedBy());
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
