package dev.portaudit.report;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.Publication;
import dev.portaudit.model.Describe;
import dev.portaudit.model.Finding;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.PortEntry;
import dev.portaudit.model.PortStatus;
import dev.portaudit.model.Probe;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Report;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Summary;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The human-readable report: host facts, one line per listener with its service and findings,
 * the findings worth reading with their advice, what could not be seen, and a summary.
 */
public final class TableReporter implements Reporter {

    private static final String[] HEADERS = {"PROTO", "ADDRESS", "PORT", "EXPOSURE", "PID", "PROCESS", "USER",
        "SERVICE", "FINDINGS"};
    private static final int[] MAX = {5, 39, 5, 22, 12, 20, 16, 32, Integer.MAX_VALUE};
    /** Below these a column is not narrowed to fit the terminal; the rest of a row may then overflow. */
    private static final int[] MIN = {5, 11, 5, 8, 6, 7, 4, 7, 10};
    /**
     * How a row gives way to a narrow terminal, step by step: narrow the service, the unit, the
     * process, the address and the exposure, leave out the user and the pid ("-"), and last narrow
     * the findings, which the section above lists in full.
     */
    private static final String[] GIVE_WAY = {"SERVICE", "UNIT", "PROCESS", "ADDRESS", "EXPOSURE", "-USER", "-PID",
        "FINDINGS"};
    /** Where the UNIT column goes when some owner runs in a systemd unit: after the process. */
    private static final int UNIT_AT = 6;

    private final View view;

    public TableReporter(View view) {
        this.view = view;
    }

