package dev.portaudit.cli;

import dev.portaudit.agent.FleetRollup;
import dev.portaudit.agent.JournalReader;
import dev.portaudit.agent.PeriodReportFormats;
import dev.portaudit.agent.PeriodReports;
import dev.portaudit.model.FleetReport;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.PeriodReport;
import dev.portaudit.report.FleetReportFormats;
import dev.portaudit.report.ReportFormat;
import dev.portaudit.report.TerminalText;
import dev.portaudit.util.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Build a period report from the agent's journal (and its rotated files): what listened, "
            + "what opened and closed and when, findings raised, resolved and still open, waivers expiring soon.",
            "With --fleet, roll many hosts' JSON scan reports up into one view: hosts out of policy, rare "
            + "listeners, findings by rule, every listener by service and the hosts that have it.", ""})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--journal", paramLabel = "FILE", description = "The agent's journal (a period report).")
    Path journal;

    @Option(names = "--fleet", paramLabel = "FILE|DIR", arity = "1..*",
            description = "JSON scan reports of many hosts (files, or directories searched for *.json) to roll up.")
    List<Path> fleet;

    @Option(names = "--since", paramLabel = "DATE",
            description = "Start of the period: YYYY-MM-DD (midnight UTC) or an ISO 8601 instant.")
    String since;

    @Option(names = "--until", paramLabel = "DATE", description = "End of the period, excluded (default: now).")
    String until;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "html",
            description = "html, markdown or json; csv too with --fleet (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE (atomically) instead of stdout.")
    Path output;

    @Option(names = {"-v", "--verbose"}, description = "Log more to stderr.")
    boolean[] verbose = new boolean[0];

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    ReportCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        LoggingSetup.apply(verbose.length);
        ReportFormat f = new ScanCommand.FormatConverter().convert(format);
        if (fleet != null) {
            if (journal != null || since != null || until != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--fleet rolls up scan reports; --journal, --since and --until make a period report");
            }
            return fleet(f);
        }
        if (journal == null || since == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give --journal FILE --since DATE for a period report, or --fleet FILE|DIR... for a fleet roll-up");
        }
        if (!PeriodReportFormats.FORMATS.contains(f)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format " + format
                    + " is not a period report format (allowed: html, markdown, json)");
        }
        Instant from = instant(since, "--since");
        Instant to = until == null ? clock.instant() : instant(until, "--until");
        if (!from.isBefore(to)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--since must come before --until");
        }
        JournalReader.Result all = JournalReader.readAll(journal);
        all.warnings().forEach(w -> err.println("portaudit: warning: " + TerminalText.safe(w)));
        PeriodReport r = PeriodReports.build(all.events(), all.warnings(), from, to, Version.get(), clock.instant());
        return emit(o -> PeriodReportFormats.write(r, f, o));
    }

    /** The report to stdout, or atomically to --output. */
    private int emit(AtomicFiles.Content report) {
        try {
            if (output == null) {
                report.writeTo(out);
                out.flush();
            } else {
                AtomicFiles.write(output, report);
            }
        } catch (IOException e) {
            throw new RuntimeFailure("could not write the report: " + AtomicFiles.describe(e), e);
        }
        return ExitCode.CLEAN.code();
    }

    /** The fleet roll-up, with progress on stderr for long runs (a line per tenth, from 50 reports). */
    private int fleet(ReportFormat f) {
        if (!FleetReportFormats.FORMATS.contains(f)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format " + format
                    + " is not a fleet report format (allowed: html, markdown, csv, json)");
        }
        FleetReport r = FleetRollup.build(fleet, clock.instant(), Version.get(), (done, total) -> {
            if (total >= 50 && (done == total || done % Math.max(1, total / 10) == 0)) {
                err.println("portaudit: read " + done + " of " + total + " reports");
            }
        });
        r.skipped().forEach(s -> err.println("portaudit: warning: skipped " + TerminalText.safe(s.source()) + ": "
                + TerminalText.safe(s.why())));
        if (r.hosts().isEmpty()) {
            throw new InvalidInputException("--fleet: no portaudit scan report among the files given");
        }
        return emit(o -> FleetReportFormats.write(r, f, o));
    }

    private Instant instant(String text, String option) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " '" + text
                    + "' is not a date (YYYY-MM-DD) or an instant (2026-11-01T00:00:00Z)");
        }
    }
}
