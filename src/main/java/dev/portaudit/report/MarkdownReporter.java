package dev.portaudit.report;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.Finding;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Report;
import dev.portaudit.model.Summary;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Markdown for pull-request comments and wikis: a summary, the findings, the listeners. */
public final class MarkdownReporter implements Reporter {

    @Override
    public void write(Report r, OutputStream out) throws IOException {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), false);
        HostFacts h = r.host();
        Summary s = r.summary();
        w.println("## portaudit: " + MarkdownText.text(h.hostname().isEmpty() ? "this host" : h.hostname()));
        w.println();
        w.println("Scanned " + r.generatedAt() + (h.elevated() ? " as root" : " without root") + " with portaudit "
                + MarkdownText.text(r.toolVersion()) + (h.os().isEmpty() ? "" : " on " + MarkdownText.text(h.os()))
                + (h.kernel().isEmpty() ? "" : ", kernel " + MarkdownText.text(h.kernel())) + ".");
        w.println();
        w.println("**" + s.listeners() + " listener" + (s.listeners() == 1 ? "" : "s") + "**, **" + s.findings()
                + " finding" + (s.findings() == 1 ? "" : "s") + "**" + (s.waived() > 0 ? " (" + s.waived()
                + " waived)" : "") + s.highestSeverity().map(x -> ", highest **" + x.id() + "**").orElse("") + ".");
        w.println();
        w.println("| severity | critical | high | medium | low | info |");
        w.println("|---|---:|---:|---:|---:|---:|");
        w.println("| findings | " + s.bySeverity().values().stream().map(String::valueOf)
                .collect(Collectors.joining(" | ")) + " |");
        if (!r.coverage().isEmpty()) {
            w.println();
            w.println("> **Not everything could be seen:**");
            for (CoverageNote n : r.coverage()) {
                w.println("> - " + MarkdownText.text(n.message()));
            }
        }
        w.println();
        w.println("### Findings");
        w.println();
        if (r.findings().isEmpty()) {
            w.println("No findings.");
        } else {
            w.println("| severity | rule | listener | owner | finding | remediation |");
            w.println("|---|---|---|---|---|---|");
            for (Finding f : r.findings()) {
                String severity = "**" + f.severity().id().toUpperCase(Locale.ROOT) + "**";
                String message = MarkdownText.text(f.message()) + f.waiver().map(v -> "<br>*" + v.phrase()
                        + (v.owner().isEmpty() ? "" : " by " + MarkdownText.text(v.owner())) + ": "
                        + MarkdownText.text(v.reason()) + "*").orElse("");
                w.println("| " + (f.waived() ? "~~" + severity + "~~ waived" : severity) + " | `" + f.rule() + "` | "
                        + MarkdownText.code(f.listener().endpoint()) + " | " + owner(f.listener()) + " | " + message + " | "
                        + MarkdownText.text(f.remediation()) + " |");
            }
        }
        w.println();
        w.println("### Listeners");
        w.println();
        if (r.listeners().isEmpty()) {
            w.println("No listening sockets found.");
        } else {
            Map<Listener, List<Finding>> byListener = r.findingsByListener();
            w.println("| protocol | address | port | exposure | owner | service | findings |");
            w.println("|---|---|---:|---|---|---|---|");
            for (AuditedListener a : r.listeners()) {
                Listener l = a.listener();
                String findings = byListener.getOrDefault(l, List.of()).stream()
                        .map(f -> "`" + f.rule() + "` (" + f.severity().id() + (f.waived() ? ", waived" : "") + ")")
                        .collect(Collectors.joining(", "));
                w.println("| " + l.protocol().id() + " | " + MarkdownText.code(l.address()) + " | " + l.port() + " | "
                        + l.exposure().id() + " | " + owner(l) + " | " + MarkdownText.text(TableReporter.service(a.entries()))
                        + " | " + (findings.isEmpty() ? "—" : findings) + " |");
            }
        }
        w.flush();
        if (w.checkError()) {
            throw new IOException("the report could not be written in full");
        }
    }

    private static String owner(Listener l) {
        return l.primaryOwner().map(MarkdownReporter::owner).orElse("*unknown*")
                + (l.owners().size() > 1 ? " +" + (l.owners().size() - 1) : "");
    }

    private static String owner(ProcessOwner o) {
        String name = o.name().isEmpty() ? "pid " + o.pid() : o.name();
        return MarkdownText.code(name) + " (" + o.pid() + (o.userLabel().isEmpty() ? "" : ", " + MarkdownText.text(o.userLabel())) + ")";
    }
}
