package dev.portaudit.policy;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Exposure;
import dev.portaudit.model.Listener;
import dev.portaudit.model.PortEntry;
import dev.portaudit.model.PortStatus;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Reachability.Reach;
import dev.portaudit.model.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which listeners a policy entry speaks of. Every criterion given must hold (and); within one
 * criterion any listed value may match (or). Owner criteria hold when any process holding the
 * socket matches; a listener whose owner could not be seen matches none of them.
 *
 * @param protocols   tcp, udp
 * @param ports       ports and ranges
 * @param exposures   address classes
 * @param addresses   exact address literals, canonical form
 * @param processes   process names (globs)
 * @param executables executable paths (globs)
 * @param users       user names or numeric uids
 * @param services    service names: catalogue services, or IANA names of the port's assigned entries
 * @param categories  catalogue categories
 * @param reachable   reachability classes through the firewall (local-only, lan, anywhere, filtered,
 *                    unknown); a listener whose reachability was not judged matches none
 * @param units       systemd units of the owners (globs: "nginx.service", "docker-*.scope")
 * @param packages    packages the owners' executables came from (globs: "openssh-server", "postgresql-*")
 * @param containers  containers the owners run in, by name, id (or its first 12 digits), image or pod name
 *                    (globs)
 * @param socketUnits socket units the service manager holds the socket for (globs: "telnet.socket")
 */
public record Selector(Set<Transport> protocols, List<PortSpan> ports, Set<Exposure> exposures, Set<String> addresses,
        List<Glob> processes, List<Glob> executables, Set<String> users, Set<String> services,
        Set<String> categories, Set<Reach> reachable, List<Glob> units, List<Glob> packages, List<Glob> containers,
        List<Glob> socketUnits) {

    public Selector {
        protocols = Set.copyOf(protocols);
        ports = List.copyOf(ports);
        exposures = Set.copyOf(exposures);
        addresses = Set.copyOf(addresses);
        processes = List.copyOf(processes);
        executables = List.copyOf(executables);
        users = Set.copyOf(users);
        services = Set.copyOf(services);
        categories = Set.copyOf(categories);
        reachable = Set.copyOf(reachable);
        units = List.copyOf(units);
        packages = List.copyOf(packages);
        containers = List.copyOf(containers);
        socketUnits = List.copyOf(socketUnits);
    }

    public Selector(Set<Transport> protocols, List<PortSpan> ports, Set<Exposure> exposures, Set<String> addresses,
            List<Glob> processes, List<Glob> executables, Set<String> users, Set<String> services,
            Set<String> categories) {
        this(protocols, ports, exposures, addresses, processes, executables, users, services, categories, Set.of(),
                List.of(), List.of(), List.of(), List.of());
    }

    public static final Selector ANY = new Selector(Set.of(), List.of(), Set.of(), Set.of(), List.of(), List.of(),
            Set.of(), Set.of(), Set.of());

    public boolean matches(AuditedListener audited, ServiceCatalog catalog) {
        Listener l = audited.listener();
        if (!protocols.isEmpty() && !protocols.contains(l.protocol())) {
            return false;
        }
        if (!ports.isEmpty() && ports.stream().noneMatch(p -> p.contains(l.port()))) {
            return false;
        }
        if (!(exposures.isEmpty() && addresses.isEmpty())
                && !exposures.contains(l.exposure()) && !addresses.contains(l.address())) {
            return false;
        }
        if (!reachable.isEmpty() && !audited.reachability().map(r -> reachable.contains(r.reach())).orElse(false)) {
            return false;
        }
        Optional<ServiceDef> known = catalog.forPort(l.protocol(), l.port());
        if (!services.isEmpty() && !(known.isPresent() && services.contains(known.get().name()))
                && audited.entries().stream().noneMatch(e -> assigned(e) && services.contains(e.service()))) {
            return false;
        }
        if (!categories.isEmpty() && !(known.isPresent() && categories.contains(known.get().category()))) {
            return false;
        }
        if (!processes.isEmpty() && l.owners().stream().noneMatch(o -> any(processes, o.name())
                || o.name().length() == KERNEL_NAME_LIMIT && processes.stream().anyMatch(g -> g.cutTo(o.name())))) {
            return false;
        }
        if (!executables.isEmpty() && l.owners().stream().noneMatch(o -> any(executables, o.executable()))) {
            return false;
        }
        if (!units.isEmpty() && l.owners().stream().noneMatch(o -> o.unit().map(u -> any(units, u)).orElse(false))) {
            return false;
        }
        if (!socketUnits.isEmpty() && !l.activation().map(a -> any(socketUnits, a.socketUnit())).orElse(false)) {
            return false;
        }
        if (!packages.isEmpty() && l.owners().stream().noneMatch(o -> o.software().flatMap(p -> p.name())
                .map(n -> any(packages, n)).orElse(false))) {
            return false;
        }
        if (!containers.isEmpty() && l.owners().stream().noneMatch(o -> o.container().map(c -> Stream.of(
                Optional.of(c.id()), Optional.of(c.shortId()), c.name(), c.image(), c.podName()).flatMap(Optional::stream)
                .anyMatch(v -> any(containers, v))).orElse(false))) {
            return false;
        }
        return users.isEmpty() || l.owners().stream().anyMatch(this::userMatches);
    }

    /**
     * The kernel keeps process names to 15 bytes; where nothing gave the whole name back (an ss
     * snapshot), a name of that length matches a pattern whose first 15 characters it is.
     */
    static final int KERNEL_NAME_LIMIT = 15;

    private boolean userMatches(ProcessOwner o) {
        return o.user().map(users::contains).orElse(false)
                || o.uid().isPresent() && users.contains(Long.toString(o.uid().getAsLong()));
    }

    private static boolean assigned(PortEntry e) {
        return e.status() == PortStatus.YES || e.status() == PortStatus.ASSIGNED;
    }

    private static boolean any(List<Glob> globs, String value) {
        return !value.isEmpty() && globs.stream().anyMatch(g -> g.matches(value));
    }

    /** "tcp port 22 process sshd", for messages. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!protocols.isEmpty()) {
            parts.add(String.join("/", protocols.stream().map(Transport::id).sorted().toList()));
        }
        if (!ports.isEmpty()) {
            parts.add("port " + String.join(",", ports.stream().map(PortSpan::toString).toList()));
        }
        List<String> where = new ArrayList<>(exposures.stream().map(Exposure::id).sorted().toList());
        where.addAll(addresses.stream().sorted().toList());
        if (!where.isEmpty()) {
            parts.add("address " + String.join(",", where));
        }
        addNamed(parts, "service", services.stream().sorted().toList());
        addNamed(parts, "category", categories.stream().sorted().toList());
        addNamed(parts, "process", processes.stream().map(Glob::text).toList());
        addNamed(parts, "executable", executables.stream().map(Glob::text).toList());
        addNamed(parts, "user", users.stream().sorted().toList());
        addNamed(parts, "reachable", reachable.stream().map(Reach::id).sorted().toList());
        addNamed(parts, "unit", units.stream().map(Glob::text).toList());
        addNamed(parts, "package", packages.stream().map(Glob::text).toList());
        addNamed(parts, "container", containers.stream().map(Glob::text).toList());
        addNamed(parts, "socket-unit", socketUnits.stream().map(Glob::text).toList());
        return parts.isEmpty() ? "any listener" : String.join(" ", parts);
    }

    private static void addNamed(List<String> parts, String what, List<String> values) {
        if (!values.isEmpty()) {
            parts.add(what + " " + String.join(",", values));
        }
    }
}
