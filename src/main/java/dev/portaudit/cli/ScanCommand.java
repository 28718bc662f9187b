package dev.portaudit.cli;

import dev.portaudit.audit.AuditSettings;
import dev.portaudit.audit.Auditor;
import dev.portaudit.audit.ExitPolicy;
import dev.portaudit.audit.rules.RuleCatalog;
import dev.portaudit.model.Report;
import dev.portaudit.model.Snapshot;
import dev.portaudit.ports.PortTable;
import dev.portaudit.report.ReportFormat;
import dev.portaudit.report.TableReporter;
import dev.portaudit.util.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "scan", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"List every listening socket (TCP in LISTEN, bound unconnected UDP; IPv4 and IPv6) with "
            + "its owner, match it against the port table and the rules, and report.", ""})
final class ScanCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();

    @Mixin
    PolicyOptions policy = new PolicyOptions();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            converter = FormatConverter.class, completionCandidates = FormatCandidates.class,
            description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE (atomically: a reader never sees half a report) instead of stdout.")
    Path output;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "none",
            converter = FailOn.Converter.class, completionCandidates = FailOn.Candidates.class,
            description = "Exit 1 when a finding is at or above SEVERITY: ${COMPLETION-CANDIDATES} "
                    + "(default: ${DEFAULT-VALUE}: findings never fail the run).")
    FailOn failOn;

    private final PrintStream out;
    private final PrintStream err;
    private final Environment env;

    ScanCommand(PrintStream out, PrintStream err, Environment env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public Integer call() {
        common.applyLogging();
        PortTable table = common.portTable();
        Instant started = env.clock().instant();
        AuditSettings settings = policy.load(common, table, LocalDate.ofInstant(started, ZoneOffset.UTC), err);
        Snapshot snapshot = collect(env);
        long millis = java.time.Duration.between(started, env.clock().instant()).toMillis();
        Report report = new Auditor(table, RuleCatalog.defaults(), settings).audit(snapshot, started, millis,
                Version.get());
        write(report);
        ExitPolicy.Decision decision = ExitPolicy.decide(report, failOn.threshold());
        if (output != null || format != ReportFormat.TABLE) {
            err.println("portaudit: " + TableReporter.summaryLine(report.summary()));
        }
        if (decision.failed()) {
            err.println("portaudit: " + decision.count() + " finding" + (decision.count() == 1 ? "" : "s")
                    + " at or above " + decision.threshold().orElseThrow().id());
            return ExitCode.FINDINGS.code();
        }
        return ExitCode.CLEAN.code();
    }

    static Snapshot collect(Environment env) {
        try {
            return env.collector().get().collect();
        } catch (RuntimeException | LinkageError e) {
            throw new RuntimeFailure("collection failed: " + e, e);
        }
    }

    private void write(Report report) {
        try {
            if (output == null) {
                format.reporter().write(report, out);
                out.flush();
                if (out.checkError()) {
                    throw new IOException("standard output is closed or full");
                }
            } else {
                AtomicFiles.write(output, o -> format.reporter().write(report, o));
            }
        } catch (IOException e) {
            throw new RuntimeFailure("could not write the report" + (output == null ? "" : " to " + output) + ": "
                    + e.getMessage(), e);
        }
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<ReportFormat> {
        @Override
        public ReportFormat convert(String value) {
            try {
                return dev.portaudit.model.Ids.parse(ReportFormat.values(), ReportFormat::id, value, "format");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class FormatCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Stream.of(ReportFormat.values()).map(ReportFormat::id).iterator();
        }
    }
}
