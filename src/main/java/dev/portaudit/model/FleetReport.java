package dev.portaudit.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Many hosts' scan reports rolled up into one view: each host and how it stands, each listener
 * (protocol, port and what serves it) with the hosts that have it, grouped by service, the rare ones
 * ranked, and findings per host and rule.
 *
 * @param generatedAt  when the roll-up was made
 * @param toolVersion  portaudit's version
 * @param hosts        one row per report read, by host name
 * @param listeners    one row per listener identity across the fleet, by service then port
 * @param rare         the listeners on at most {@code rareAtMost} hosts, rarest first
 * @param rareAtMost   the host count at or under which a listener counts as rare
 * @param rules        per rule, the findings not waived by severity and the hosts that have one
 * @param skipped      files that were not scan reports, with why
 */
public record FleetReport(Instant generatedAt, String toolVersion, List<Host> hosts, List<FleetListener> listeners,
        List<FleetListener> rare, int rareAtMost, List<RuleRow> rules, List<Skipped> skipped) {

    public FleetReport {
        Objects.requireNonNull(generatedAt);
        hosts = List.copyOf(hosts);
        listeners = List.copyOf(listeners);
        rare = List.copyOf(rare);
        rules = List.copyOf(rules);
        skipped = List.copyOf(skipped);
    }

    /**
     * A host as its report tells it.
     *
     * @param name        host name
     * @param source      the report file
     * @param scannedAt   when its scan ran
     * @param listeners   listeners it had
     * @param findings    findings not waived, by severity id
     * @param byRule      findings not waived, by rule
     * @param outOfPolicy why it is out of policy (unexpected or denied listeners); empty when it is not
     * @param complete    whether its scan saw every socket and owner; empty where the source does not say
     *                    (a journal)
     * @param journal     for a journal, whether its hash chain held ("intact", "broken at #12 (edited)", …);
     *                    empty for a scan report
     */
    public record Host(String name, String source, Instant scannedAt, int listeners, Map<String, Integer> findings,
            Map<String, Integer> byRule, List<String> outOfPolicy, Optional<Boolean> complete,
            Optional<String> journal) {
        public Host(String name, String source, Instant scannedAt, int listeners, Map<String, Integer> findings,
                Map<String, Integer> byRule, List<String> outOfPolicy, Optional<Boolean> complete) {
            this(name, source, scannedAt, listeners, findings, byRule, outOfPolicy, complete, Optional.empty());
        }

        public Host {
            findings = Map.copyOf(findings);
            byRule = Map.copyOf(byRule);
            outOfPolicy = List.copyOf(outOfPolicy);
        }
    }

    /**
     * A listener identity across the fleet.
     *
     * @param protocol "tcp" or "udp"
     * @param port     its port
     * @param server   what serves it: unit, else package, else executable, else process ("" unseen)
     * @param service  the service the port table names for it ("" none)
     * @param hosts    the hosts that have it, sorted
     * @param highest  the most severe finding on it on any host ("" none)
     */
    public record FleetListener(String protocol, int port, String server, String service, List<String> hosts,
            String highest) {
        public FleetListener {
            hosts = List.copyOf(hosts);
        }
    }

    /**
     * A rule across the fleet.
     *
     * @param rule      rule id
     * @param findings  findings not waived, by severity id
     * @param hosts     hosts with at least one, sorted
     */
    public record RuleRow(String rule, Map<String, Integer> findings, List<String> hosts) {
        public RuleRow {
            findings = Map.copyOf(findings);
            hosts = List.copyOf(hosts);
        }
    }

    /** A file that was not read as a scan report, and why. */
    public record Skipped(String source, String why) {
    }
}
