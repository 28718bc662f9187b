package dev.portaudit.cli;

import dev.portaudit.audit.Pipeline;
import dev.portaudit.model.Snapshot;
import dev.portaudit.policy.Baseline;
import dev.portaudit.policy.BaselineFile;
import dev.portaudit.util.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "baseline", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Record what listens now, to compare later scans with (scan --baseline).",
        subcommands = {BaselineCommand.Save.class}, synopsisSubcommandLabel = "COMMAND")
final class BaselineCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required (save)");
    }

    @Command(name = "save", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Scan this host and write its listeners' identities (protocol, address class, port, "
                + "executable; never the pid) to FILE, atomically.", ""})
    static final class Save implements Callable<Integer> {

        @Mixin
        CommonOptions common = new CommonOptions();

        @Parameters(index = "0", paramLabel = "FILE", description = "Where to write the baseline (JSON).")
        Path file;

        private final PrintStream err;
        private final Environment env;

        Save(PrintStream err, Environment env) {
            this.err = err;
            this.env = env;
        }

        @Override
        public Integer call() {
            common.applyLogging();
            Snapshot snapshot = Pipeline.collect(common.collector(env));
            Baseline b = BaselineFile.of(snapshot.listeners(), env.clock().instant(), snapshot.host().hostname());
            try {
                BaselineFile.write(file, b);
            } catch (IOException e) {
                throw new RuntimeFailure("could not write the baseline to " + file + ": " + AtomicFiles.describe(e),
                        e);
            }
            err.println("portaudit: baseline of " + b.entries().size() + " listener" + (b.entries().size() == 1 ? ""
                    : "s") + " written to " + file + (snapshot.complete() ? ""
                    : " (incomplete: " + snapshot.coverage().get(0).message() + ")"));
            return ExitCode.CLEAN.code();
        }
    }
}
