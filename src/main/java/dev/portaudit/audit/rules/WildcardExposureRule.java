package dev.portaudit.audit.rules;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Describe;
import dev.portaudit.model.Exposure;
import dev.portaudit.model.Finding;
import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Reachability;
import dev.portaudit.model.Reachability.Outcome;
import dev.portaudit.model.Reachability.Reach;
import dev.portaudit.model.Reachability.SourceVerdict;
import dev.portaudit.model.Severity;
import dev.portaudit.policy.RuleSpecs;
import dev.portaudit.policy.ServiceDef;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code wildcard-exposure}: a listener on every interface (0.0.0.0 or ::), graded by the kind of
 * service: a database or cache open on every interface is worse than a web server. A listener bound
 * to loopback that destination NAT makes reachable from elsewhere is as exposed, and flagged too. A socket on
 * {@code ::} also takes IPv4 unless it is IPv6-only, which the OS tells per socket on some systems
 * (tcp46) and otherwise follows {@code net.ipv6.bindv6only}; a separate 0.0.0.0 socket on the same
 * port shows the {@code ::} one is IPv6-only.
 */
public final class WildcardExposureRule implements Rule {

    public static final String ID = RuleSpecs.WILDCARD;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(AuditedListener audited, AuditContext ctx, List<Finding> out) {
        Listener l = audited.listener();
        // a loopback bind is no protection from a dnat that sends connections to it
        boolean published = l.exposure() == Exposure.LOOPBACK && audited.reachability().map(r -> r.reach()
                == Reach.LAN || r.reach() == Reach.ANYWHERE).orElse(false);
        if (l.exposure() != Exposure.WILDCARD && !published) {
            return;
        }
        Optional<ServiceDef> service = ctx.catalog().forPort(l.protocol(), l.port());
        Severity severity = service.map(s -> ctx.config().severities(ID, "categories").get(s.category()))
                .orElse(null);
        if (severity == null) {
            severity = ctx.config().severity(ID);
        }
        String what = service.map(s -> " (" + s.name() + ", a " + s.category() + " service)").orElse("");
        // what the firewall lets through decides the exposure where it was judged: every interface behind
        // a firewall that admits only loopback is not exposed
        Optional<Reachability> reach = audited.reachability();
        String firewall = reach.map(WildcardExposureRule::reachText).orElse("");
        if (reach.isPresent() && (reach.get().reach() == Reach.FILTERED || reach.get().reach() == Reach.LOCAL_ONLY)) {
            severity = Severity.INFO;
        } else if (reach.isPresent() && reach.get().reach() == Reach.LAN && severity.compareTo(Severity.LOW) > 0) {
            // the local subnets can reach it, nothing beyond them: one step less than open to the world
            severity = Severity.values()[severity.ordinal() - 1];
        }
        if (published) {
            out.add(new Finding(ID, severity, l, l.endpoint() + what + ", held by " + Describe.owners(l) + ", is bound "
                    + "to loopback, but destination NAT sends outside connections to it" + firewall,
                    "A loopback bind does not protect a port that NAT publishes: remove the dnat rule that sends "
                            + "connections to it, or restrict that rule to the sources that need it (and keep "
                            + "route_localnet off where nothing should reach 127.0.0.1 from outside).",
                    audited.entries()));
            return;
        }
        out.add(new Finding(ID, severity, l, l.endpoint() + what + ", held by " + Describe.owners(l) + ", listens on "
                + scope(l, ctx) + firewall,
                service.map(s -> SERVICE_ADVICE.getOrDefault(s.name(), advice(s.category(), "every interface"))).orElse(
                        "Bind the service to the addresses that need it (loopback, a private interface) instead of "
                                + "every interface, or restrict it with a firewall."),
                audited.entries()));
    }

