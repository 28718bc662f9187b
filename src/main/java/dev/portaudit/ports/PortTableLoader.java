package dev.portaudit.ports;

import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.PortEntry.Source;
import dev.portaudit.util.Logs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/** Loads the port table from a rules directory or from the copy bundled in the jar. */
public final class PortTableLoader {

    /** Where the bundled rules live on the classpath. */
    public static final String BUNDLED = "portaudit/rules/ports/";

    private PortTableLoader() {
    }

    /** The table bundled in the jar. */
    public static PortTable bundled() {
        long start = System.nanoTime();
        PortTable table = build(name -> {
            try (InputStream in = PortTableLoader.class.getClassLoader().getResourceAsStream(BUNDLED + name)) {
                if (in == null) {
                    throw new IllegalStateException("the bundled port table is missing " + BUNDLED + name
                            + ": the jar is incomplete");
                }
                return in.readAllBytes();
            }
        }, "bundled:" + BUNDLED);
        if (Logs.verbose()) {
            LoggerFactory.getLogger(PortTableLoader.class).info("port table loaded from the bundled rules in {} ms",
                    (System.nanoTime() - start) / 1_000_000);
        }
        return table;
    }

    /** The table in {@code dir} (a directory holding iana-ports.tsv, usage-ports.tsv, sources.properties). */
    public static PortTable fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": no such directory (expected a port table directory with "
                    + PortTableFiles.IANA_FILE + " and " + PortTableFiles.USAGE_FILE + ")");
        }
        long start = System.nanoTime();
        PortTable table = build(name -> {
            try {
                return Files.readAllBytes(dir.resolve(name));
            } catch (NoSuchFileException e) {
                throw new InvalidInputException(dir.resolve(name) + ": missing (every port table directory has "
                        + PortTableFiles.IANA_FILE + ", " + PortTableFiles.USAGE_FILE + " and "
                        + PortTableFiles.SOURCES_FILE + ")");
            }
        }, dir.toString());
        if (Logs.verbose()) {
            LoggerFactory.getLogger(PortTableLoader.class).info("port table loaded from {} in {} ms", dir,
                    (System.nanoTime() - start) / 1_000_000);
        }
        return table;
    }

    @FunctionalInterface
    private interface Opener {
        byte[] open(String name) throws IOException;
    }

    private static PortTable build(Opener opener, String where) {
        try {
            List<PortTable.Line> lines = new ArrayList<>(PortTableFiles.scan(opener.open(PortTableFiles.IANA_FILE),
                    where + "/" + PortTableFiles.IANA_FILE, Source.IANA, 0));
            lines.addAll(PortTableFiles.scan(opener.open(PortTableFiles.USAGE_FILE),
                    where + "/" + PortTableFiles.USAGE_FILE, Source.USAGE, lines.size()));
            Properties p = new Properties();
            p.load(new ByteArrayInputStream(opener.open(PortTableFiles.SOURCES_FILE)));
            Map<String, String> props = new HashMap<>();
            p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k)));
            return new PortTable(lines, new TableSources(props));
        } catch (IOException e) {
            throw new InvalidInputException(where + ": cannot read the port table (" + e.getMessage() + ")");
        }
    }
}
