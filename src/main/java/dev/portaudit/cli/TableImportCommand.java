package dev.portaudit.cli;

import dev.portaudit.ports.importer.TableImporter;
import dev.portaudit.report.TerminalText;
import dev.portaudit.util.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Rebuild the port table from the IANA registry XML and the usage classification CSV.", "",
            "Writes iana-ports.tsv, usage-ports.tsv, sources.properties and NOTICE into DIR "
                + "(each atomically); the shipped table is rules/ports/.", ""})
final class TableImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--iana", required = true, paramLabel = "FILE",
            description = "IANA Service Name and Transport Protocol Port Number Registry (XML).")
    Path iana;

    @Option(names = "--usage", required = true, paramLabel = "FILE",
            description = "Usage classification CSV (port_start,port_end,tcp,udp,sctp,dccp,description,...).")
    Path usage;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the table to.")
    Path out;

    @Option(names = "--usage-date", paramLabel = "YYYY-MM-DD",
            description = "Date the usage data was taken from its source, for the attribution "
                    + "(default: the file's modification date).")
    String usageDate = "";

    @Option(names = {"-v", "--verbose"}, description = "Log more to stderr.")
    boolean[] verbose = new boolean[0];

    private final PrintStream err;

    TableImportCommand(PrintStream err) {
        this.err = err;
    }

    @Override
    public Integer call() {
        LoggingSetup.apply(verbose.length);
        if (!usageDate.isEmpty()) {
            try {
                LocalDate.parse(usageDate);
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--usage-date '" + usageDate + "' is not a date (expected YYYY-MM-DD)");
            }
        }
        TableImporter.Result result;
        try {
            result = TableImporter.run(iana, usage, out, usageDate);
        } catch (IOException e) {
            throw new RuntimeFailure("could not write the table to " + out + ": " + AtomicFiles.describe(e),
                    e);
        }
        for (String w : result.table().warnings()) {
            err.println("portaudit: warning: " + TerminalText.safe(w));
        }
        err.println("portaudit: wrote " + result.table().ianaEntries().size() + " IANA entries ("
                + result.table().ianaRecords() + " records, updated " + result.table().ianaUpdated() + ") and "
                + result.table().usageEntries().size() + " usage entries (" + result.table().usageRows()
                + " rows) to " + out);
        return ExitCode.CLEAN.code();
    }
}
