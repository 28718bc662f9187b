package dev.portaudit.ports.importer;

import dev.portaudit.ports.PortTable;
import dev.portaudit.ports.TableSources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixtures and the real source data beside the checkout. */
final class Fixtures {

    /** The shared data directory: ../shared/data next to the checkout. */
    static final Path SHARED_DATA = Path.of("..", "shared", "data").toAbsolutePath().normalize();
    static final Path REAL_IANA = SHARED_DATA.resolve("service-names-port-numbers.xml");
    static final Path REAL_USAGE = SHARED_DATA.resolve("wikipedia-ports.csv");

    private Fixtures() {
    }

    static Path path(String name) {
        return Path.of("src/test/resources/fixtures", name).toAbsolutePath();
    }

    static String text(String name) {
        try {
            return Files.readString(path(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream stream(String name) {
        try {
            return Files.newInputStream(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IanaRegistry smallRegistry() {
        return IanaRegistryParser.parse(stream("iana/small-registry.xml"), "small-registry.xml");
    }

    static GeneratedTable smallTable() {
        return PortTableGenerator.generate(smallRegistry(),
                UsageCsvParser.parse(text("usage/small-usage.csv"), "small-usage.csv"), "small-usage.csv");
    }

    static PortTable smallPortTable() {
        GeneratedTable g = smallTable();
        return PortTable.build(g.ianaEntries(), g.usageEntries(), TableSources.NONE);
    }
}
