package dev.portaudit.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one value every reporter renders.
 *
 * @param schemaVersion version of the report schema (see docs/formats.md, "JSON report")
 * @param toolVersion   portaudit's version
 * @param generatedAt   when the scan started
 * @param durationMillis how long collection and matching took (loading the rules, which runs beside
 *                      collection, and writing reports are not counted)
 * @param host          host facts
 * @param listeners     listeners with their table entries, sorted
 * @param findings      findings, most severe first
 * @param coverage      what could not be seen
 * @param summary       counts derived from listeners and findings
 * @param rules         the rules active in this run, with the severity it gave them
 * @param verdict       the run's outcome, as the exit policy decided it
 * @param probes        what the listeners answered when probed ({@code scan --probe}); empty otherwise
 * @param published     the ports the host publishes through NAT, with what is behind each; empty
 *                      where the firewall was not read
 */
public record Report(String schemaVersion, String toolVersion, Instant generatedAt, long durationMillis,
        HostFacts host, List<AuditedListener> listeners, List<Finding> findings, List<CoverageNote> coverage,
        Summary summary, List<RuleInfo> rules, Verdict verdict, List<Probe> probes, List<Publication> published) {

    public static final String SCHEMA_VERSION = "1.0";

    public Report {
        Objects.requireNonNull(schemaVersion);
        Objects.requireNonNull(toolVersion);
        Objects.requireNonNull(generatedAt);
        Objects.requireNonNull(host);
        listeners = listeners.stream()
                .sorted((a, b) -> Listener.ORDER.compare(a.listener(), b.listener())).toList();
        findings = findings.stream().sorted(Finding.ORDER).toList();
        coverage = List.copyOf(coverage);
        Objects.requireNonNull(summary);
        rules = List.copyOf(rules);
        Objects.requireNonNull(verdict);
        probes = List.copyOf(probes);
        published = List.copyOf(published);
    }

    public static Report of(String toolVersion, Instant generatedAt, long durationMillis, HostFacts host,
            List<AuditedListener> listeners, List<Finding> findings, List<CoverageNote> coverage,
            List<RuleInfo> rules, Verdict verdict, List<Probe> probes) {
        return of(toolVersion, generatedAt, durationMillis, host, listeners, findings, coverage, rules, verdict, probes,
                List.of());
    }

    public static Report of(String toolVersion, Instant generatedAt, long durationMillis, HostFacts host,
            List<AuditedListener> listeners, List<Finding> findings, List<CoverageNote> coverage,
            List<RuleInfo> rules, Verdict verdict, List<Probe> probes, List<Publication> published) {
        return new Report(SCHEMA_VERSION, toolVersion, generatedAt, durationMillis, host, listeners, findings,
                coverage, Summary.of(listeners, findings), rules, verdict, probes, published);
    }

    /** The active rule with this id, if the run had it. */
    public Optional<RuleInfo> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Findings grouped by the listener they concern, each group in report order. */
    public Map<Listener, List<Finding>> findingsByListener() {
        // listeners are compared by identity: the report's findings point at its own listener objects,
        // and hashing a listener's owners and command lines for every finding is costly on big hosts
        Map<Listener, List<Finding>> map = new IdentityHashMap<>();
        for (Finding f : findings) {
            map.computeIfAbsent(f.listener(), k -> new ArrayList<>()).add(f);
        }
        return map;
    }
}
