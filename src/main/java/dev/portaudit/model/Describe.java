package dev.portaudit.model;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Phrases shared by the rules' messages. */
public final class Describe {

    private static final int MAX_OWNERS = 3;
    private static final int MAX_LABELS = 3;

    private Describe() {
    }

    /** "sshd (pid 812, user root)". */
    public static String owner(ProcessOwner o) {
        String name = o.name().isEmpty() ? "process" : o.name();
        String user = o.userLabel();
        return name + " (pid " + o.pid() + (user.isEmpty() ? "" : ", user " + user) + ")";
    }

    /** Every owner of the listener, or a phrase saying it is unknown. */
    public static String owners(Listener l) {
        List<ProcessOwner> owners = l.owners();
        if (owners.isEmpty()) {
            return "an owner that could not be seen";
        }
        String shown = owners.stream().limit(MAX_OWNERS).map(Describe::owner).collect(Collectors.joining(", "));
        int more = owners.size() - MAX_OWNERS;
        return more > 0 ? shown + " and " + more + " more" : shown;
    }

    /**
     * How to stop the listener for good, in the service manager's words, where it knows the unit:
     * "systemctl disable --now telnet.socket" — the socket unit of an activated socket, since
     * stopping its service leaves the socket open; else the owner's service.
     */
    public static Optional<String> stopCommand(Listener l) {
        Optional<String> unit = l.activation().map(SocketActivation::socketUnit).or(() -> l.primaryOwner()
                .flatMap(ProcessOwner::unit).filter(u -> u.endsWith(".service") && !u.startsWith("user@")));
        return unit.map(u -> "systemctl disable --now " + u);
    }

    /** "tcp 0.0.0.0:80 held by nginx (pid 10, user root)". */
    public static String listener(Listener l) {
        return l.endpoint() + " held by " + owners(l) + l.activation().map(a -> " for " + a.describe()).orElse("");
    }

    /** The entry that best names the service on the port: yes, then assigned, then unofficial. */
    public static Optional<PortEntry> bestEntry(List<PortEntry> entries) {
        return entries.stream()
                .filter(e -> e.status() == PortStatus.YES || e.status() == PortStatus.ASSIGNED
                        || e.status() == PortStatus.UNOFFICIAL)
                .min(Comparator.comparingInt(Describe::rank));
    }

    private static int rank(PortEntry e) {
        return switch (e.status()) {
            case YES -> 0;
            case ASSIGNED -> 1;
            case UNOFFICIAL -> 2;
            default -> 3;
        };
    }

    /** A short name for an entry: its service name, else its label. */
    public static String name(PortEntry e) {
        return e.service().isEmpty() ? e.description() : e.service();
    }

    /** "UPnP, VTun, Docker Registry and 11 more". */
    public static String labels(List<PortEntry> entries) {
        List<String> names = entries.stream().map(Describe::name).distinct().toList();
        String shown = names.stream().limit(MAX_LABELS).collect(Collectors.joining(", "));
        int more = names.size() - MAX_LABELS;
        return more > 0 ? shown + " and " + more + " more" : shown;
    }
}
