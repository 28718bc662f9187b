package dev.portaudit.cli;

import dev.portaudit.model.PortEntry;
import dev.portaudit.model.Transport;
import dev.portaudit.ports.PortTable;
import dev.portaudit.report.LookupText;
import dev.portaudit.report.TerminalText;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "lookup", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Look up ports or service names in the port table.", "",
            "QUERY is PORT (every protocol with entries; tcp and udp always), PORT/PROTO (tcp, udp, sctp, dccp), "
                + "or NAME (a service name; if none matches exactly, services and descriptions containing it).",
            ""})
final class LookupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Parameters(arity = "1..*", paramLabel = "QUERY", description = "PORT, PORT/PROTO or NAME.")
    List<String> queries;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            completionCandidates = LookupFormats.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String format;

    private final PrintStream out;
    private final PrintStream err;

    LookupCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** An entry and the port it answers for. */
    record Hit(PortEntry entry, int port) {
    }

    @Override
    public Integer call() throws IOException {
        common.applyLogging();
        boolean json = switch (format.toLowerCase(Locale.ROOT)) {
            case "json" -> true;
            case "text" -> false;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "'" + format + "' is not a lookup format (allowed: text, json)");
        };
        List<Parsed> parsed = new ArrayList<>();
        for (String q : queries) {
            parsed.add(parse(q));
        }
        PortTable table = common.portTable();
        List<Hit> hits = new ArrayList<>();
        for (Parsed p : parsed) {
            List<Hit> found = p.resolve(table);
            if (found.isEmpty()) {
                err.println("portaudit: no entry matches '" + TerminalText.safe(p.text()) + "'");
            }
            hits.addAll(found);
        }
        List<LookupText.Row> rows = hits.stream().map(h -> new LookupText.Row(h.entry(), h.port())).toList();
        if (json) {
            LookupText.json(rows, out);
        } else {
            out.print(LookupText.render(rows));
            out.flush();
        }
        return ExitCode.CLEAN.code();
    }

    /** A query, validated before the table is loaded. */
    record Parsed(String text, int port, List<Transport> protocols, boolean byPort) {
        List<Hit> resolve(PortTable table) {
            List<Hit> hits = new ArrayList<>();
            if (!byPort) {
                for (PortEntry e : table.search(text)) {
                    hits.add(new Hit(e, e.first()));
                }
                return hits;
            }
            for (Transport t : protocols) {
                boolean always = protocols.size() == 1 || t == Transport.TCP || t == Transport.UDP;
                List<PortEntry> entries = always ? table.lookup(t, port) : table.entries(t, port);
                for (PortEntry e : entries) {
                    hits.add(new Hit(e, port));
                }
            }
            return hits;
        }
    }

    Parsed parse(String q) {
        String text = q.strip();
        int slash = text.indexOf('/');
        String portText = slash < 0 ? text : text.substring(0, slash);
        if (!portText.isEmpty() && portText.chars().allMatch(Character::isDigit)) {
            int port;
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "'" + q + "': port must be 0-65535");
            }
            if (slash < 0) {
                return new Parsed(text, port, List.of(Transport.values()), true);
            }
            try {
                return new Parsed(text, port, List.of(Transport.parse(text.substring(slash + 1))), true);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "'" + q + "': " + e.getMessage());
            }
        }
        if (text.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "empty query");
        }
        return new Parsed(text, -1, List.of(), false);
    }

    static final class LookupFormats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("text", "json").iterator();
        }
    }
}
