package dev.portaudit.report;

import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.PeriodReport;
import dev.portaudit.model.PeriodReport.PeriodFinding;
import dev.portaudit.model.PeriodReport.PeriodListener;
import dev.portaudit.model.Waiver;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A period report in Markdown, for a wiki page or a ticket; every value from the system escaped. */
public final class PeriodMarkdownReporter {

    private PeriodMarkdownReporter() {
    }

    public static void write(PeriodReport r, OutputStream out) throws IOException {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), false);
        String host = MarkdownText.text(r.host().isEmpty() ? "this host" : r.host());
        w.println("## portaudit: port activity of " + host);
        w.println();
        w.println(PeriodText.time(r.since()) + " to " + PeriodText.time(r.until()) + ", from the agent's journal. " + r.listeners().size()
                + " listeners in the period, " + r.changes().size() + " changes, " + r.raised().size() + " findings "
                + "raised, " + r.resolved().size() + " resolved, **" + r.open().size() + " open** at the end.");
        PeriodText.inventory(r).ifPresent(t -> {
            w.println();
            w.println(t);
        });
        if (!r.warnings().isEmpty()) {
            w.println();
            w.println("> **Journal problems:** " + r.warnings().size() + " line(s) could not be read.");
        }
        w.println();
        w.println("Journal: " + MarkdownText.text(r.verification().summary()));
        w.println();
        w.println("### Changes");
        w.println();
        if (r.changes().isEmpty()) {
            w.println("Nothing opened or closed in the period.");
        } else {
            w.println("| time | change | listener | exposure | owner | executable |");
            w.println("|---|---|---|---|---|---|");
            for (JournalEvent e : r.changes()) {
                w.println("| " + PeriodText.time(e.time()) + " | "
                        + PeriodText.change(e) + " | "
                        + MarkdownText.code(e.listener().endpoint()) + " | " + e.listener().identity().exposure().id()
                        + " | " + MarkdownText.text(PeriodText.owner(e.listener())) + " | "
                        + MarkdownText.code(e.listener().identity().executable()) + " |");
            }
        }
        w.println();
        w.println("### Findings still open");
        w.println();
        if (r.open().isEmpty()) {
            w.println("No finding is open at the end of the period.");
        } else {
            w.println("| severity | rule | listener | since | finding |");
            w.println("|---|---|---|---|---|");
            for (PeriodFinding f : r.open()) {
                w.println("| **" + f.finding().severity().id() + "**" + (f.finding().waiver().isPresent() ? " (waived)"
                        : "") + " | `" + f.finding().rule() + "` | " + MarkdownText.code(f.listener().endpoint())
                        + " | " + PeriodText.raised(f, "before the period") + " | "
                        + MarkdownText.text(f.finding().message()) + " |");
            }
        }
        w.println();
        w.println("### Waivers expiring soon");
        w.println();
        if (r.expiringSoon().isEmpty()) {
            w.println("No waiver of an open finding expires within " + PeriodReport.SOON_DAYS + " days.");
        } else {
            for (PeriodFinding f : r.expiringSoon()) {
                Waiver wv = f.finding().waiver().orElseThrow();
                w.println("- " + wv.expires().orElseThrow() + ": `" + f.finding().rule() + "` on "
                        + MarkdownText.code(f.listener().endpoint()) + ", owner " + MarkdownText.text(wv.owner())
                        + ": " + MarkdownText.text(wv.reason()));
            }
        }
        w.println();
        w.println("### Findings raised and resolved");
        w.println();
        if (r.raised().isEmpty() && r.resolved().isEmpty()) {
            w.println("No finding was raised or resolved in the period.");
        } else {
            w.println("| raised | resolved | severity | rule | listener |");
            w.println("|---|---|---|---|---|");
            for (PeriodFinding f : r.raised()) {
                Optional<PeriodFinding> done = r.resolved().stream().filter(x -> x.finding().fingerprint()
                        .equals(f.finding().fingerprint()) && x.raisedAt().equals(f.raisedAt())).findFirst();
                w.println("| " + PeriodText.time(f.raisedAt(), "before") + " | " + PeriodText.time(done.flatMap(PeriodFinding::resolvedAt),
                        "still open") + " | " + f.finding().severity().id() + " | `" + f.finding().rule() + "` | "
                        + MarkdownText.code(f.listener().endpoint()) + " |");
            }
            for (PeriodFinding f : r.resolved()) {
                if (f.raisedAt().isEmpty() || f.inventory()) {
                    w.println("| " + PeriodText.raised(f, "before") + " | " + PeriodText.time(f.resolvedAt(), "") + " | "
                            + f.finding().severity().id() + " | `"
                            + f.finding().rule() + "` | " + MarkdownText.code(f.listener().endpoint()) + " |");
                }
            }
        }
        w.println();
        w.println("### Listeners in the period");
        w.println();
        if (r.listeners().isEmpty()) {
            w.println("Nothing listened in the period.");
        } else {
            w.println("| listener | exposure | owner | executable | opened | closed |");
            w.println("|---|---|---|---|---|---|");
            for (PeriodListener p : r.listeners()) {
                w.println("| " + MarkdownText.code(p.listener().endpoint()) + " | "
                        + p.listener().identity().exposure().id() + " | " + MarkdownText.text(PeriodText.owner(p.listener()))
                        + " | " + MarkdownText.code(p.listener().identity().executable()) + " | "
                        + PeriodText.opened(p) + " | " + PeriodText.time(p.closedAt(), "still open") + " |");
            }
        }
        w.flush();
        if (w.checkError()) {
            throw new IOException("the report could not be written in full");
        }
    }

}
