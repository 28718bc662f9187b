package dev.portaudit.report;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Exposure;
import dev.portaudit.model.Finding;
import dev.portaudit.model.PortRange;
import dev.portaudit.model.Report;
import dev.portaudit.model.RuleInfo;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Prometheus text exposition format, for node_exporter's textfile collector: gauges of
 * listeners and findings, and the scan's time, duration and completeness. Every combination of
 * labels is written, zero or not (findings for each rule active in the run), so series do not
 * vanish between scans.
 */
public final class PrometheusReporter implements Reporter {

    @Override
    public void write(Report r, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        gauge(w, "portaudit_info", "portaudit build and host; always 1.");
        w.write("portaudit_info{version=\"" + label(r.toolVersion()) + "\",hostname=\"" + label(r.host().hostname())
                + "\"} 1\n");

        Map<String, Integer> listeners = new TreeMap<>();
        for (Transport t : List.of(Transport.TCP, Transport.UDP)) {
            for (PortRange range : PortRange.values()) {
                for (Exposure e : Exposure.values()) {
                    listeners.put(key(t.id(), range.id(), e.id()), 0);
                }
            }
        }
        int unknown = 0;
        for (AuditedListener a : r.listeners()) {
            listeners.merge(key(a.listener().protocol().id(), a.listener().range().id(),
                    a.listener().exposure().id()), 1, Integer::sum);
            if (!a.listener().ownerKnown()) {
                unknown++;
            }
        }
        gauge(w, "portaudit_listeners", "Listening sockets by protocol, port range and exposure.");
        for (Map.Entry<String, Integer> e : listeners.entrySet()) {
            String[] k = e.getKey().split("\u0000");
            w.write("portaudit_listeners{protocol=\"" + k[0] + "\",range=\"" + k[1] + "\",exposure=\"" + k[2] + "\"} "
                    + e.getValue() + "\n");
        }
        gauge(w, "portaudit_listeners_owner_unknown", "Listening sockets whose owning process could not be seen.");
        w.write("portaudit_listeners_owner_unknown " + unknown + "\n");

        Map<String, Integer> findings = new TreeMap<>();
        Map<String, Integer> waived = new TreeMap<>();
        for (RuleInfo rule : r.rules()) {
            for (Severity s : Severity.values()) {
                findings.put(key(rule.id(), s.id()), 0);
            }
            waived.put(rule.id(), 0);
        }
        for (Finding f : r.findings()) {
            if (f.waived()) {
                waived.merge(f.rule(), 1, Integer::sum);
            } else {
                findings.merge(key(f.rule(), f.severity().id()), 1, Integer::sum);
            }
        }
        gauge(w, "portaudit_findings", "Findings not waived, by rule and severity.");
        for (Map.Entry<String, Integer> e : findings.entrySet()) {
            String[] k = e.getKey().split("\u0000");
            w.write("portaudit_findings{rule=\"" + label(k[0]) + "\",severity=\"" + k[1] + "\"} " + e.getValue() + "\n");
        }
        gauge(w, "portaudit_findings_waived", "Findings a policy waiver accepts, by rule.");
        for (Map.Entry<String, Integer> e : waived.entrySet()) {
            w.write("portaudit_findings_waived{rule=\"" + label(e.getKey()) + "\"} " + e.getValue() + "\n");
        }
        gauge(w, "portaudit_scan_timestamp_seconds", "When the scan started, in seconds since the epoch.");
        w.write("portaudit_scan_timestamp_seconds " + decimal(r.generatedAt().toEpochMilli()) + "\n");
        gauge(w, "portaudit_scan_duration_seconds", "How long collection and matching took.");
        w.write("portaudit_scan_duration_seconds " + decimal(r.durationMillis()) + "\n");
        gauge(w, "portaudit_scan_complete", "1 when every socket and owner could be seen, else 0.");
        w.write("portaudit_scan_complete " + (r.coverage().isEmpty() ? 1 : 0) + "\n");
        w.flush();
    }

    private static void gauge(Writer w, String name, String help) throws IOException {
        w.write("# HELP " + name + " " + help + "\n# TYPE " + name + " gauge\n");
    }

    private static String key(String... parts) {
        return String.join("\u0000", parts);
    }

    /**
     * Label values escape backslash, double quote and line feed, as the exposition format requires;
     * other control characters from the system are first made visible.
     */
    static String label(String s) {
        return TerminalText.safe(s).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String decimal(long millis) {
        return BigDecimal.valueOf(millis, 3).toPlainString();
    }
}
