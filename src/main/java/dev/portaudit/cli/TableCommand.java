package dev.portaudit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "table", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Manage the port table.", subcommands = {TableImportCommand.class},
        synopsisSubcommandLabel = "COMMAND")
final class TableCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required (import)");
    }
}
