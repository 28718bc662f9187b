package dev.portaudit.report;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.Publication;
import dev.portaudit.model.Finding;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Report;
import dev.portaudit.model.Summary;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Markdown for pull-request comments and wikis: a summary, the findings worth reading, and the
 * listeners folded away. A pull-request comment takes at most {@value #LIMIT} characters, so on a big
 * host listener rows, then the least severe findings, are left out (and counted) to stay within it.
 */
public final class MarkdownReporter implements Reporter {

    /** GitHub's limit on a comment's body, in characters. */
    static final int LIMIT = 65_536;

    private final View view;

    public MarkdownReporter(View view) {
        this.view = view;
    }

    @Override
    public void write(Report r, OutputStream out) throws IOException {
        String head = head(r);
        List<Finding> shown = r.findings().stream().filter(f -> f.severity().atLeast(view.minSeverity())).toList();
        List<String> findingRows = shown.stream().map(MarkdownReporter::findingRow).toList();
        List<String> listenerRows = view.findingsOnly() ? List.of() : listenerRows(r);
        long hidden = r.findings().size() - shown.size();
        int keptListeners = listenerRows.size();
        int keptFindings = findingRows.size();
        String text = assemble(r, head, findingRows, keptFindings, hidden, listenerRows, keptListeners);
        // halve what is left out until the text fits, listeners before findings; findings are most severe first
        while (text.length() > LIMIT && (keptListeners > 0 || keptFindings > 0)) {
            if (keptListeners > 0) {
                keptListeners = keptListeners / 2;
            } else {
                keptFindings = keptFindings / 2;
            }
            text = assemble(r, head, findingRows, keptFindings, hidden, listenerRows, keptListeners);
        }
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(text);
        w.flush();
    }

    private static String head(Report r) {
        HostFacts h = r.host();
        Summary s = r.summary();
        StringBuilder b = new StringBuilder();
        b.append("## portaudit: ").append(MarkdownText.text(h.hostname().isEmpty() ? "this host" : h.hostname()))
                .append("\n\n");
        b.append("Scanned ").append(r.generatedAt()).append(h.elevated() ? " as root" : " without root")
                .append(" with portaudit ").append(MarkdownText.text(r.toolVersion()))
                .append(h.os().isEmpty() ? "" : " on " + MarkdownText.text(h.os()))
                .append(h.kernel().isEmpty() ? "" : ", kernel " + MarkdownText.text(h.kernel())).append(".\n\n");
        b.append("**").append(s.listeners()).append(" listener").append(s.listeners() == 1 ? "" : "s").append("**, **")
                .append(s.findings()).append(" finding").append(s.findings() == 1 ? "" : "s").append("**")
                .append(s.waived() > 0 ? " (" + s.waived() + " waived)" : "")
                .append(s.highestSeverity().map(x -> ", highest **" + x.id() + "**").orElse("")).append(".\n\n");
        b.append("| severity | critical | high | medium | low | info |\n");
        b.append("|---|---:|---:|---:|---:|---:|\n");
        b.append("| findings | ").append(s.bySeverity().values().stream().map(String::valueOf)
                .collect(Collectors.joining(" | "))).append(" |\n");
        if (!r.coverage().isEmpty()) {
            b.append("\n> **Not everything could be seen:**\n");
            for (CoverageNote n : r.coverage()) {
                b.append("> - ").append(MarkdownText.text(n.message())).append('\n');
            }
        }
        if (!r.published().isEmpty()) {
            b.append("\n**Published through NAT:**\n\n");
            for (Publication p : r.published()) {
                b.append("- ").append(MarkdownText.text(p.describe())).append(": ")
                        .append(p.behind() == Publication.Behind.NONE ? "**" + p.behind().describe() + "**"
                                : MarkdownText.text(p.behind().describe())).append('\n');
            }
        }
        return b.toString();
    }

    private String assemble(Report r, String head, List<String> findingRows, int keptFindings, long hidden,
            List<String> listenerRows, int keptListeners) {
        StringBuilder b = new StringBuilder(head);
        b.append("\n### Findings\n\n");
        if (r.findings().isEmpty()) {
            b.append("No findings.\n");
        } else {
            if (keptFindings > 0) {
                b.append("| severity | rule | listener | owner | finding | remediation |\n");
                b.append("|---|---|---|---|---|---|\n");
                findingRows.subList(0, keptFindings).forEach(row -> b.append(row).append('\n'));
            }
            int cut = findingRows.size() - keptFindings;
            if (cut > 0 || hidden > 0) {
                b.append('\n');
                List<String> notes = new ArrayList<>();
                if (hidden > 0) {
                    notes.add(view.hidden(hidden) + " not listed");
                }
                if (cut > 0) {
                    notes.add(cut + " more finding" + (cut == 1 ? "" : "s") + " left out to fit a comment");
                }
                b.append(capitalise(String.join("; ", notes))).append(": the JSON report has every finding.\n");
            }
        }
        if (!view.findingsOnly()) {
            b.append("\n<details><summary>Listeners (").append(r.listeners().size()).append(")</summary>\n\n");
            if (r.listeners().isEmpty()) {
                b.append("No listening sockets found.\n");
            } else {
                b.append("| protocol | address | port | exposure | owner | service | findings |\n");
                b.append("|---|---|---:|---|---|---|---|\n");
                listenerRows.subList(0, keptListeners).forEach(row -> b.append(row).append('\n'));
                int cut = listenerRows.size() - keptListeners;
                if (cut > 0) {
                    b.append("\n").append(cut).append(" more listener").append(cut == 1 ? "" : "s")
                            .append(" left out to fit a comment: the JSON report has them all.\n");
                }
            }
            b.append("\n</details>\n");
        }
        return b.toString();
    }

    private static String findingRow(Finding f) {
        String severity = "**" + f.severity().id().toUpperCase(Locale.ROOT) + "**";
        String message = MarkdownText.text(f.message()) + f.waiver().map(v -> "<br>*" + v.phrase()
                + (v.owner().isEmpty() ? "" : " by " + MarkdownText.text(v.owner())) + ": "
                + MarkdownText.text(v.reason()) + "*").orElse("")
                + (f.controls().isEmpty() ? "" : "<br>controls: " + f.controls().stream().map(MarkdownText::code)
                        .collect(Collectors.joining(", ")));
        return "| " + (f.waived() ? "~~" + severity + "~~ waived" : severity) + " | `" + f.rule() + "` | "
                + MarkdownText.code(f.listener().endpoint()) + " | " + owner(f.listener()) + " | " + message + " | "
                + MarkdownText.text(f.remediation()) + " |";
    }

    private static List<String> listenerRows(Report r) {
        Map<Listener, List<Finding>> byListener = r.findingsByListener();
        List<String> rows = new ArrayList<>();
        for (AuditedListener a : r.listeners()) {
            Listener l = a.listener();
            String findings = byListener.getOrDefault(l, List.of()).stream()
                    .map(f -> "`" + f.rule() + "` (" + f.severity().id() + (f.waived() ? ", waived" : "") + ")")
                    .collect(Collectors.joining(", "));
            rows.add("| " + l.protocol().id() + " | " + MarkdownText.code(l.address()) + " | " + l.port() + " | "
                    + TableReporter.exposure(a) + " | " + owner(l) + " | " + MarkdownText.text(TableReporter.service(a.entries()))
                    + " | " + (findings.isEmpty() ? "—" : findings) + " |");
        }
        return rows;
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String owner(Listener l) {
        return l.primaryOwner().map(MarkdownReporter::owner).orElse("*unknown*")
                + (l.owners().size() > 1 ? " +" + (l.owners().size() - 1) : "");
    }

    private static String owner(ProcessOwner o) {
        String name = o.name().isEmpty() ? "pid " + o.pid() : o.name();
        return MarkdownText.code(name) + " (" + o.pid() + (o.userLabel().isEmpty() ? "" : ", "
                + MarkdownText.text(o.userLabel())) + o.unit().map(u -> ", " + MarkdownText.code(u)).orElse("") + ")";
    }
}
