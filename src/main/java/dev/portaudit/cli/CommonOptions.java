package dev.portaudit.cli;

import dev.portaudit.ports.PortTable;
import dev.portaudit.ports.PortTableLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that reads the rules takes. */
final class CommonOptions {

    @Option(names = {"-v", "--verbose"}, description = "Log more to stderr: -v for progress, -vv for detail.")
    boolean[] verbose = new boolean[0];

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Rules directory to use instead of the bundled one (holds ports/ with the port table).")
    Path rules;

    void applyLogging() {
        LoggingSetup.apply(verbose.length);
    }

    PortTable portTable() {
        return rules == null ? PortTableLoader.bundled() : PortTableLoader.fromDirectory(rules.resolve("ports"));
    }
}
