package dev.portaudit.cli;

import dev.portaudit.collect.Collector;
import dev.portaudit.collect.HostCollector;
import dev.portaudit.collect.HostCollectors;
import dev.portaudit.ports.PortTable;
import dev.portaudit.ports.PortTableLoader;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command that reads the rules takes. */
final class CommonOptions {

    @Option(names = {"-v", "--verbose"}, description = "Log more to stderr: -v for progress, -vv for detail.")
    boolean[] verbose = new boolean[0];

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Rules directory to use instead of the bundled one (holds ports/ with the port table).")
    Path rules;

    @Option(names = "--collector", paramLabel = "KIND", defaultValue = "auto",
            completionCandidates = CollectorKinds.class,
            description = "How the live host is read: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: on Linux "
                    + "sock_diag netlink, procfs where netlink is refused; OSHI elsewhere).")
    String collector;

    static final class CollectorKinds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(HostCollectors.KINDS).iterator();
        }
    }

    /** The host collector: the environment's unless --collector names one. */
    HostCollector hostCollector(Environment env) {
        if (collector.equals("auto")) {
            Collector c = env.collector().get();
            if (c instanceof HostCollector h) {
                return h;
            }
        }
        return HostCollectors.create(collector);
    }

    /** The collector for a plain scan of this host. */
    Collector collector(Environment env) {
        return collector.equals("auto") ? env.collector().get()
                : HostCollectors.create(collector);
    }

    void applyLogging() {
        LoggingSetup.apply(verbose.length);
    }

    PortTable portTable() {
        return rules == null ? PortTableLoader.bundled() : PortTableLoader.fromDirectory(rules.resolve("ports"));
    }
}
