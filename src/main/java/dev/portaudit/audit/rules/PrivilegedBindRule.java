package dev.portaudit.audit.rules;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Describe;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Listener;
import dev.portaudit.model.NetNamespace;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Severity;
import dev.portaudit.policy.PortSpan;
import dev.portaudit.policy.RuleSpecs;
import java.util.List;

/**
 * privileged-bind: a listener on a port below 1024, graded by who bound it. The kernel records the
 * socket's creator (its uid in the socket tables): root there is what system daemons do (info), also
 * when the daemon then dropped its privileges — the hardened case — so the holder running as
 * another user is no concern. A socket created by another user means a capability, a lowered
 * {@code net.ipv4.ip_unprivileged_port_start} or a descriptor handed over made it possible. Where
 * the source does not give the creator, the holders are judged instead.
 */
public final class PrivilegedBindRule implements Rule {

    public static final String ID = RuleSpecs.PRIVILEGED_BIND;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(AuditedListener audited, AuditContext ctx, List<Finding> out) {
        Listener l = audited.listener();
        if (ctx.config().portRanges(ID, "ports").stream().noneMatch(r -> r.contains(l.port()))) {
            return;
        }
        String service = Describe.bestEntry(audited.entries()).map(e -> " (" + Describe.name(e) + ")").orElse("");
        String what = l.endpoint() + " binds well-known port " + l.port() + service;
        boolean boundByRoot = l.socketUid().isPresent() && l.socketUid().getAsLong() == 0;
        if (boundByRoot) {
            boolean heldByRoot = l.owners().stream().anyMatch(ProcessOwner::isRoot);
            out.add(new Finding(ID, Severity.INFO, l, what + ", bound by root" + (!l.ownerKnown()
                    ? " (its holder could not be seen)" : heldByRoot ? " and held by " + Describe.owners(l)
                    : " and held by " + Describe.owners(l) + ": the daemon dropped its privileges after binding"),
                    "Expected for system daemons; make sure the service is meant to run on this host.",
                    audited.entries()));
            return;
        }
        if (!l.ownerKnown()) {
            out.add(new Finding(ID, Severity.LOW, l, what + "; its owner could not be seen, so whether a "
                    + "privileged process bound it is unknown" + l.socketUid().stream()
                            .mapToObj(u -> " (the socket was created by uid " + u + ")").findFirst().orElse(""),
                    "Run the scan as root to see the owner.", audited.entries()));
            return;
        }
        if (l.socketUid().isEmpty() && l.owners().stream().anyMatch(ProcessOwner::isRoot)) {
            out.add(new Finding(ID, Severity.INFO, l, what + ", held by " + Describe.owners(l)
                    + "; binding it takes root privileges",
                    "Expected for system daemons; make sure the service is meant to run on this host.",
                    audited.entries()));
            return;
        }
        boolean capability = l.owners().stream().anyMatch(o -> o.bindCapability().orElse(false));
        int unprivStart = ctx.settings(l).unprivilegedPortStart().orElse(1024);
        String why;
        Severity severity;
        String fix;
        boolean container = l.namespace().flatMap(NetNamespace::container).isPresent();
        if (unprivStart <= l.port() && container) {
            // engines lower it in a container's own namespace so that its non-root service can bind; only
            // the processes sharing that namespace could take the port, not the host's users
            why = "net.ipv4.ip_unprivileged_port_start is " + unprivStart + " in " + l.namespace().get().label()
                    + "'s own network namespace, as container engines set it, so no privilege is needed there";
            severity = Severity.LOW;
            fix = "Expected for a container's non-root service; any process sharing the container's network "
                    + "namespace could bind this port, so keep the container to one service.";
        } else if (unprivStart <= l.port()) {
            why = "net.ipv4.ip_unprivileged_port_start is " + unprivStart + (l.namespace().isPresent()
                    ? " in " + l.namespace().get().label() : "") + ", so any local user may bind ports from "
                    + unprivStart + " up";
            severity = Severity.HIGH;
            fix = "Restore net.ipv4.ip_unprivileged_port_start to 1024 unless unprivileged services on low ports "
                    + "are intended; any local user could take this port before the service does.";
        } else if (capability) {
            // a service user with the one capability it needs is less privilege than root, not more risk:
            // named keeps it after giving up root, systemd grants it as an ambient capability
            why = "the process holds CAP_NET_BIND_SERVICE";
            severity = Severity.LOW;
            fix = "Least privilege, as intended for services such as named; confirm the capability was granted "
                    + "on purpose (the daemon's own design, setcap, systemd AmbientCapabilities) and is limited to "
                    + "this service.";
        } else if (l.socketUid().isPresent()) {
            why = "the socket was created by uid " + l.socketUid().getAsLong() + ", which holds no "
                    + "CAP_NET_BIND_SERVICE now: it was bound with privileges since given up, or handed over";
            severity = Severity.MEDIUM;
            fix = "Confirm which process bound the port and that it is meant to run as this user.";
        } else {
            why = "the socket was bound by a privileged process and handed over (inherited, socket activation "
                    + "or a passed descriptor)";
            severity = Severity.MEDIUM;
            fix = "Confirm which privileged process bound the port and that handing it to this user is intended.";
        }
        out.add(new Finding(ID, severity, l, what + ", held by " + Describe.owners(l) + (l.socketUid().isPresent()
                ? ", bound by uid " + l.socketUid().getAsLong() : " without root") + ": " + why + ctx.assumption(l),
                fix, audited.entries()));
    }

    static boolean inAny(List<PortSpan> spans, int port) {
        return spans.stream().anyMatch(s -> s.contains(port));
    }
}
