package dev.portaudit.cli;

import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.ControlMap;
import dev.portaudit.policy.CatalogLoader;
import dev.portaudit.policy.ControlsLoader;
import dev.portaudit.policy.PolicyLoader;
import dev.portaudit.policy.RuleFiles;
import dev.portaudit.policy.SafeYaml;
import dev.portaudit.policy.ServiceCatalog;
import dev.portaudit.ports.PortTable;
import dev.portaudit.report.TerminalText;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "policy", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Work with policy files.", subcommands = {PolicyCommand.Validate.class},
        synopsisSubcommandLabel = "COMMAND")
final class PolicyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required (validate)");
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Check policy files without scanning: every problem at once, as FILE:LINE:COLUMN. A file "
                + "whose top level is 'frameworks:' is checked as a control mapping (controls.yaml).", ""})
    static final class Validate implements Callable<Integer> {

        @Mixin
        CommonOptions common = new CommonOptions();

        @Parameters(arity = "1..*", paramLabel = "FILE",
                description = "Policy files, merged in order as a scan would, or control mappings.")
        List<Path> files;

        private final PrintStream out;
        private final PrintStream err;
        private final Clock clock;

        Validate(PrintStream out, PrintStream err, Clock clock) {
            this.out = out;
            this.err = err;
            this.clock = clock;
        }

        @Override
        public Integer call() {
            common.applyLogging();
            PortTable table = common.portTable();
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            List<Path> mappings = new ArrayList<>();
            List<Path> policies = new ArrayList<>();
            for (Path f : files) {
                (isMapping(f) ? mappings : policies).add(f);
            }
            List<String> said = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            if (!mappings.isEmpty()) {
                try {
                    said.add(mappings(mappings, PolicyOptions.rules(common)));
                } catch (InvalidInputException e) {
                    problems.addAll(e.problems());
                }
            }
            if (!policies.isEmpty()) {
                try {
                    PolicyLoader.Loaded loaded = PolicyLoader.load(PolicyOptions.rules(common), policies,
                            table::hasService, today);
                    warnings.addAll(loaded.warnings());
                    said.add(policies.size() + (policies.size() == 1 ? " policy file" : " policy files") + " valid: "
                            + loaded.policy().allow().size() + " allow, " + loaded.policy().deny().size() + " deny, "
                            + loaded.policy().waivers().size() + " waiver entries"
                            + (loaded.warnings().isEmpty() ? "" : ", " + loaded.warnings().size() + " warning"
                                    + (loaded.warnings().size() == 1 ? "" : "s")));
                } catch (InvalidInputException e) {
                    problems.addAll(e.problems());
                }
            }
            warnings.forEach(w -> err.println("portaudit: " + TerminalText.safe(w)));
            if (!problems.isEmpty()) {
                long errors = problems.stream().filter(p -> !p.contains(": warning: ")).count();
                problems.forEach(p -> err.println("portaudit: " + TerminalText.safe(p)));
                err.println("portaudit: " + errors + (errors == 1 ? " error" : " errors"));
                return ExitCode.USAGE.code();
            }
            said.forEach(out::println);
            return ExitCode.CLEAN.code();
        }

        /** Whether a file reads as a control mapping; one that does not parse is left to the policy loader to report. */
        private static boolean isMapping(Path f) {
            try {
                return ControlsLoader.isMapping(SafeYaml.read(f));
            } catch (InvalidInputException e) {
                return false;
            }
        }

        /** Checks control mappings, every problem of every file at once. */
        private static String mappings(List<Path> mappings, RuleFiles rules) {
            ServiceCatalog catalog = CatalogLoader.load(rules.yaml(PolicyLoader.CATALOG));
            List<String> problems = new ArrayList<>();
            int frameworks = 0;
            int controls = 0;
            for (Path f : mappings) {
                try {
                    ControlMap m = ControlsLoader.load(SafeYaml.read(f), catalog);
                    frameworks += m.frameworks().size();
                    controls += m.frameworks().stream().mapToInt(fw -> fw.controls().size()).sum();
                } catch (InvalidInputException e) {
                    problems.addAll(e.problems());
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            return mappings.size() + (mappings.size() == 1 ? " control mapping" : " control mappings") + " valid: "
                    + frameworks + " frameworks, " + controls + " controls";
        }
    }
}
