package dev.portaudit.audit.rules;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Describe;
import dev.portaudit.model.Finding;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.PortRange;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Severity;
import dev.portaudit.policy.Glob;
import dev.portaudit.policy.PortSpan;
import dev.portaudit.policy.RuleSpecs;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code dynamic-range-listener}: a listener in IANA's dynamic/private range (49152-65535), or in
 * the kernel's ephemeral range where that differs from IANA's. Outgoing connections take their
 * local ports from the ephemeral range, so a service there may find its port taken on restart,
 * and a port picked at random is hard to firewall or audit.
 */
public final class DynamicRangeRule implements Rule {

    public static final String ID = RuleSpecs.DYNAMIC_RANGE;

    @Override
    public String id() {
        return ID;
    }

    /** Whether this rule, if enabled, speaks for the listener's port: other rules then keep quiet about it. */
    static boolean covers(Listener l, AuditContext ctx) {
        KernelSettings k = ctx.settings(l);
        boolean dynamic = PrivilegedBindRule.inAny(ctx.config().portRanges(ID, "ranges"), l.port());
        boolean ephemeral = ctx.config().flag(ID, "kernel-ephemeral-range") && k.inEphemeralRange(l.port());
        return ctx.config().enabled(ID) && (dynamic || ephemeral && k.ephemeralDiffersFromIana());
    }

    @Override
    public void check(AuditedListener audited, AuditContext ctx, List<Finding> out) {
        Listener l = audited.listener();
        if (!covers(l, ctx)) {
            return;
        }
        KernelSettings k = ctx.settings(l);
        List<PortSpan> ranges = ctx.config().portRanges(ID, "ranges");
        boolean dynamic = PrivilegedBindRule.inAny(ranges, l.port());
        boolean ephemeral = ctx.config().flag(ID, "kernel-ephemeral-range") && k.inEphemeralRange(l.port());
        String kernelRange = k.hasEphemeralRange()
                ? k.ephemeralFirst().getAsInt() + "-" + k.ephemeralLast().getAsInt() : "";
        boolean iana = ranges.size() == 1 && ranges.get(0).first() == PortRange.DYNAMIC.first()
                && ranges.get(0).last() == PortRange.DYNAMIC.last();
        String rangeText = iana ? "IANA's dynamic/private range 49152-65535"
                : "the policy's dynamic range " + ranges.stream().map(PortSpan::toString).collect(Collectors.joining(","));
        String where;
        if (dynamic && ephemeral) {
            where = "in " + rangeText + " and in the kernel's ephemeral range " + kernelRange
                    + ", from which outgoing connections take their local ports";
        } else if (dynamic) {
            where = "in " + rangeText + (iana ? ", which is never assigned to a service" : "");
        } else {
            where = "inside the kernel's ephemeral range " + kernelRange + " (net.ipv4.ip_local_port_range, "
                    + "which differs from IANA's 49152-65535), from which outgoing connections take their local ports";
        }
        if (ephemeral) {
            where += (l.namespace().isPresent() ? " (" + l.namespace().get().label() + "'s own)" : "")
                    + ctx.assumption(l);
        }
        List<Glob> byDesign = ctx.config().names(ID, "by-design").stream().map(Glob::of).toList();
        Optional<ProcessOwner> designed = l.owners().stream()
                .filter(o -> byDesign.stream().anyMatch(g -> g.matches(o.name()))).findFirst();
        if (designed.isPresent()) {
            String name = designed.get().name();
            boolean rpc = name.startsWith("rpc.") || name.equals("ypbind");
            out.add(new Finding(ID, Severity.INFO, l, Describe.listener(l) + " listens on port " + l.port() + ", "
                    + where + "; " + name + (rpc ? " takes a port at start and registers it with rpcbind"
                            : " takes a random port") + " by design",
                    rpc ? "Expected; to let a firewall admit it, pin the port (statd and mountd: port= in "
                            + "/etc/nfs.conf)." : "Expected for this program.",
                    audited.entries()));
            return;
        }
        out.add(new Finding(ID, ctx.config().severity(ID), l,
                Describe.listener(l) + " listens on port " + l.port() + ", " + where,
                "Give the service a fixed port outside the ephemeral range, or reserve it with "
                        + "net.ipv4.ip_local_reserved_ports; a port chosen at random is hard to firewall and audit.",
                audited.entries()));
    }
}