    /** What matters first: the findings worth reading and what could not be seen, then the listeners. */
    @Override
    public void write(Report report, OutputStream out) throws IOException {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), false);
        header(report, w);
        // the verdict first, for the reader who stops after a screen; again at the end, for the one who scrolls
        w.println();
        wrapped(w, "", "", summaryLine(report.summary()));
        findings(report, w);
        coverage(report, w);
        published(report, w);
        probes(report, w);
        if (!view.findingsOnly()) {
            listeners(report, w);
        }
        w.println();
        wrapped(w, "", "", summaryLine(report.summary()));
        w.flush();
        if (w.checkError()) {
            throw new IOException("the report could not be written in full");
        }
    }

    private void listeners(Report report, PrintWriter w) {
        Map<Listener, List<Finding>> byListener = report.findingsByListener();
        List<String[]> rows = new ArrayList<>();
        boolean namespaces = report.listeners().stream().anyMatch(a -> a.listener().place().isPresent());
        boolean units = report.listeners().stream().anyMatch(a -> unit(a.listener()).isPresent());
        for (AuditedListener a : report.listeners()) {
            String[] row = row(a, byListener.getOrDefault(a.listener(), List.of()));
            if (units) {
                row = insert(row, UNIT_AT, unit(a.listener()).map(TerminalText::safe).orElse("-"));
            }
            rows.add(namespaces ? withNamespace(row, a.listener()) : row);
        }
        w.println();
        if (rows.isEmpty()) {
            w.println("No listening sockets found.");
        } else {
            w.println("LISTENERS");
            String[] headers = units ? insert(HEADERS, UNIT_AT, "UNIT") : HEADERS;
            int[] max = units ? insert(MAX, UNIT_AT, 28) : MAX;
            int[] min = units ? insert(MIN, UNIT_AT, 6) : MIN;
            printTable(namespaces ? withNamespace(headers, "NAMESPACE") : headers,
                    namespaces ? withNamespace(max, 24) : max, namespaces ? withNamespace(min, 12) : min,
                    namespaces ? 1 : 0, rows, w);
        }
    }

    private void header(Report r, PrintWriter w) {
        HostFacts h = r.host();
        StringBuilder first = new StringBuilder("portaudit ").append(r.toolVersion());
        if (!h.hostname().isEmpty()) {
            first.append(" · host ").append(TerminalText.safe(h.hostname()));
        }
        if (!h.os().isEmpty()) {
            first.append(" · ").append(TerminalText.safe(h.os()));
        }
        if (!h.kernel().isEmpty()) {
            first.append(" · kernel ").append(TerminalText.safe(h.kernel()));
        }
        wrapped(w, "", "", first.toString());
        List<String> facts = new ArrayList<>();
        h.namespace().ifPresent(ns -> facts.add("namespace " + TerminalText.safe(ns.label())
                + (ns.container().isPresent() ? " (" + ns.id() + ")" : "")));
        if (!h.source().equals("live")) {
            facts.add("from a snapshot (" + h.source() + ")");
        }
        facts.add((h.source().equals("live") ? "scanned " : "audited ") + r.generatedAt()
                + (h.source().equals("live") ? (h.elevated() ? " as root" : " without root") : ""));
        KernelSettings k = h.settings();
        if (k.hasEphemeralRange()) {
            facts.add("ephemeral ports " + k.ephemeralFirst().getAsInt() + "-" + k.ephemeralLast().getAsInt());
        }
        k.unprivilegedPortStart().ifPresent(p -> facts.add("unprivileged ports from " + p
                + (p < 1024 ? " (lowered)" : "")));
        k.ipv6BindV6Only().ifPresent(b -> facts.add("bindv6only " + (b ? 1 : 0)));
        wrapped(w, "", "", String.join(" · ", facts));
    }

    private static String[] row(AuditedListener a, List<Finding> findings) {
        Listener l = a.listener();
        String pid = "-";
        String process = "-";
        String user = "-";
        if (l.ownerKnown()) {
            ProcessOwner o = l.primaryOwner().orElseThrow();
            pid = o.pid() + (l.owners().size() > 1 ? "+" + (l.owners().size() - 1) : "");
            process = o.name().isEmpty() ? "?" : o.name();
            user = o.userLabel().isEmpty() ? "?" : o.userLabel();
        }
        String service = service(a.entries());
        String verdicts = findings.isEmpty() ? "-" : findings.stream()
                .map(f -> f.rule() + "(" + f.severity().id() + (f.waived() ? ",waived" : "") + ")")
                .collect(Collectors.joining(" "));
        return new String[] {l.protocol().id(), TerminalText.safe(l.scopedAddress()) + (l.dualStack() ? " (dual)" : ""),
            Integer.toString(l.port()), exposure(a), pid, TerminalText.safe(process), TerminalText.safe(user),
            TerminalText.safe(service), verdicts};
    }

    /** "wildcard", or with the firewall's verdict where it was judged: "wildcard (local-only)". */
    static String exposure(AuditedListener a) {
        return a.listener().exposure().id() + a.reachability().map(r -> " (" + r.reach().id() + ")").orElse("");
    }

    static String service(List<PortEntry> entries) {
        return Describe.bestEntry(entries).map(best -> {
            long others = entries.stream().filter(e -> e.status() == best.status()).count() - 1;
            return Describe.name(best) + (best.status() == PortStatus.YES ? "" : " ("
                    + best.status().id() + ")") + (others > 0 ? " +" + others : "");
        }).orElse("-");
    }

    /** The unit that answers for the socket: the socket unit systemd holds it for, else its holder's. */
    private static Optional<String> unit(Listener l) {
        return l.activation().map(a -> a.socketUnit()).or(() -> l.primaryOwner().flatMap(ProcessOwner::unit));
    }

    private static String[] insert(String[] row, int at, String cell) {
        String[] out = new String[row.length + 1];
        System.arraycopy(row, 0, out, 0, at);
        out[at] = cell;
        System.arraycopy(row, at, out, at + 1, row.length - at);
        return out;
    }

    private static int[] insert(int[] row, int at, int value) {
        int[] out = new int[row.length + 1];
        System.arraycopy(row, 0, out, 0, at);
        out[at] = value;
        System.arraycopy(row, at, out, at + 1, row.length - at);
        return out;
    }

    private static String[] withNamespace(String[] row, Listener l) {
        return withNamespace(row, l.place().map(TerminalText::safe).orElse("host"));
    }

    private static String[] withNamespace(String[] row, String first) {
        String[] out = new String[row.length + 1];
        out[0] = first;
        System.arraycopy(row, 0, out, 1, row.length);
        return out;
    }

    private static int[] withNamespace(int[] max, int first) {
        int[] out = new int[max.length + 1];
        out[0] = first;
        System.arraycopy(max, 0, out, 1, max.length);
        return out;
    }

    /** @param shift columns added before the usual ones (the namespace), which the shrink order skips */
    private void printTable(String[] headers, int[] max, int[] min, int shift, List<String[]> rows, PrintWriter w) {
        int[] width = new int[headers.length];
        for (int c = 0; c < headers.length; c++) {
            width[c] = headers[c].length();
        }
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                width[c] = Math.min(max[c], Math.max(width[c], r[c].codePointCount(0, r[c].length())));
            }
        }
        if (view.width() > 0) {
            // narrow the least telling columns, each down to its minimum, until a row fits the terminal;
            // then leave out the user and the pid (the JSON report and --width 0 keep everything)
            int over = total(width) - view.width();
            List<String> names = List.of(headers);
            for (int i = 0; i < GIVE_WAY.length && over > 0; i++) {
                boolean leaveOut = GIVE_WAY[i].startsWith("-");
                int c = names.indexOf(leaveOut ? GIVE_WAY[i].substring(1) : GIVE_WAY[i]);
                if (c < shift) {
                    continue; // a column this table does not have
                }
                if (leaveOut) {
                    over -= width[c] + 2;
                    width[c] = -1;
                } else {
                    int give = Math.min(over, Math.max(0, width[c] - Math.max(min[c], headers[c].length())));
                    width[c] -= give;
                    over -= give;
                }
            }
        }
        printRow(headers, width, w);
        for (String[] r : rows) {
            printRow(r, width, w);
        }
    }

    private static int total(int[] width) {
        int sum = -2;
        for (int x : width) {
            sum += x < 0 ? 0 : x + 2;
        }
        return sum;
    }

    /** A row; a column of width -1 is left out. */
    private static void printRow(String[] cells, int[] width, PrintWriter w) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (width[c] < 0) {
                continue;
            }
            String cell = fit(cells[c], width[c]);
            b.append(cell);
            if (c < cells.length - 1) {
                b.append(" ".repeat(width[c] - cell.codePointCount(0, cell.length()) + 2));
            }
        }
        w.println(b.toString().stripTrailing());
    }

    private static String fit(String s, int width) {
        int n = s.codePointCount(0, s.length());
        if (n <= width) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, width - 1)) + "…";
    }

    private void findings(Report r, PrintWriter w) {
        List<Finding> shown = r.findings().stream().filter(f -> f.severity().atLeast(view.minSeverity())).toList();
        long hidden = r.findings().size() - shown.size();
        if (shown.isEmpty() && hidden == 0) {
            return;
        }
        w.println();
        w.println("FINDINGS");
        for (Finding f : shown) {
            w.println("  " + String.format("%-8s", f.severity().id().toUpperCase(Locale.ROOT)) + " " + f.rule()
                    + "  " + f.listener().endpoint() + (f.waived() ? "  [waived]" : ""));
            wrapped(w, TerminalText.safe(f.message()));
            if (!f.remediation().isEmpty()) {
                wrapped(w, "fix: " + TerminalText.safe(f.remediation()));
            }
            f.waiver().ifPresent(v -> wrapped(w, v.phrase() + (v.owner().isEmpty() ? ""
                    : " by " + TerminalText.safe(v.owner())) + " (" + TerminalText.safe(v.source()) + "): "
                    + TerminalText.safe(v.reason())));
        }
        if (hidden > 0) {
            wrapped(w, "  ", "  ", view.hidden(hidden) + (view.findingsOnly() ? " (--format json has every message)"
                    : " (see the FINDINGS column; --format json has every message)"));
        }
    }

    /** A finding's text under its heading, broken at spaces to fit the terminal when its width is known. */
    private void wrapped(PrintWriter w, String text) {
        wrapped(w, "           ", "           ", text);
    }

    /** {@code text} after {@code first}, continued after {@code then}, broken at spaces to fit the terminal. */
    private void wrapped(PrintWriter w, String first, String then, String text) {
        int room = view.width() - then.length();
        if (view.width() == 0 || room < 20 || first.length() + text.codePointCount(0, text.length()) <= view.width()) {
            w.println(first + text);
            return;
        }
        StringBuilder line = new StringBuilder();
        String lead = first;
        for (String word : text.split(" ")) {
            if (line.length() > 0 && lead.length() + line.codePointCount(0, line.length()) + 1
                    + word.codePointCount(0, word.length()) > view.width()) {
                w.println(lead + line);
                line.setLength(0);
                lead = then;
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        w.println(lead + line);
    }

    private void probes(Report r, PrintWriter w) {
        if (r.probes().isEmpty()) {
            return;
        }
        w.println();
        w.println("PROBED");
        for (Probe p : r.probes()) {
            String host = p.socket().address().contains(":") ? "[" + p.socket().address() + "]" : p.socket().address();
            wrapped(w, "  ", "    ", p.socket().protocol().id() + " " + host + ":" + p.socket().port() + " ("
                    + p.protocol() + "): " + TerminalText.safe(p.seen()));
        }
    }

    private void coverage(Report r, PrintWriter w) {
        if (r.coverage().isEmpty()) {
            return;
        }
        w.println();
        w.println("NOT SEEN");
        for (CoverageNote n : r.coverage()) {
            wrapped(w, "  ! ", "    ", TerminalText.safe(n.message()));
        }
    }

    /** The ports the host publishes through NAT; those with no socket behind them marked first. */
    private void published(Report r, PrintWriter w) {
        if (r.published().isEmpty()) {
            return;
        }
        w.println();
        w.println("PUBLISHED THROUGH NAT");
        for (Publication p : r.published().stream().sorted(Comparator.comparing(p -> p.behind()
                != Publication.Behind.NONE)).toList()) {
            wrapped(w, p.behind() == Publication.Behind.NONE ? "  ! " : "    ", "      ",
                    TerminalText.safe(p.describe()) + ": " + p.behind().describe());
        }
    }

    /** "12 listeners (tcp 8, udp 4) · 5 findings: 1 medium, 2 low, 2 info · highest medium". */
    public static String summaryLine(Summary s) {
        StringBuilder b = new StringBuilder();
        b.append(s.listeners()).append(s.listeners() == 1 ? " listener" : " listeners");
        if (!s.byProtocol().isEmpty()) {
            b.append(" (").append(s.byProtocol().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "))).append(")");
        }
        if (s.ownersUnknown() > 0) {
            b.append(", ").append(s.ownersUnknown()).append(" with unknown owner");
        }
        b.append(" · ").append(s.findings()).append(s.findings() == 1 ? " finding" : " findings");
        if (s.waived() > 0) {
            b.append(" (").append(s.waived()).append(" more waived)");
        }
        String counts = s.bySeverity().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        if (!counts.isEmpty()) {
            b.append(": ").append(counts);
        }
        s.highestSeverity().ifPresent(h -> b.append(" · highest ").append(h.id()));
        return b.toString();
    }
}
