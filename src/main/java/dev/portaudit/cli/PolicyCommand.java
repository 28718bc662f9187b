package dev.portaudit.cli;

import dev.portaudit.model.InvalidInputException;
import dev.portaudit.policy.PolicyLoader;
import dev.portaudit.ports.PortTable;
import dev.portaudit.report.TerminalText;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
            description = {"Check policy files without scanning: every problem at once, as FILE:LINE:COLUMN.", ""})
    static final class Validate implements Callable<Integer> {

        @Mixin
        CommonOptions common = new CommonOptions();

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy files, merged in order as a scan would.")
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
            try {
                PolicyLoader.Loaded loaded = PolicyLoader.load(PolicyOptions.rules(common), files,
                        table::hasService, today);
                loaded.warnings().forEach(w -> err.println("portaudit: " + TerminalText.safe(w)));
                out.println(files.size() + (files.size() == 1 ? " policy file" : " policy files") + " valid: "
                        + loaded.policy().allow().size() + " allow, " + loaded.policy().deny().size() + " deny, "
                        + loaded.policy().waivers().size() + " waiver entries"
                        + (loaded.warnings().isEmpty() ? "" : ", " + loaded.warnings().size() + " warning"
                                + (loaded.warnings().size() == 1 ? "" : "s")));
                return ExitCode.CLEAN.code();
            } catch (InvalidInputException e) {
                long errors = e.problems().stream().filter(p -> !p.contains(": warning: ")).count();
                e.problems().forEach(p -> err.println("portaudit: " + TerminalText.safe(p)));
                err.println("portaudit: " + errors + (errors == 1 ? " error" : " errors"));
                return ExitCode.USAGE.code();
            }
        }
    }
}
