package dev.portaudit.agent;

import dev.portaudit.model.Report;
import dev.portaudit.report.ReportFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The agent's Prometheus textfile: the last recorded scan's own metrics (listeners, findings, the
 * scan's time and completeness, as {@code scan --format prometheus} writes them) followed by the
 * agent's counters. Before the first recorded scan only the counters are there.
 */
final class AgentMetrics {

    private AgentMetrics() {
    }

    static void write(OutputStream out, Optional<Report> last, int attempts, int recorded, Duration interval)
            throws IOException {
        if (last.isPresent()) {
            ReportFormat.PROMETHEUS.reporter().write(last.get(), out);
        }
        StringBuilder b = new StringBuilder();
        metric(b, "portaudit_agent_scans_total", "counter", "Scans the agent attempted since it started.", attempts);
        metric(b, "portaudit_agent_scan_failures_total", "counter",
                "Scans that failed or could not be recorded since the agent started.", attempts - recorded);
        metric(b, "portaudit_agent_interval_seconds", "gauge", "Time between scans.",
                BigDecimal.valueOf(interval.toMillis(), 3).stripTrailingZeros().toPlainString());
        if (last.isPresent()) {
            metric(b, "portaudit_agent_last_success_timestamp_seconds", "gauge",
                    "When the last recorded scan started, in seconds since the epoch.",
                    BigDecimal.valueOf(last.get().generatedAt().toEpochMilli(), 3).toPlainString());
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void metric(StringBuilder b, String name, String type, String help, Object value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        b.append(name).append(' ').append(value).append('\n');
    }
}
