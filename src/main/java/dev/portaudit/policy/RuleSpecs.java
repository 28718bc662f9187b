package dev.portaudit.policy;

import dev.portaudit.model.Severity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every rule id portaudit knows, its default severity, and the parameters a policy may set, with
 * their defaults. The policy validator and the rules both read this list, so a rule id or
 * parameter exists in one place.
 */
public final class RuleSpecs {

    /** The kinds of value a rule parameter takes. */
    public enum ParamType {
        PORT_RANGES("a list of ports or ranges, such as [0-1023]"),
        NAMES("a list of names"),
        BOOLEAN("true or false"),
        SEVERITY("a severity: info, low, medium, high, critical"),
        SEVERITY_BY_NAME("a mapping of names to severities, such as {database: high}");

        final String describe;

        ParamType(String describe) {
            this.describe = describe;
        }
    }

    /** A parameter: its name, type, default value and what it does. */
    public record Param(String name, ParamType type, Object defaultValue, String help) {
    }

    /** A rule: id, default severity, one-line summary, parameters. */
    public record Spec(String id, Severity severity, String summary, List<Param> params) {
        public Optional<Param> param(String name) {
            return params.stream().filter(p -> p.name().equals(name)).findFirst();
        }
    }

    public static final String PRIVILEGED_BIND = "privileged-bind";
    public static final String DYNAMIC_RANGE = "dynamic-range-listener";
    public static final String UNOFFICIAL_USE = "unofficial-use";
    public static final String UNASSIGNED_PORT = "unassigned-port";
    public static final String RESERVED_PORT = "reserved-port";
    public static final String CLEARTEXT = "cleartext-protocol";
    public static final String WILDCARD = "wildcard-exposure";
    public static final String ADDRESS_EXPOSURE = "address-exposure";
    public static final String SERVICE_MISMATCH = "service-mismatch";
    public static final String UNPACKAGED = "unpackaged-listener";
    public static final String UNEXPECTED = "unexpected-listener";
    public static final String DENIED = "denied-listener";
    public static final String REACHABLE = "reachable-from-anywhere";
    public static final String BASELINE_ADDED = "baseline-added";
    public static final String BASELINE_REMOVED = "baseline-removed";
    public static final String WAIVER_EXPIRED = "waiver-expired";

    private static final List<PortSpan> REGISTERED_AND_BELOW = List.of(new PortSpan(0, 49151));
    private static final Map<String, Severity> CATEGORY_SEVERITIES = categories();

