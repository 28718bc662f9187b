package dev.portaudit.audit;

import dev.portaudit.audit.rules.Rule;
import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Report;
import dev.portaudit.model.Snapshot;
import dev.portaudit.ports.PortTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Joins a snapshot with the port table and the rules, and assembles the report. */
public final class Auditor {

    private final PortTable table;
    private final List<Rule> rules;

    public Auditor(PortTable table, List<Rule> rules) {
        this.table = table;
        this.rules = List.copyOf(rules);
    }

    public Report audit(Snapshot snapshot, Instant startedAt, long durationMillis, String toolVersion) {
        List<AuditedListener> audited = new ArrayList<>(snapshot.listeners().size());
        List<Finding> findings = new ArrayList<>();
        for (Listener l : snapshot.listeners()) {
            AuditedListener a = new AuditedListener(l, table.entries(l.protocol(), l.port()));
            audited.add(a);
            for (Rule r : rules) {
                r.check(a, snapshot.host(), findings);
            }
        }
        return Report.of(toolVersion, startedAt, durationMillis, snapshot.host(), audited, findings,
                snapshot.coverage());
    }
}
