package dev.portaudit.ports;

import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.PortEntry;
import dev.portaudit.model.PortEntry.Source;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the port table from a rules directory or from the copy bundled in the jar. */
public final class PortTableLoader {

    /** Where the bundled rules live on the classpath. */
    public static final String BUNDLED = "portaudit/rules/ports/";
    private static final Logger LOG = LoggerFactory.getLogger(PortTableLoader.class);

    private PortTableLoader() {
    }

    /** The table bundled in the jar. */
    public static PortTable bundled() {
        long start = System.nanoTime();
        PortTable table = build(name -> {
            InputStream in = PortTableLoader.class.getClassLoader().getResourceAsStream(BUNDLED + name);
            if (in == null) {
                throw new IllegalStateException("the bundled port table is missing " + BUNDLED + name
                        + ": the jar is incomplete");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }, "bundled:" + BUNDLED);
        LOG.info("port table loaded from the bundled rules in {} ms", (System.nanoTime() - start) / 1_000_000);
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
                return Files.newBufferedReader(dir.resolve(name), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new InvalidInputException(dir.resolve(name) + ": missing (every port table directory has "
                        + PortTableFiles.IANA_FILE + ", " + PortTableFiles.USAGE_FILE + " and "
                        + PortTableFiles.SOURCES_FILE + ")");
            } catch (IOException e) {
                throw new InvalidInputException(dir.resolve(name) + ": cannot read: " + e.getMessage());
            }
        }, dir.toString());
        LOG.info("port table loaded from {} in {} ms", dir, (System.nanoTime() - start) / 1_000_000);
        return table;
    }

    @FunctionalInterface
    private interface Opener {
        Reader open(String name);
    }

    private static PortTable build(Opener opener, String where) {
        List<PortEntry> iana = readEntries(opener, where, PortTableFiles.IANA_FILE, Source.IANA);
        List<PortEntry> usage = readEntries(opener, where, PortTableFiles.USAGE_FILE, Source.USAGE);
        Map<String, String> props = new HashMap<>();
        try (Reader r = opener.open(PortTableFiles.SOURCES_FILE)) {
            Properties p = new Properties();
            p.load(r);
            p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return PortTable.build(iana, usage, new TableSources(props));
    }

    private static List<PortEntry> readEntries(Opener opener, String where, String file, Source source) {
        try (BufferedReader r = new BufferedReader(opener.open(file), 1 << 16)) {
            return PortTableFiles.read(r, where + "/" + file, source);
        } catch (IOException e) {
            throw new InvalidInputException(where + "/" + file + ": cannot read: " + e.getMessage());
        }
    }
}
