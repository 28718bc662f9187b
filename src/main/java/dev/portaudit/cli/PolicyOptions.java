package dev.portaudit.cli;

import dev.portaudit.audit.AuditSettings;
import dev.portaudit.model.Checkpoint;
import dev.portaudit.policy.BaselineFile;
import dev.portaudit.policy.ControlsLoader;
import dev.portaudit.policy.PolicyLoader;
import dev.portaudit.policy.RuleFiles;
import dev.portaudit.ports.PortTable;
import dev.portaudit.report.TerminalText;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options that say what a scan is judged against: policies and a baseline. */
final class PolicyOptions {

    @Option(names = {"-p", "--policy"}, paramLabel = "FILE",
            description = "Policy file (YAML), merged in order over the built-in defaults; repeatable. Without it: "
                    + "the files of PORTAUDIT_POLICY (separated by ':'), else /etc/portaudit/policy.yaml and "
                    + "~/.config/portaudit/policy.yaml, those that exist.")
    List<Path> policies = new ArrayList<>();

    @Option(names = "--no-default-policy",
            description = "Without --policy, read no policy file: neither /etc/portaudit/policy.yaml nor the "
                    + "user's (PORTAUDIT_NO_DEFAULT_POLICY=1 does the same); the built-in defaults still apply.")
    boolean noDefaultPolicy;

    private List<Configuration.PolicySource> sources;

    @Option(names = "--controls", paramLabel = "FILE",
            description = "Control mapping (YAML) over the bundled one (rules/controls.yaml): its frameworks are "
                    + "added, and replace the bundled ones of the same id.")
    Path controls;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Baseline saved by 'portaudit baseline save': raise baseline-added and baseline-removed.")
    Path baseline;

    /**
     * Decides which policy files the run reads (see {@link Configuration#policies}), on the main thread
     * before anything else; {@code -v} lists them with the settings variables gave.
     */
    List<Configuration.PolicySource> resolve(Environment env, CommandLine.ParseResult parsed, int verbosity,
            PrintStream err) {
        sources = Configuration.policies(policies, noDefaultPolicy, env);
        if (verbosity > 0) {
            Configuration.describe(parsed, env, sources).forEach(l -> err.println("portaudit: " + TerminalText.safe(l)));
        }
        return sources;
    }

    /** Loads and checks everything before the system is touched; warnings go to {@code err}. */
    AuditSettings load(CommonOptions common, PortTable table, LocalDate today, PrintStream err) {
        return load(common, table, today, err, () -> readControls(common));
    }

    /** The control mapping's files, parsed: {@link #load} checks them, so this may run on another thread first. */
    ControlsLoader.Read readControls(CommonOptions common) {
        return ControlsLoader.read(rules(common), Optional.ofNullable(controls));
    }

    /** As {@link #load(CommonOptions, PortTable, LocalDate, PrintStream)}, with the mapping read by {@code mapping}. */
    AuditSettings load(CommonOptions common, PortTable table, LocalDate today, PrintStream err,
            Supplier<ControlsLoader.Read> mapping) {
        List<Path> files = sources == null ? policies : sources.stream().map(Configuration.PolicySource::file).toList();
        PolicyLoader.Loaded loaded = PolicyLoader.load(rules(common), files, table::hasService, today);
        loaded.warnings().forEach(w -> err.println("portaudit: " + TerminalText.safe(w)));
        ControlsLoader.Loaded controlMap = ControlsLoader.load(mapping.get(), loaded.catalog());
        List<Checkpoint.Input> inputs = new ArrayList<>(loaded.inputs());
        inputs.addAll(controlMap.inputs());
        return new AuditSettings(loaded.policy(), loaded.rules(), loaded.catalog(),
                baseline == null ? Optional.empty() : Optional.of(BaselineFile.read(baseline)), controlMap.map(), inputs);
    }

    static RuleFiles rules(CommonOptions common) {
        return new RuleFiles(Optional.ofNullable(common.rules));
    }
}
