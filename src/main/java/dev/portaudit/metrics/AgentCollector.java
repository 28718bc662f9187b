package dev.portaudit.metrics;

import dev.portaudit.agent.AgentStatus;
import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.Exposure;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Listener;
import dev.portaudit.model.PortRange;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Reachability;
import dev.portaudit.model.Report;
import dev.portaudit.model.RuleInfo;
import dev.portaudit.model.Severity;
import dev.portaudit.model.SocketActivation;
import dev.portaudit.model.Transport;
import dev.portaudit.policy.RuleSpecs;
import dev.portaudit.report.TerminalText;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The agent's state as Prometheus metrics, built from its last recorded scan at each scrape. The
 * families the textfile output has ({@code scan --format prometheus}) keep their names and labels,
 * so the same alerting rules serve both; the endpoint adds who can reach the listeners, unexpected
 * listeners, coverage gaps and the agent's counters. Labels take a few fixed values each (protocol,
 * range, exposure, rule, severity, event) — never a pid, a process or a command line — so a fleet's
 * series stay few; one series per listener only with {@code --metrics-listener-series N}, capped at N.
 */
final class AgentCollector implements MultiCollector {

    /** Orders label value lists, so that series come out in the same order at every scrape. */
    private static final Comparator<List<String>> ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private final Supplier<AgentStatus> status;
    private final int listenerSeries;

    AgentCollector(Supplier<AgentStatus> status, int listenerSeries) {
        this.status = status;
        this.listenerSeries = listenerSeries;
    }

