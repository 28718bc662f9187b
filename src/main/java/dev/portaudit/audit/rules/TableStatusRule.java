package dev.portaudit.audit.rules;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Finding;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.Listener;
import dev.portaudit.model.PortEntry;
import dev.portaudit.model.PortRange;
import dev.portaudit.model.PortStatus;
import dev.portaudit.model.Severity;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The rules that judge a listener by what the port table says of its port and protocol:
 * {@code unofficial-use}, {@code unassigned-port} and {@code reserved-port}. Ports in the dynamic
 * range are left to {@code dynamic-range-listener}: IANA never assigns them, so every use there is
 * unofficial by definition.
 */
public final class TableStatusRule implements Rule {

    public static final String UNOFFICIAL_USE = "unofficial-use";
    public static final String UNASSIGNED_PORT = "unassigned-port";
    public static final String RESERVED_PORT = "reserved-port";

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
    public Severity defaultSeverity() {
        return Severity.LOW;
    }

    @Override
    public String summary() {
        return switch (id) {
            case UNOFFICIAL_USE -> "the port table knows the port/protocol only from unofficial uses";
            case UNASSIGNED_PORT -> "the port table has no entry, or only 'no' entries, for the port/protocol";
            default -> "IANA reserves the port/protocol";
        };
    }

    @Override
    public void check(AuditedListener audited, HostFacts host, List<Finding> out) {
        Listener l = audited.listener();
        if (PortRange.DYNAMIC.contains(l.port())) {
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
                    out.add(new Finding(id, defaultSeverity(), l, Describe.listener(l) + " uses " + port
                            + ", which IANA does not assign; it is known only from unofficial uses: "
                            + Describe.labels(uses),
                            "Check that the owner is one of the known uses; if not, find out what the service is.",
                            uses));
                }
            }
            case UNASSIGNED_PORT -> {
                if (statuses.isEmpty() || statuses.equals(EnumSet.of(PortStatus.NO))) {
                    out.add(new Finding(id, defaultSeverity(), l, Describe.listener(l) + " uses " + port
                            + ", which IANA does not assign and no known service uses",
                            "Identify the service and document it, or stop it if nobody needs it.",
                            audited.entries()));
                }
            }
            default -> {
                if (!official && statuses.contains(PortStatus.RESERVED)) {
                    out.add(new Finding(id, defaultSeverity(), l, Describe.listener(l) + " uses " + port
                            + ", which IANA reserves and no service may be assigned",
                            "Move the service to a port assigned to it, or one in the registered range that is free.",
                            audited.entries().stream().filter(e -> e.status() == PortStatus.RESERVED).toList()));
                }
            }
        }
    }
}
