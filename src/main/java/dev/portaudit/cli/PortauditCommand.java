package dev.portaudit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "portaudit", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Audit what listens on this host: every listening socket, who owns it, and whether it should.",
            ""},
        synopsisSubcommandLabel = "COMMAND")
final class PortauditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required (scan, agent, report, journal, lookup, policy, baseline, table)");
    }
}
