package dev.portaudit.audit.rules;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Finding;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.PortRange;
import dev.portaudit.model.Severity;
import java.util.List;

/**
 * {@code dynamic-range-listener}: a listener in IANA's dynamic/private range (49152-65535), or in
 * the kernel's ephemeral range where that differs from IANA's. Outgoing connections take their
 * local ports from the ephemeral range, so a service there may find its port taken on restart,
 * and a port picked at random is hard to firewall or audit.
 */
public final class DynamicRangeRule implements Rule {

    public static final String ID = "dynamic-range-listener";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.LOW;
    }

    @Override
    public String summary() {
        return "listener in the dynamic/private range 49152-65535 or in the kernel's ephemeral port range";
    }

    @Override
    public void check(AuditedListener audited, HostFacts host, List<Finding> out) {
        Listener l = audited.listener();
        KernelSettings k = host.settings();
        boolean dynamic = PortRange.DYNAMIC.contains(l.port());
        boolean ephemeral = k.inEphemeralRange(l.port());
        if (!dynamic && !(ephemeral && k.ephemeralDiffersFromIana())) {
            return;
        }
        String kernelRange = k.hasEphemeralRange()
                ? k.ephemeralFirst().getAsInt() + "-" + k.ephemeralLast().getAsInt() : "";
        String where;
        if (dynamic && ephemeral) {
            where = "in IANA's dynamic/private range 49152-65535 and in the kernel's ephemeral range " + kernelRange
                    + ", from which outgoing connections take their local ports";
        } else if (dynamic) {
            where = "in IANA's dynamic/private range 49152-65535, which is never assigned to a service";
        } else {
            where = "inside the kernel's ephemeral range " + kernelRange + " (net.ipv4.ip_local_port_range, "
                    + "which differs from IANA's 49152-65535), from which outgoing connections take their local ports";
        }
        out.add(new Finding(ID, defaultSeverity(), l,
                Describe.listener(l) + " listens on port " + l.port() + ", " + where,
                "Give the service a fixed port outside the ephemeral range, or reserve it with "
                        + "net.ipv4.ip_local_reserved_ports; a port chosen at random is hard to firewall and audit.",
                audited.entries()));
    }
}
