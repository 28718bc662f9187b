package dev.portaudit.cli;

import dev.portaudit.audit.AuditSettings;
import dev.portaudit.policy.BaselineFile;
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
import picocli.CommandLine.Option;

/** The options that say what a scan is judged against: policies and a baseline. */
final class PolicyOptions {

    @Option(names = {"-p", "--policy"}, paramLabel = "FILE",
            description = "Policy file (YAML), merged in order over the default policy; repeatable.")
    List<Path> policies = new ArrayList<>();

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Baseline saved by 'portaudit baseline save': raise baseline-added and baseline-removed.")
    Path baseline;

    /** Loads and checks everything before the system is touched; warnings go to {@code err}. */
    AuditSettings load(CommonOptions common, PortTable table, LocalDate today, PrintStream err) {
        PolicyLoader.Loaded loaded = PolicyLoader.load(rules(common), policies, table::hasService, today);
        loaded.warnings().forEach(w -> err.println("portaudit: " + TerminalText.safe(w)));
        return new AuditSettings(loaded.policy(), loaded.rules(), loaded.catalog(),
                baseline == null ? Optional.empty() : Optional.of(BaselineFile.read(baseline)));
    }

    static RuleFiles rules(CommonOptions common) {
        return new RuleFiles(Optional.ofNullable(common.rules));
    }
}
