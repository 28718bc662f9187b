package dev.portaudit.audit.rules;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Describe;
import dev.portaudit.model.Exposure;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Listener;
import dev.portaudit.model.PortEntry;
import dev.portaudit.model.PortStatus;
import dev.portaudit.policy.RuleSpecs;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The rules that judge a listener by what the port table says of its port and protocol:
 * {@code unofficial-use}, {@code unassigned-port} and {@code reserved-port}. By default they judge
 * ports 0-49151 only: IANA never assigns dynamic ports, so every use there is unofficial by
 * definition and {@code dynamic-range-listener} speaks for them.
 */
public final class TableStatusRule implements Rule {

    public static final String UNOFFICIAL_USE = RuleSpecs.UNOFFICIAL_USE;
    public static final String UNASSIGNED_PORT = RuleSpecs.UNASSIGNED_PORT;
    public static final String RESERVED_PORT = RuleSpecs.RESERVED_PORT;

    private final String id;

    private TableStatusRule(String id) {
        this.id = id;
    }

    public static TableStatusRule unofficialUse() {
        return new TableStatusRule(UNOFFICIAL_USE);
    }

    public static TableStatusRule unassignedPort() {
        return new TableStatusRule(UNASSIGNED_PORT);
    }

    public static TableStatusRule reservedPort() {
        return new TableStatusRule(RESERVED_PORT);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void check(AuditedListener audited, AuditContext ctx, List<Finding> out) {
        Listener l = audited.listener();
        if (!PrivilegedBindRule.inAny(ctx.config().portRanges(id, "ports"), l.port())) {
            return;
        }
        // Whether a port is assigned matters to whoever else may reach it: a loopback-only listener on
        // a reserved or unassigned port collides with no one. A port in the dynamic or ephemeral range
        // is unassigned by definition, and dynamic-range-listener already says so.
        boolean quiet = !id.equals(UNOFFICIAL_USE) && l.exposure() == Exposure.LOOPBACK
                || id.equals(UNASSIGNED_PORT) && DynamicRangeRule.covers(l, ctx);
        if (quiet) {
            return;
        }
        Set<PortStatus> statuses = EnumSet.noneOf(PortStatus.class);
        for (PortEntry e : audited.entries()) {
            statuses.add(e.status());
        }
        boolean official = statuses.contains(PortStatus.YES) || statuses.contains(PortStatus.ASSIGNED);
        String port = l.port() + "/" + l.protocol().id();
        switch (id) {
            case UNOFFICIAL_USE -> {
                if (!official && !statuses.contains(PortStatus.RESERVED) && statuses.contains(PortStatus.UNOFFICIAL)) {
                    List<PortEntry> uses = audited.entries().stream()
                            .filter(e -> e.status() == PortStatus.UNOFFICIAL).toList();
                    out.add(new Finding(id, ctx.config().severity(id), l, Describe.listener(l) + " uses " + port
                            + ", which IANA does not assign; it is known only from unofficial uses: "
                            + Describe.labels(uses),
                            "Check that the owner is one of the known uses; if not, find out what the service is.",
                            uses));
                }
            }
            case UNASSIGNED_PORT -> {
                if (statuses.isEmpty() || statuses.equals(EnumSet.of(PortStatus.NO))) {
                    out.add(new Finding(id, ctx.config().severity(id), l, Describe.listener(l) + " uses " + port
                            + ", which IANA does not assign and no known service uses",
                            "Identify the service and document it, or stop it if nobody needs it.",
                            audited.entries()));
                }
            }
            default -> {
                if (!official && statuses.contains(PortStatus.RESERVED)) {
                    out.add(new Finding(id, ctx.config().severity(id), l, Describe.listener(l) + " uses " + port
                            + ", which IANA reserves and no service may be assigned",
                            "Move the service to a port assigned to it, or one in the registered range that is free.",
                            audited.entries().stream().filter(e -> e.status() == PortStatus.RESERVED).toList()));
                }
            }
        }
    }
}
