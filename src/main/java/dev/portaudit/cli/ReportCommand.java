package dev.portaudit.cli;

import dev.portaudit.agent.ComplianceReports;
import dev.portaudit.agent.FleetRollup;
import dev.portaudit.agent.JournalKeys;
import dev.portaudit.agent.JournalVerifier;
import dev.portaudit.agent.JournalReader;
import dev.portaudit.agent.PeriodReportFormats;
import dev.portaudit.agent.PeriodReports;
import dev.portaudit.model.ComplianceReport;
import dev.portaudit.model.ControlMap;
import dev.portaudit.model.FleetReport;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.JournalVerification;
import dev.portaudit.model.PeriodReport;
import dev.portaudit.policy.CatalogLoader;
import dev.portaudit.policy.ControlsLoader;
import dev.portaudit.policy.PolicyLoader;
import dev.portaudit.policy.RuleFiles;
import dev.portaudit.policy.ServiceCatalog;
import dev.portaudit.ports.PortTable;
import dev.portaudit.ports.PortTableLoader;
import dev.portaudit.ports.TableSources;
import dev.portaudit.report.FleetReportFormats;
import dev.portaudit.report.ReportFormat;
import dev.portaudit.report.TerminalText;
import dev.portaudit.util.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Build a period report from the agent's journal (and its rotated files): what listened, "
            + "what opened and closed and when, findings raised, resolved and still open, waivers expiring soon.",
            "With --compliance, judge a framework's controls over the period instead: met, not met or not evaluated, "
            + "on what evidence, the waivers standing as business justifications, and what the report rests on.",
            "With --fleet, roll many hosts' JSON scan reports up into one view: hosts out of policy, rare "
            + "listeners, findings by rule, every listener by service and the hosts that have it.",
            "A report built from a journal verifies it first and says whether it is whole.", ""})
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

    @Option(names = "--compliance", paramLabel = "FRAMEWORK",
            description = "A compliance report for this framework of the control mapping, such as pci-dss-v4.0.1, "
                    + "cis-controls-v8, nist-800-53-r5 or cis-rhel-9 (an unknown id is answered with the list).")
    String compliance;

    @Option(names = "--controls", paramLabel = "FILE",
            description = "Control mapping (YAML) over the bundled one: its frameworks are added, and replace the "
                    + "bundled ones of the same id.")
    Path controls;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Read the port table, catalogue and control mapping from DIR instead of the bundled ones.")
    Path rules;

    @Option(names = "--public-key", paramLabel = "KEY",
            description = "Check the journal's checkpoint signatures with this public key (from 'portaudit journal "
                    + "keygen'); without it the report says the chain is intact but unproven.")
    Path publicKey;

    @Option(names = "--state", paramLabel = "FILE",
            description = "The agent's state file, which says how far the journal reached (default: the journal's "
                    + "name + .state, when it exists).")
    Path state;

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
            if (journal != null || since != null || until != null || compliance != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--fleet rolls up scan reports; "
                        + "--journal, --since, --until and --compliance make a period or compliance report");
            }
            return fleet(f);
        }
        if (journal == null || since == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give --journal FILE --since DATE for a period report, or --fleet FILE|DIR... for a fleet roll-up");
        }
        if (compliance != null && !ComplianceReports.FORMATS.contains(f)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format " + format
                    + " is not a compliance report format (allowed: html, json)");
        }
        if (compliance == null && !PeriodReportFormats.FORMATS.contains(f)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format " + format
                    + " is not a period report format (allowed: html, markdown, json)");
        }
        Optional<ControlMap.Framework> framework = compliance == null ? Optional.empty()
                : Optional.of(framework(compliance));
        Instant from = instant(since, "--since");
        Instant to = until == null ? clock.instant() : instant(until, "--until");
        if (!from.isBefore(to)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--since must come before --until");
        }
        if (state != null && !Files.exists(state)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--state " + state + ": no such file");
        }
        Optional<PublicKey> key = Optional.ofNullable(publicKey).map(JournalKeys::readPublic);
        JournalVerification verified = JournalVerifier.verify(journal, key, Optional.of(state != null ? state
                : journal.resolveSibling(journal.getFileName() + ".state")));
        if (!verified.whole()) {
            err.println("portaudit: warning: journal " + TerminalText.safe(verified.summary()));
        }
        JournalReader.Result all = JournalReader.readAll(journal);
        all.warnings().forEach(w -> err.println("portaudit: warning: " + TerminalText.safe(w)));
        if (framework.isPresent()) {
            ComplianceReport r = ComplianceReports.build(all, new ComplianceReports.Request(framework.get(), verified,
                    tableSources(portTable().sources()), Version.get()), from, to, clock.instant());
            return emit(o -> ComplianceReports.write(r, f, o));
        }
        PeriodReport r = PeriodReports.build(all.events(), all.warnings(), from, to, Version.get(), clock.instant())
                .verified(verified);
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

    private PortTable portTable() {
        return rules == null ? PortTableLoader.bundled() : PortTableLoader.fromDirectory(rules.resolve("ports"));
    }

    /** The framework of the mapping named {@code id}; the ones there are, when it is not. */
    private ControlMap.Framework framework(String id) {
        return framework(new RuleFiles(Optional.ofNullable(rules)), Optional.ofNullable(controls), id,
                spec.commandLine(), "--compliance");
    }

    static ControlMap.Framework framework(RuleFiles files, Optional<Path> controls, String id, CommandLine cmd,
            String option) {
        ServiceCatalog catalog = CatalogLoader.load(files.yaml(PolicyLoader.CATALOG));
        return framework(ControlsLoader.load(files, controls, catalog).map(), id, cmd, option);
    }

    /** The framework {@code id} of {@code map}; a usage error naming the ones there are, when it is not. */
    static ControlMap.Framework framework(ControlMap map, String id, CommandLine cmd, String option) {
        return map.framework(id).orElseThrow(() -> new CommandLine.ParameterException(cmd, option + " '" + id
                + "' is not a framework of the control mapping (there are: " + String.join(", ",
                        map.frameworks().stream().map(ControlMap.Framework::id).toList()) + ")"));
    }

    /** The port table's sources, as a compliance report names them. */
    static List<ComplianceReport.TableSource> tableSources(TableSources t) {
        List<ComplianceReport.TableSource> out = new ArrayList<>();
        if (!t.get("iana.file").isEmpty()) {
            out.add(new ComplianceReport.TableSource("iana", t.get("iana.title"), t.get("iana.updated"),
                    t.get("iana.sha256")));
        }
        if (!t.get("usage.file").isEmpty()) {
            out.add(new ComplianceReport.TableSource("usage", t.get("usage.title"), t.get("usage.date"),
                    t.get("usage.sha256")));
        }
        return out;
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
