package dev.portaudit.audit.rules;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Describe;
import dev.portaudit.model.Finding;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.PortRange;
import dev.portaudit.policy.PortSpan;
import dev.portaudit.policy.RuleSpecs;
import java.util.List;
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
        KernelSettings k = ctx.host().settings();
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
        KernelSettings k = ctx.host().settings();
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
        out.add(new Finding(ID, ctx.config().severity(ID), l,
                Describe.listener(l) + " listens on port " + l.port() + ", " + where,
                "Give the service a fixed port outside the ephemeral range, or reserve it with "
                        + "net.ipv4.ip_local_reserved_ports; a port chosen at random is hard to firewall and audit.",
                audited.entries()));
    }
}