    public static final List<Spec> ALL = List.of(
            new Spec(PRIVILEGED_BIND, Severity.INFO, "listener on a privileged (well-known) port; graded higher "
                    + "when root did not bind it", List.of(new Param("ports", ParamType.PORT_RANGES,
                            List.of(new PortSpan(0, 1023)), "ports that need privilege to bind"))),
            new Spec(DYNAMIC_RANGE, Severity.LOW, "listener in the dynamic/private range or the kernel's "
                    + "ephemeral range", List.of(
                            new Param("ranges", ParamType.PORT_RANGES, List.of(new PortSpan(49152, 65535)),
                                    "ranges where listeners are flagged (IANA's dynamic/private range)"),
                            new Param("kernel-ephemeral-range", ParamType.BOOLEAN, true,
                                    "also flag listeners inside net.ipv4.ip_local_port_range"),
                            new Param("by-design", ParamType.NAMES, List.of("rpc.statd", "rpc.mountd", "rpc.rquotad",
                                    "ypbind", "avahi-daemon"),
                                    "programs that take a dynamic port by design (RPC services registered with "
                                            + "rpcbind, avahi's mDNS queries): their findings are info"))),
            new Spec(UNOFFICIAL_USE, Severity.LOW, "port known only from unofficial uses", List.of(
                    new Param("ports", ParamType.PORT_RANGES, REGISTERED_AND_BELOW, "ports the rule judges"))),
            new Spec(UNASSIGNED_PORT, Severity.LOW, "port with no known assignment or use", List.of(
                    new Param("ports", ParamType.PORT_RANGES, REGISTERED_AND_BELOW, "ports the rule judges"))),
            new Spec(RESERVED_PORT, Severity.LOW, "port reserved by IANA", List.of(
                    new Param("ports", ParamType.PORT_RANGES, REGISTERED_AND_BELOW, "ports the rule judges"))),
            new Spec(CLEARTEXT, Severity.HIGH, "service that carries credentials or data in the clear", List.of(
                    new Param("ignore", ParamType.NAMES, List.of(), "catalogue services not to flag"),
                    new Param("loopback-severity", ParamType.SEVERITY, Severity.LOW,
                            "severity when the listener is reachable from this machine only"),
                    new Param("upgradable-severity", ParamType.SEVERITY, Severity.MEDIUM,
                            "severity of a protocol that can switch to TLS in the connection (STARTTLS: IMAP, POP3, "
                                    + "LDAP, NNTP; AUTH TLS: FTP), whose server may insist on it"))),
            new Spec(WILDCARD, Severity.LOW, "listener on every interface, graded by the kind of service",
                    List.of(new Param("categories", ParamType.SEVERITY_BY_NAME, CATEGORY_SEVERITIES,
                            "severity per catalogue category, merged over the defaults; other listeners get the rule's severity"))),
            new Spec(ADDRESS_EXPOSURE, Severity.LOW, "listener on a public address, graded by the kind of service; "
                    + "on a private or link-local one, recorded as info",
                    List.of(new Param("categories", ParamType.SEVERITY_BY_NAME, CATEGORY_SEVERITIES,
                            "severity per catalogue category on a public address, merged over the defaults"))),
            new Spec(SERVICE_MISMATCH, Severity.MEDIUM, "well-known service port held by a program not known "
                    + "for that service", List.of(new Param("ignore-programs", ParamType.NAMES,
                            List.of("systemd", "inetd", "xinetd", "docker-proxy", "rootlessport", "slirp4netns",
                                    "pasta", "pasta.avx2"),
                            "programs that hold ports on others' behalf (socket activation, container proxies)"))),
            new Spec(UNPACKAGED, Severity.LOW, "listener held by an executable no package installed; medium from a "
                    + "directory anyone may write to, or deleted after it started", List.of()),
            new Spec(UNEXPECTED, Severity.MEDIUM, "listener that no allow entry of the policy matches", List.of()),
            new Spec(DENIED, Severity.HIGH, "listener that a deny entry of the policy matches", List.of()),
            new Spec(REACHABLE, Severity.MEDIUM, "allowed listener the firewall lets be reached from beyond the "
                    + "local subnets, where no allow entry matching it says reachable: anywhere", List.of()),
            new Spec(BASELINE_ADDED, Severity.MEDIUM, "listener that the baseline does not have", List.of()),
            new Spec(BASELINE_REMOVED, Severity.LOW, "baseline listener that no longer listens", List.of()),
            new Spec(WAIVER_EXPIRED, Severity.MEDIUM, "waiver whose expiry date has passed", List.of()));

    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry(PRIVILEGED_BIND, "Binding a port below 1024 takes privilege. Bound by root it is what system "
                    + "daemons do, also when the daemon then drops its privileges; bound by another user, a capability "
                    + "(CAP_NET_BIND_SERVICE), a lowered net.ipv4.ip_unprivileged_port_start or a handed-over socket "
                    + "made it possible. Confirm the "
                    + "service belongs on this host and that the privilege was granted on purpose."),
            Map.entry(DYNAMIC_RANGE, "Outgoing connections take their local ports from the ephemeral range, so a "
                    + "service listening there may find its port taken after a restart, and a port picked at random "
                    + "is hard to firewall and audit. Give the service a fixed port outside the range, or reserve it "
                    + "with net.ipv4.ip_local_reserved_ports."),
            Map.entry(UNOFFICIAL_USE, "IANA assigns the port to nobody; it is known only from unofficial uses. "
                    + "Check that the listener is one of them."),
            Map.entry(UNASSIGNED_PORT, "IANA assigns the port to nobody and no known service uses it. Identify and "
                    + "document the service, or stop it."),
            Map.entry(RESERVED_PORT, "IANA reserves the port; no service may be assigned to it. Move the service "
                    + "to a port of its own."),
            Map.entry(CLEARTEXT, "The service carries credentials or data in the clear (telnet, FTP, the "
                    + "r-commands, TFTP, POP3/IMAP without TLS, SNMP v1/v2c, ...). Replace it with its encrypted "
                    + "equivalent, or confine it to loopback."),
            Map.entry(WILDCARD, "The listener accepts connections on every interface (0.0.0.0 or ::; a socket on "
                    + ":: takes IPv4 too unless it is IPv6-only). Databases, caches and container APIs open to "
                    + "every network are the worst case. Bind services to the addresses that need them."),
            Map.entry(ADDRESS_EXPOSURE, "The listener is bound to one address that is not loopback. On a public "
                    + "address it is as exposed as on every interface: databases, caches and container APIs there are "
                    + "the worst case. On a private or link-local address it is reachable from that network only, "
                    + "which is where such services belong; make sure only their clients are on it."),
            Map.entry(SERVICE_MISMATCH, "The port belongs to a well-known service but a program not known to serve "
                    + "it holds the port: a backdoor, a tunnel, or at least a surprise. Find out what the program is."),
            Map.entry(UNPACKAGED, "The executable holding the listener was installed by no package of the host's "
                    + "package manager: a binary copied into /opt or a home directory, a build run in place, or what "
                    + "an intruder left. From a temporary directory, or deleted after it started, it is how droppers "
                    + "hide. Find out where it comes from; install services from packages."),
            Map.entry(UNEXPECTED, "The policy lists the listeners expected on this host and this one is not among "
                    + "them. Add an allow entry if it is expected; otherwise stop the service."),
            Map.entry(DENIED, "The policy forbids this listener. Stop the service or move it where the policy "
                    + "allows it."),
            Map.entry(REACHABLE, "The policy expects this listener, but the firewall lets new connections reach it "
                    + "from beyond the host's connected subnets (directly, or through a port NAT publishes) and no "
                    + "allow entry that matches it says it may be (reachable: anywhere). Restrict it in the firewall "
                    + "to the networks that need it, or say in the policy that it serves the world."),
            Map.entry(BASELINE_ADDED, "The listener was not there when the baseline was saved. If the change is "
                    + "intended, save a new baseline."),
            Map.entry(BASELINE_REMOVED, "A listener of the baseline no longer listens. If it was retired on purpose, "
                    + "save a new baseline."),
            Map.entry(WAIVER_EXPIRED, "A waiver's expiry date has passed and the findings it covered count again. "
                    + "Fix them, or renew the waiver if the exception still holds."));

    private RuleSpecs() {
    }

    /** A paragraph explaining the rule, for reports that carry rule documentation. */
    public static String help(String id) {
        return HELP.getOrDefault(id, "");
    }

    public static Optional<Spec> byId(String id) {
        return ALL.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public static List<String> ids() {
        return ALL.stream().map(Spec::id).toList();
    }

    private static Map<String, Severity> categories() {
        Map<String, Severity> m = new LinkedHashMap<>();
        m.put("container", Severity.CRITICAL);
        m.put("database", Severity.HIGH);
        m.put("cache", Severity.HIGH);
        m.put("message-queue", Severity.HIGH);
        m.put("directory", Severity.MEDIUM);
        m.put("file-sharing", Severity.MEDIUM);
        m.put("monitoring", Severity.MEDIUM);
        m.put("network-boot", Severity.MEDIUM);
        m.put("printing", Severity.MEDIUM);
        m.put("remote-access", Severity.LOW);
        m.put("name-service", Severity.LOW);
        m.put("time", Severity.LOW);
        m.put("mail", Severity.INFO);
        m.put("web", Severity.INFO);
        return Collections.unmodifiableMap(m);
    }
}
