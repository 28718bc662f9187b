package dev.portaudit.cli;

import dev.portaudit.model.PortEntry;
import dev.portaudit.model.Transport;
import dev.portaudit.policy.CatalogLoader;
import dev.portaudit.policy.PolicyLoader;
import dev.portaudit.policy.ServiceCatalog;
import dev.portaudit.policy.ServiceDef;
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
                + "or NAME (a service name; if none matches exactly, services and descriptions containing it; and "
                + "the ports of the catalogue's services whose name or programs contain it: 'chrony' finds chronyd's "
                + "ports).",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every query matched an entry", "1:a query matched nothing (each is named on stderr)",
            "2:usage error, or invalid input (rules, arguments)", "3:runtime error"})
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
        // the catalogue is read only for names: a rules directory holding just a port table answers ports
        ServiceCatalog catalog = parsed.stream().allMatch(Parsed::byPort) ? ServiceCatalog.EMPTY
                : CatalogLoader.load(PolicyOptions.rules(common).yaml(PolicyLoader.CATALOG));
        List<Hit> hits = new ArrayList<>();
        boolean missed = false;
        for (Parsed p : parsed) {
            List<Hit> found = p.resolve(table, catalog);
            if (found.isEmpty()) {
                missed = true;
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
        // like grep: a script asking about a port learns from the code whether anything is known of it
        return missed ? 1 : ExitCode.CLEAN.code();
    }

    /** A query, validated before the table is loaded. */
    record Parsed(String text, int port, List<Transport> protocols, boolean byPort) {
        List<Hit> resolve(PortTable table, ServiceCatalog catalog) {
            List<Hit> hits = new ArrayList<>();
            if (!byPort) {
                for (PortEntry e : table.search(text)) {
                    hits.add(new Hit(e, e.first()));
                }
                // the daemons a server runs are named in the catalogue, not in IANA's registry
                String q = text.toLowerCase(Locale.ROOT);
                for (ServiceDef s : catalog.services()) {
                    boolean named = s.name().contains(q) || s.programs().stream()
                            .anyMatch(g -> g.text().replace("*", "").toLowerCase(Locale.ROOT).contains(q));
                    for (ServiceDef.Port p : named ? s.ports() : List.<ServiceDef.Port>of()) {
                        for (PortEntry e : table.lookup(p.protocol(), p.port())) {
                            Hit h = new Hit(e, p.port());
                            if (!hits.contains(h)) {
                                hits.add(h);
                            }
                        }
                    }
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
