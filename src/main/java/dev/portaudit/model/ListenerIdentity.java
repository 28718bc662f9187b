package dev.portaudit.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What stays the same about a listener across restarts: protocol, address class, port and what
 * serves it — never the pid. What serves it is the stable name an operator uses where one is known
 * (the systemd unit, else the package), so that a restart under a new pid, or a new executable path
 * after a package upgrade, is the same listener; else the executable. Baselines and the agent
 * compare these.
 *
 * @param executable the primary owner's executable path; empty when it could not be seen
 * @param name       the stable name: "unit:ssh.socket", "unit:nginx.service" or "package:nginx"; empty
 *                   when none is known (and in baselines and journals written before it was recorded)
 */
public record ListenerIdentity(Transport protocol, Exposure exposure, int port, String executable, String name) {

    public static final Comparator<ListenerIdentity> ORDER = Comparator.comparing(ListenerIdentity::protocol)
            .thenComparingInt(ListenerIdentity::port).thenComparing(ListenerIdentity::exposure)
            .thenComparing(ListenerIdentity::name).thenComparing(ListenerIdentity::executable);

    public ListenerIdentity {
        Objects.requireNonNull(protocol);
        Objects.requireNonNull(exposure);
        executable = Objects.requireNonNullElse(executable, "");
        name = Objects.requireNonNullElse(name, "");
    }

    /** An identity by executable alone, as recorded before stable names were. */
    public ListenerIdentity(Transport protocol, Exposure exposure, int port, String executable) {
        this(protocol, exposure, port, executable, "");
    }

    public static ListenerIdentity of(Listener l) {
        Optional<ProcessOwner> o = l.primaryOwner();
        return new ListenerIdentity(l.protocol(), l.exposure(), l.port(), o.map(ProcessOwner::executable).orElse(""),
                stableName(l.activation(), o));
    }

    /**
     * The socket unit of an activated socket; else the service the owner runs in, unless a transient
     * one (systemd-run's run-*, scopes: sessions and containers come and go under new names); else
     * the package of its executable.
     */
    static String stableName(Optional<SocketActivation> activation, Optional<ProcessOwner> owner) {
        if (activation.isPresent()) {
            return "unit:" + activation.get().socketUnit();
        }
        if (owner.isEmpty()) {
            return "";
        }
        Optional<String> unit = owner.get().unit().filter(u -> u.endsWith(".service") && !u.startsWith("run-"));
        if (unit.isPresent()) {
            return "unit:" + unit.get();
        }
        return owner.get().software().flatMap(SoftwarePackage::name).map(p -> "package:" + p).orElse("");
    }

    /** What names the server: the stable name where there is one, else the executable. */
    public String server() {
        return name.isEmpty() ? executable : name;
    }

    /** Equal when the stable names are, whatever the executables; by executable when either lacks one. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ListenerIdentity i && protocol == i.protocol && exposure == i.exposure && port == i.port
                && name.equals(i.name) && (!name.isEmpty() || executable.equals(i.executable));
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocol, exposure, port, server());
    }

    /** "tcp/22 wildcard unit:ssh.socket", "tcp/8080 loopback /opt/app/bin/app". */
    @Override
    public String toString() {
        return protocol.id() + "/" + port + " " + exposure.id() + (server().isEmpty() ? "" : " " + server());
    }

    /**
     * Finds the identity a listener had among earlier ones: the equal one, or — where one side was
     * recorded without a stable name (an older baseline or journal, an owner whose unit could not be
     * read) — one with the same executable.
     */
    public static final class Index<T> {
        private final Map<ListenerIdentity, T> exact = new HashMap<>();
        private final Map<ListenerIdentity, List<T>> byExecutable = new HashMap<>();
        private final Map<T, ListenerIdentity> identities = new HashMap<>();

        public Index(Collection<T> items, Function<T, ListenerIdentity> identity) {
            for (T t : items) {
                ListenerIdentity id = identity.apply(t);
                exact.putIfAbsent(id, t);
                identities.put(t, id);
                byExecutable.computeIfAbsent(withoutName(id), k -> new ArrayList<>()).add(t);
            }
        }

        public Optional<T> find(ListenerIdentity id) {
            T t = exact.get(id);
            if (t != null) {
                return Optional.of(t);
            }
            for (T candidate : byExecutable.getOrDefault(withoutName(id), List.of())) {
                if (id.name().isEmpty() || identities.get(candidate).name().isEmpty()) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        }

        private static ListenerIdentity withoutName(ListenerIdentity id) {
            return new ListenerIdentity(id.protocol(), id.exposure(), id.port(), id.executable());
        }
    }
}
