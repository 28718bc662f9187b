package dev.portaudit.cli;

import dev.portaudit.agent.Agent;
import dev.portaudit.agent.Intervals;
import dev.portaudit.agent.Journal;
import dev.portaudit.agent.JournalKeys;
import dev.portaudit.agent.PeriodReportFormats;
import dev.portaudit.agent.StateStore;
import dev.portaudit.agent.StopSignal;
import dev.portaudit.audit.AuditSettings;
import dev.portaudit.audit.ExitPolicy;
import dev.portaudit.audit.Pipeline;
import dev.portaudit.collect.Collector;
import dev.portaudit.collect.NamespaceCollector;
import dev.portaudit.metrics.MetricsEndpoint;
import dev.portaudit.model.ControlMap;
import dev.portaudit.policy.WebConfig;
import dev.portaudit.ports.PortTable;
import dev.portaudit.report.ReportFormat;
import dev.portaudit.util.AtomicFiles;
import dev.portaudit.util.Logs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Watch this host: scan every --interval, journal what opened and closed and which findings "
            + "were raised and resolved, and write a report per period. Runs in the foreground; SIGTERM or SIGINT "
            + "stops it cleanly (exit 0).", ""})
final class AgentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Mixin
    PolicyOptions policy = new PolicyOptions();

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "60s",
            description = "Time between scans: 30s, 5m, 1h (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--journal", paramLabel = "FILE", required = true,
            description = "Append-only journal of events (JSON lines); its state is kept in FILE.state.")
    Path journal;

    @Option(names = "--state", paramLabel = "FILE", description = "Where to keep the agent's state (default: "
            + "the journal's name + .state).")
    Path state;

    @Option(names = "--journal-max-size", paramLabel = "BYTES", defaultValue = "64M",
            description = "Rotate the journal once it reaches this size: 500K, 64M, 1G; 0 never (default: "
                    + "${DEFAULT-VALUE}).")
    String maxSize;

    @Option(names = "--journal-max-age", paramLabel = "DURATION",
            description = "Rotate the journal once its first event is this old: 1d, 7d.")
    String maxAge;

    @Option(names = "--signing-key", paramLabel = "FILE",
            description = "Sign the journal's checkpoints with this Ed25519 key (from 'portaudit journal keygen'; "
                    + "readable by its owner only), so that 'journal verify --public-key' can prove the journal "
                    + "whole. Without it the journal is hash-chained but unsigned.")
    Path signingKey;

    @Option(names = "--report-every", paramLabel = "DURATION",
            description = "Write a report per period of this length (periods start at multiples of it since "
                    + "1970-01-01 UTC, so 24h reports run midnight to midnight UTC).")
    String reportEvery;

    @Option(names = "--report-dir", paramLabel = "DIR", description = "Where periodic reports go.")
    Path reportDir;

    @Option(names = "--report-format", paramLabel = "FORMAT", split = ",", defaultValue = "html,json",
            description = "Formats of periodic reports: html, markdown, json (default: ${DEFAULT-VALUE}).")
    List<String> reportFormats = new ArrayList<>();

    @Option(names = "--compliance", paramLabel = "FRAMEWORK", split = ",",
            description = "Each period, also write a compliance report (html and json of --report-format) for each "
                    + "of these frameworks of the control mapping, such as pci-dss-v4.0.1,cis-controls-v8.")
    List<String> compliance = new ArrayList<>();

    @Option(names = "--metrics-file", paramLabel = "FILE",
            description = "After each scan, write the last recorded scan's metrics and the agent's own (scans, "
                    + "failures, last success time) to FILE, atomically, in Prometheus's text format: name a .prom "
                    + "file in node_exporter's textfile directory (/var/lib/prometheus/node-exporter on Debian).")
    Path metricsFile;

    @Option(names = "--all-namespaces",
            description = "Audit every network namespace of the host at each scan (containers, pods), each "
                    + "listener labelled with its namespace and container, as scan --all-namespaces does.")
    boolean allNamespaces;

    @Option(names = "--metrics-listen", paramLabel = "ADDR:PORT",
            description = "Serve /metrics for Prometheus on ADDR:PORT (\":9187\" or a port alone: loopback; "
                    + "\"[::]:9187\" every interface). Off unless given.")
    String metricsListen;

    @Option(names = "--web.config.file", paramLabel = "FILE",
            description = "TLS and basic authentication for --metrics-listen, in the web configuration format of "
                    + "Prometheus' exporters (tls_server_config, basic_auth_users with bcrypt hashes).")
    Path webConfig;

    @Option(names = "--metrics-listener-series", paramLabel = "N", defaultValue = "0",
            description = "Also serve one series per listener (portaudit_listener), at most N of them "
                    + "(default: none; every listener is a series a fleet's Prometheus must keep).")
    int listenerSeries;

    @Option(names = "--max-scans", paramLabel = "N", defaultValue = "0",
            description = "Stop after N scans, recorded or not (default: run until stopped).")
    int maxScans;

    private final PrintStream err;
    private final Environment env;

    AgentCommand(PrintStream err, Environment env) {
        this.err = err;
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        LoggingSetup.agent(common.verbose.length);
        Duration every = duration(interval, "--interval");
        Optional<Duration> reports = reportEvery == null ? Optional.empty()
                : Optional.of(duration(reportEvery, "--report-every"));
        if (reports.isPresent() != (reportDir != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--report-every and --report-dir go together");
        }
        List<ReportFormat> formats = new ArrayList<>();
        for (String f : reportFormats) {
            ReportFormat rf = new ScanCommand.FormatConverter().convert(f.strip());
            if (!PeriodReportFormats.FORMATS.contains(rf)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--report-format '" + f
                        + "' is not a period report format (allowed: html, markdown, json)");
            }
            formats.add(rf);
        }
        if (!compliance.isEmpty() && reports.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--compliance writes periodic reports: give --report-every and --report-dir too");
        }
        if (maxScans < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-scans must be 0 or more");
        }
        Journal.Rotation rotation = new Journal.Rotation(bytes(maxSize),
                maxAge == null ? Optional.empty() : Optional.of(duration(maxAge, "--journal-max-age")));
        // the rules load once, before the first scan: a broken policy stops the agent at start (exit 2)
        PortTable table = common.portTable();
        policy.resolve(env, spec.commandLine().getParseResult(), common.verbose.length, err);
        AuditSettings settings = policy.load(common, table, LocalDate.now(env.clock().withZone(ZoneOffset.UTC)), err);
        List<ControlMap.Framework> frameworks = new ArrayList<>();
        for (String id : compliance) {
            frameworks.add(ReportCommand.framework(settings.controls(), id.strip(), spec.commandLine(),
                    "--compliance"));
        }
        Pipeline.Criteria criteria = new Pipeline.Criteria(table, settings);
        Optional<JournalKeys.Signer> signer = Optional.ofNullable(signingKey).map(JournalKeys::readSigner);
        Collector collector = allNamespaces ? () -> new NamespaceCollector(common.hostCollector(env)).all().collect()
                : common.collector(env);
        Pipeline.Request scan = new Pipeline.Request(collector, () -> criteria, ExitPolicy.Thresholds.NONE,
                env.clock(), env.nanoTime(), Version.get(), Pipeline.Prober.NONE, env.firewall());
        StopSignal stop = new StopSignal();
        Signals.onTermination(stop::stop);
        Path statePath = state != null ? state : journal.resolveSibling(journal.getFileName() + ".state");
        Journal j;
        try {
            j = Journal.open(journal, rotation, signer);
        } catch (IOException e) {
            throw new RuntimeFailure("cannot open the journal " + journal + ": " + AtomicFiles.describe(e),
                    e);
        }
        Agent agent = new Agent(new Agent.Settings(every, reports, Optional.ofNullable(reportDir), formats,
                Version.get(), maxScans, Optional.ofNullable(metricsFile), settings.inputs(), frameworks,
                ReportCommand.tableSources(table.sources())),
                () -> Pipeline.run(scan), env.clock(), j, new StateStore(statePath));
        signer.ifPresent(s -> Logs.of(Agent.class).info("journal checkpoints are signed with key {}", s.id()));
        Optional<MetricsEndpoint> endpoint = metrics(agent);
        try {
            agent.start();
            agent.run(stop);
        } catch (IOException e) {
            throw new RuntimeFailure("the agent cannot write its journal or state: "
                    + AtomicFiles.describe(e), e);
        } finally {
            endpoint.ifPresent(MetricsEndpoint::close);
        }
        if (agent.unrecorded().isPresent()) {
            throw new RuntimeFailure("the agent stopped with its last scan unrecorded: cannot write the journal, "
                    + "state or reports (" + agent.unrecorded().get() + ")", null);
        }
        return ExitCode.CLEAN.code();
    }

    /** The /metrics endpoint, where --metrics-listen asks for one; bound before the first scan. */
    private Optional<MetricsEndpoint> metrics(Agent agent) {
        if (metricsListen == null) {
            if (webConfig != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--web.config.file configures the metrics endpoint: give --metrics-listen too");
            }
            return Optional.empty();
        }
        if (listenerSeries < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--metrics-listener-series must be 0 or more");
        }
        Optional<WebConfig> web = Optional.ofNullable(webConfig).map(WebConfig::read);
        try {
            MetricsEndpoint m = MetricsEndpoint.start(metricsListen, web, agent::status, listenerSeries);
            // the agent's logger, whose INFO its default logging shows: where it can be scraped, and how
            Logs.of(Agent.class).info("serving /metrics on {} (port {}; {})", metricsListen, m.port(),
                    web.map(WebConfig::describe).orElse("plain HTTP, no authentication"));
            return Optional.of(m);
        } catch (IOException e) {
            throw new RuntimeFailure("cannot serve metrics on " + metricsListen + ": " + e.getMessage(), e);
        }
    }

    private Duration duration(String text, String option) {
        try {
            return Intervals.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " " + e.getMessage());
        }
    }

    private long bytes(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("K") || t.endsWith("M") || t.endsWith("G")) {
            unit = t.endsWith("K") ? 1L << 10 : t.endsWith("M") ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t);
            if (n >= 0) {
                return n * unit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--journal-max-size '" + text
                + "' is not a size (write 500K, 64M, 1G, or 0 for never)");
    }
}