    /** What the firewall makes of it, with the deciding rule of the widest source that is open. */
    static String reachText(Reachability r) {
        Optional<SourceVerdict> widest = r.verdicts().stream().filter(v -> v.outcome() == Outcome.OPEN)
                .max((a, b) -> a.kind().compareTo(b.kind()));
        return switch (r.reach()) {
            case FILTERED -> "; the firewall lets no new connection reach it" + r.verdicts().stream().findFirst()
                    .map(v -> " (" + String.join("; ", v.decidedBy()) + ")").orElse("");
            case LOCAL_ONLY -> "; the firewall lets only loopback reach it";
            case LAN, ANYWHERE -> "; the firewall lets it be reached from " + widest.map(v -> v.describe()
                    + (v.partial() ? " (some addresses)" : "") + " (" + String.join("; ", v.decidedBy()) + ")")
                    .orElse("beyond this host");
            case UNKNOWN -> "; who can reach it through the firewall is unknown" + r.verdicts().stream()
                    .filter(v -> v.outcome() == Outcome.UNKNOWN).findFirst()
                    .map(v -> " (" + String.join("; ", v.decidedBy()) + ")").orElse("");
        };
    }

    /** Which interfaces and families the wildcard socket accepts, and why. */
    static String scope(Listener l, AuditContext ctx) {
        if (l.family() == IpFamily.IPV4) {
            return "every IPv4 interface";
        }
        if (l.v6Only().isPresent()) {
            return l.v6Only().get() ? "every IPv6 interface (the socket is IPv6-only: it set IPV6_V6ONLY)"
                    : "every interface, IPv4 and IPv6 (the socket's IPV6_V6ONLY flag is clear)";
        }
        if (l.dualStack()) {
            return "every interface, IPv4 and IPv6 (the OS reports the socket as dual-stack)";
        }
        if (ctx.listening(l.key().withAddress("0.0.0.0"))) {
            return "every IPv6 interface (IPv6-only: a separate socket holds 0.0.0.0:" + l.port() + ")";
        }
        Optional<Boolean> v6only = ctx.settings(l).ipv6BindV6Only();
        if (v6only.isEmpty()) {
            return "every IPv6 interface, and IPv4 too unless the socket is IPv6-only";
        }
        // the sysctl is only the default: a socket that sets or clears IPV6_V6ONLY itself overrides it,
        // and the socket tables do not show the flag, so the message says what is known and no more
        return v6only.get() ? "every IPv6 interface (net.ipv6.bindv6only is 1; the socket may still accept IPv4 "
                + "if it cleared IPV6_V6ONLY)"
                : "every interface, IPv4 and IPv6, unless the socket set IPV6_V6ONLY (net.ipv6.bindv6only is 0, "
                        + "so a socket on :: accepts IPv4 too by default)";
    }

    /** Advice true of one service, where its category's would not be. */
    private static final Map<String, String> SERVICE_ADVICE = Map.of(
            "mdns", "mDNS answers on the local link by design; limit the interfaces (avahi's allow-interfaces) or "
                    + "disable it if the host should not announce itself.",
            "ntp", "A time client needs no listening NTP port on other interfaces: configure it as a client only "
                    + "(chrony: no 'allow' lines, 'port 0'), or restrict who may query it.",
            "rpcbind", "rpcbind tells anyone who asks which RPC services run where: bind it to the NFS network, "
                    + "firewall 111, or disable it where no NFS is served.",
            "snmp", "Bind snmpd to the management network, use SNMPv3, and firewall 161/udp.",
            "dns", "An authoritative or internal resolver should answer only the networks it serves: set "
                    + "listen-on and allow-query (or the resolver's equivalent) and firewall 53.");

    /** What to do about a service of {@code category} open on {@code where} ("every interface"). */
    static String advice(String category, String where) {
        return switch (category) {
            case "database", "cache", "message-queue" -> "Bind it to 127.0.0.1 or the private interface its "
                    + "clients use, require authentication, and firewall the port; " + category
                    + " services are a common target when open to every network.";
            case "container" -> "Never expose a container engine or orchestrator API on " + where + ": bind it "
                    + "to a local socket or loopback, and require mutual TLS.";
            case "web", "mail" -> "Expected for public-facing services; make sure this host is meant to serve it.";
            default -> "Bind the service to the addresses that need it (loopback, a private interface) instead of "
                    + "every interface, or restrict it with a firewall.";
        };
    }
}
