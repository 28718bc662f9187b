package dev.portaudit.cli;

import dev.portaudit.audit.ExitPolicy;
import dev.portaudit.audit.Pipeline;
import dev.portaudit.collect.Collector;
import dev.portaudit.collect.NamespaceCollector;
import dev.portaudit.collect.ServiceProbes;
import dev.portaudit.collect.SnapshotFiles;
import dev.portaudit.firewall.Firewall;
import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.Ids;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.Report;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Verdict;
import dev.portaudit.policy.ControlsLoader;
import dev.portaudit.ports.PortTable;
import dev.portaudit.report.FindingLog;
import dev.portaudit.report.ReportFormat;
import dev.portaudit.report.TableReporter;
import dev.portaudit.report.TerminalText;
import dev.portaudit.report.View;
import dev.portaudit.util.AtomicFiles;
import dev.portaudit.util.Logs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "scan", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"List every listening socket (TCP in LISTEN, bound unconnected UDP; IPv4 and IPv6) with "
            + "its owner, match it against the port table and the rules, and report.", ""})
final class ScanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Mixin
    PolicyOptions policy = new PolicyOptions();

    @Option(names = "--target-pid", paramLabel = "PID",
            description = "Audit the network namespace PID lives in (a container's) instead of the host's.")
    Integer targetPid;

    @Option(names = "--all-namespaces",
            description = "Audit every network namespace on the host; listeners are labelled with their namespace "
                    + "and container.")
    boolean allNamespaces;

    @Option(names = "--from", paramLabel = "FILE",
            description = "Audit a snapshot instead of the live host: the output of 'ss -tulpnH' (or -tulpnHe), "
                    + "or a portaudit JSON report.")
    Path from;

    @Option(names = "--firewall", paramLabel = "FILE",
            description = "With --from: judge reachability against a firewall saved on the snapshot's host, one "
                    + "file per option: 'nft -j list ruleset', 'ip -j addr', optionally iptables-save and "
                    + "'sysctl -a' output (kinds told by content).")
    List<Path> firewallFiles = new ArrayList<>();

    @Option(names = "--no-reachability",
            description = "Do not judge who can reach the listeners through the firewall (a CI runner's firewall "
                    + "says nothing of production's).")
    boolean noReachability;

    @Option(names = "--snapshot-host", paramLabel = "NAME",
            description = "Host name for an ss snapshot (default: the file name without its extension).")
    String snapshotHost;

    @Option(names = "--kernel-settings", paramLabel = "FILE",
            description = "With an ss snapshot: the host's kernel port settings, the output of 'sysctl "
                    + "net.ipv4.ip_local_port_range net.ipv4.ip_unprivileged_port_start net.ipv6.bindv6only' captured "
                    + "with it (without it Linux's defaults are assumed, and the report says so).")
    Path kernelSettings;

    @Option(names = "--fail-on-incomplete",
            description = "Exit 4 when something could not be seen (owners, namespaces, unreadable entries).")
    boolean failOnIncomplete;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            converter = FormatConverter.class, completionCandidates = FormatCandidates.class,
            description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "[FORMAT=]FILE",
            description = "Write a report to FILE, atomically (a reader never sees half a report); repeatable. "
                    + "FORMAT=FILE writes that format (sarif=out.sarif), a plain FILE the --format one. Without a "
                    + "plain FILE, the --format report still goes to stdout.")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "none",
            converter = FailOn.Converter.class, completionCandidates = FailOn.Candidates.class,
            description = "Exit 1 when a finding is at or above SEVERITY: ${COMPLETION-CANDIDATES} "
                    + "(default: ${DEFAULT-VALUE}: findings never fail the run).")
    FailOn failOn;

    @Option(names = "--min-severity", paramLabel = "SEVERITY", defaultValue = "low",
            converter = SeverityConverter.class, completionCandidates = SeverityCandidates.class,
            description = "In the table and Markdown, list findings at or above SEVERITY and count the rest "
                    + "(default: ${DEFAULT-VALUE}); machine formats and the exit code are not affected.")
    Severity minSeverity;

    @Option(names = "--width", paramLabel = "COLUMNS", defaultValue = "${env:PORTAUDIT_COLUMNS:-0}",
            description = "Fit the table on stdout to COLUMNS: narrower columns cut with …, findings wrapped "
                    + "(default: the terminal's width, which the launcher passes on; 0: no limit).")
    int width;

    @Option(names = "--probe",
            description = "Connect to this host's own listeners of SSH, FTP, SMTP, POP3, IMAP, LDAP and XMPP, and "
                    + "the implicit-TLS ports (loopback for a wildcard socket; bounded time; no credentials sent), and "
                    + "judge them by what they offer: STARTTLS, password logins before it, the protocol they speak.")
    boolean probe;

    @Option(names = "--sarif-artifact", paramLabel = "PATH", defaultValue = "",
            description = "In SARIF, point results no policy entry decided at PATH, line 1: the file code scanning "
                    + "files them under, such as the Dockerfile of the image under test (default: the policy "
                    + "file, else a name for the host). Relative URIs are written against the working directory.")
    String sarifArtifact;

    @Option(names = "--findings-only",
            description = "In the table and Markdown, leave the listener table out.")
    boolean findingsOnly;

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
        // every option is checked here, on the main thread, before anything reads the system
        policy.resolve(env, spec.commandLine().getParseResult(), common.verbose.length, err);
        Collector collector = collector();
        List<Target> targets = targets();
        if (width < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--width must be 0 or more");
        }
        ExitPolicy.Thresholds thresholds = new ExitPolicy.Thresholds(failOn.threshold(), failOnIncomplete);
        Pipeline.FirewallSource firewall = firewall();
        Report report = Pipeline.run(new Pipeline.Request(collector, this::criteria, thresholds, env.clock(),
                env.nanoTime(), Version.get(), probe ? ServiceProbes::probe : Pipeline.Prober.NONE, firewall));
        write(report, targets);
        if (Logs.verbose()) {
            FindingLog.log(report); // else logging is off and starting it would cost more than the scan
        }
        boolean tableOnStdout = format == ReportFormat.TABLE && targets.stream().anyMatch(t -> t.file() == null);
        if (!tableOnStdout) {
            err.println("portaudit: " + TableReporter.summaryLine(report.summary()));
        }
        Verdict verdict = report.verdict();
        switch (verdict.outcome()) {
            case FINDINGS -> err.println("portaudit: " + verdict.failing() + " finding"
                    + (verdict.failing() == 1 ? "" : "s") + " at or above " + verdict.failOn().orElseThrow().id());
            case INCOMPLETE -> err.println("portaudit: incomplete: " + TerminalText.safe(String.join("; ",
                    report.coverage().stream().map(CoverageNote::message).toList())));
            case CLEAN -> {
                // nothing more to say: the summary line was enough
            }
        }
        return ExitCode.of(verdict.outcome()).code();
    }

    /**
     * The port table and the policy, loaded while the host is read; policy warnings go to stderr. The
     * control mapping is parsed on a thread of its own meanwhile: it is checked with the policy, but
     * parsing it need not wait for the table.
     */
    private Pipeline.Criteria criteria() {
        CompletableFuture<ControlsLoader.Read> mapping = CompletableFuture.supplyAsync(() -> policy.readControls(common));
        PortTable table = common.portTable();
        return new Pipeline.Criteria(table, policy.load(common, table,
                LocalDate.ofInstant(env.clock().instant(), ZoneOffset.UTC), err, () -> {
                    try {
                        return mapping.join();
                    } catch (CompletionException e) {
                        throw e.getCause() instanceof RuntimeException r ? r : e;
                    }
                }));
    }

    /**
     * The collector for this run: the live host, another namespace, every namespace, or a snapshot.
     * It is built on the collecting thread, so that loading a native library overlaps the rules' loading.
     */
    private Collector collector() {
        int modes = (targetPid != null ? 1 : 0) + (allNamespaces ? 1 : 0) + (from != null ? 1 : 0);
        if (modes > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--target-pid, --all-namespaces and --from exclude each other");
        }
        if (snapshotHost != null && from == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--snapshot-host goes with --from");
        }
        if (probe && from != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--probe asks the live host's listeners; "
                    + "a snapshot's host is not here to ask (leave out --probe or --from)");
        }
        if (!firewallFiles.isEmpty() && from == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--firewall goes with --from: a live scan "
                    + "reads this host's own firewall");
        }
        if (!firewallFiles.isEmpty() && noReachability) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--firewall and --no-reachability exclude "
                    + "each other");
        }
        if (kernelSettings != null && from == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kernel-settings goes with --from");
        }
        if (targetPid != null && targetPid <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--target-pid must be a process id");
        }
        if (from != null) {
            String name = snapshotHost != null ? snapshotHost
                    : from.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            return SnapshotFiles.from(from, name, Optional.ofNullable(kernelSettings));
        }
        if (targetPid != null) {
            int pid = targetPid;
            return () -> new NamespaceCollector(common.hostCollector(env)).target(pid).collect();
        }
        if (allNamespaces) {
            return () -> new NamespaceCollector(common.hostCollector(env)).all().collect();
        }
        return () -> common.collector(env).collect();
    }

    /**
     * What reachability is judged against: the host's own firewall for a live scan (each namespace's
     * under --all-namespaces), the target's for --target-pid (with the host's NAT publishing it), the
     * saved files for --from, nothing with --no-reachability or a snapshot without --firewall.
     */
    private Pipeline.FirewallSource firewall() {
        if (noReachability) {
            return Pipeline.FirewallSource.NONE;
        }
        if (from != null) {
            if (firewallFiles.isEmpty()) {
                return Pipeline.FirewallSource.NONE;
            }
            Map<String, String> texts = new LinkedHashMap<>();
            firewallFiles.forEach(f -> texts.put(f.toString(), SnapshotFiles.text(f)));
            Firewall.View view;
            try {
                view = Firewall.fromSaved(texts);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(e.getMessage());
            }
            return () -> Optional.of(view);
        }
        return targetPid != null ? env.firewall().inNamespaceOf(targetPid) : env.firewall();
    }

    /** Where one report goes: a format and a file, or stdout when the file is null. */
    record Target(ReportFormat format, Path file) {
    }

    private List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        boolean plain = false;
        for (String o : outputs) {
            int eq = o.indexOf('=');
            ReportFormat f = null;
            if (eq > 0) {
                try {
                    f = new FormatConverter().convert(o.substring(0, eq));
                } catch (CommandLine.TypeConversionException e) {
                    f = null;
                }
            }
            String file = f == null ? o : o.substring(eq + 1);
            if (file.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--output '" + o + "' names no file");
            }
            plain |= f == null;
            targets.add(new Target(f == null ? format : f, Path.of(file)));
        }
        if (!plain) {
            targets.add(0, new Target(format, null));
        }
        return targets;
    }

    /** Writes every report; one that fails does not stop the others, and the run then fails. */
    private void write(Report report, List<Target> targets) {
        Path base = Path.of("").toAbsolutePath();
        View view = new View(minSeverity, findingsOnly, 0, sarifArtifact, base);
        View onScreen = new View(minSeverity, findingsOnly, width, sarifArtifact, base);
        List<String> failures = new ArrayList<>();
        for (Target t : targets) {
            try {
                if (t.file() == null) {
                    t.format().reporter(onScreen).write(report, out);
                    out.flush();
                    if (out.checkError()) {
                        throw new IOException("standard output is closed or full");
                    }
                } else {
                    AtomicFiles.write(t.file(), o -> t.format().reporter(view).write(report, o));
                }
            } catch (IOException e) {
                failures.add("could not write the " + t.format().id() + " report"
                        + (t.file() == null ? "" : " to " + t.file()) + ": " + AtomicFiles.describe(e));
            }
        }
        if (!failures.isEmpty()) {
            throw new RuntimeFailure(String.join("; ", failures), null);
        }
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<ReportFormat> {
        @Override
        public ReportFormat convert(String value) {
            try {
                return Ids.parse(ReportFormat.values(), ReportFormat::id, value, "format");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class SeverityConverter implements CommandLine.ITypeConverter<Severity> {
        @Override
        public Severity convert(String value) {
            try {
                return Severity.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class SeverityCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Stream.of(Severity.values()).map(Severity::id).iterator();
        }
    }

    static final class FormatCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Stream.of(ReportFormat.values()).map(ReportFormat::id).iterator();
        }
    }
}