    @Override
    public MetricSnapshots collect() {
        AgentStatus s = status.get();
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(counter("portaudit_agent_scans", "Scans the agent attempted since it started.", s.attempts()));
        out.add(counter("portaudit_agent_scan_failures",
                "Scans that failed or could not be recorded since the agent started.", s.failures()));
        CounterSnapshot.Builder events = CounterSnapshot.builder().name("portaudit_agent_journal_events")
                .help("Journal events the agent wrote since it started, by event.");
        for (String e : List.of("listener-opened", "listener-closed", "exposure-changed", "finding-raised",
                "finding-resolved")) {
            events.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(Labels.of("event", e))
                    .value(s.events().getOrDefault(e, 0L)).build());
        }
        out.add(events.build());
        out.add(gauge("portaudit_agent_interval_seconds", "Time between scans.", s.interval().toMillis() / 1000.0));
        out.add(InfoSnapshot.builder().name("portaudit_build").help("The agent's version and the Java it runs on.")
                .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of("java_version",
                        Runtime.version().toString(), "version", s.version())).build()).build());
        s.lastRecorded().ifPresent(r -> scan(r, out));
        return new MetricSnapshots(out);
    }

    /** The last recorded scan: what it found, when, how long it took, what it could not see. */
    private void scan(Report r, List<MetricSnapshot> out) {
        out.add(gauge("portaudit_agent_last_success_timestamp_seconds",
                "When the last recorded scan started, in seconds since the epoch.", r.generatedAt().toEpochMilli() / 1000.0));
        out.add(GaugeSnapshot.builder().name("portaudit_info").help("portaudit build and host; always 1.")
                .dataPoint(point(Labels.of("hostname", TerminalText.safe(r.host().hostname()), "version",
                        r.toolVersion()), 1)).build());
        Map<List<String>, Integer> listeners = new TreeMap<>(ORDER);
        for (Transport t : List.of(Transport.TCP, Transport.UDP)) {
            for (PortRange range : PortRange.values()) {
                for (Exposure e : Exposure.values()) {
                    listeners.put(List.of(t.id(), range.id(), e.id()), 0);
                }
            }
        }
        Map<List<String>, Integer> reach = new TreeMap<>(ORDER);
        for (Transport t : List.of(Transport.TCP, Transport.UDP)) {
            for (Reachability.Reach c : Reachability.Reach.values()) {
                reach.put(List.of(t.id(), c.id()), 0);
            }
            reach.put(List.of(t.id(), "not-judged"), 0);
        }
        int unknown = 0;
        for (AuditedListener a : r.listeners()) {
            listeners.merge(List.of(a.listener().protocol().id(), a.listener().range().id(),
                    a.listener().exposure().id()), 1, Integer::sum);
            reach.merge(List.of(a.listener().protocol().id(), a.reachability().map(x -> x.reach().id())
                    .orElse("not-judged")), 1, Integer::sum);
            unknown += a.listener().ownerKnown() ? 0 : 1;
        }
        out.add(gauges("portaudit_listeners", "Listening sockets by protocol, port range and exposure.",
                List.of("protocol", "range", "exposure"), listeners));
        out.add(gauges("portaudit_listeners_reachable", "Listening sockets by who can reach them through the "
                + "firewall (not-judged: the firewall was not read).", List.of("protocol", "reach"), reach));
        out.add(gauge("portaudit_listeners_owner_unknown", "Listening sockets whose owning process could not be seen.",
                unknown));
        Map<List<String>, Integer> findings = new TreeMap<>(ORDER);
        Map<List<String>, Integer> waived = new TreeMap<>(ORDER);
        for (RuleInfo rule : r.rules()) {
            for (Severity sev : Severity.values()) {
                findings.put(List.of(rule.id(), sev.id()), 0);
            }
            waived.put(List.of(rule.id()), 0);
        }
        int unexpected = 0;
        for (Finding f : r.findings()) {
            if (f.waived()) {
                waived.merge(List.of(f.rule()), 1, Integer::sum);
            } else {
                findings.merge(List.of(f.rule(), f.severity().id()), 1, Integer::sum);
                unexpected += f.rule().equals(RuleSpecs.UNEXPECTED) ? 1 : 0;
            }
        }
        out.add(gauges("portaudit_findings", "Findings not waived, by rule and severity.", List.of("rule", "severity"),
                findings));
        out.add(gauges("portaudit_findings_waived", "Findings a policy waiver accepts, by rule.", List.of("rule"),
                waived));
        out.add(gauge("portaudit_unexpected_listeners", "Listeners the policy's allow list does not name (not waived).",
                unexpected));
        Map<List<String>, Integer> gaps = new TreeMap<>(ORDER);
        for (CoverageNote c : r.coverage()) {
            gaps.merge(List.of(c.kind()), c.count(), Integer::sum);
        }
        out.add(gauges("portaudit_coverage_gaps", "What the last scan could not see, by kind (owner-unknown, "
                + "processes-unreadable, …): counts of sockets or processes.", List.of("kind"), gaps));
        out.add(gauge("portaudit_scan_timestamp_seconds", "When the scan started, in seconds since the epoch.",
                r.generatedAt().toEpochMilli() / 1000.0));
        out.add(gauge("portaudit_scan_duration_seconds", "How long collection and matching took.",
                r.durationMillis() / 1000.0));
        out.add(gauge("portaudit_scan_complete", "1 when every socket and owner could be seen, else 0.",
                r.coverage().isEmpty() ? 1 : 0));
        if (listenerSeries > 0) {
            perListener(r, out);
        }
    }

    /** One series per listener, for a dashboard's table: only when asked, and never more than the cap. */
    private void perListener(Report r, List<MetricSnapshot> out) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name("portaudit_listener")
                .help("One series per listener (--metrics-listener-series), always 1.");
        int n = 0;
        for (AuditedListener a : r.listeners()) {
            if (n++ >= listenerSeries) {
                break;
            }
            Listener l = a.listener();
            // what serves it, as an operator names it; made visible where it holds control characters
            String server = l.activation().map(SocketActivation::socketUnit)
                    .or(() -> l.primaryOwner().flatMap(ProcessOwner::unit))
                    .or(() -> l.primaryOwner().map(ProcessOwner::name)).orElse("");
            b.dataPoint(point(Labels.of("address", l.scopedAddress(), "exposure", l.exposure().id(), "port",
                    Integer.toString(l.port()), "protocol", l.protocol().id(), "server", TerminalText.safe(server)), 1));
        }
        out.add(b.build());
        out.add(gauge("portaudit_listener_series_dropped", "Listeners left out of portaudit_listener by the cap.",
                Math.max(0, r.listeners().size() - listenerSeries)));
    }

    private static CounterSnapshot counter(String name, String help, double value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).build()).build();
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help).dataPoint(point(Labels.EMPTY, value)).build();
    }

    private static GaugeSnapshot gauges(String name, String help, List<String> labels, Map<List<String>, Integer> values) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        values.forEach((k, v) -> b.dataPoint(point(Labels.of(labels, k), v)));
        return b.build();
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
