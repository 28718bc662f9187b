package dev.portaudit.ports.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.portaudit.model.PortEntry;
import dev.portaudit.model.PortStatus;
import dev.portaudit.model.Transport;
import dev.portaudit.ports.PortTable;
import dev.portaudit.ports.PortTableFiles;
import dev.portaudit.ports.PortTableLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importer on the real IANA registry and usage classification (../shared/data), and the
 * committed table under rules/ports checked against a fresh import.
 */
class RealSourcesTest {

    @TempDir
    static Path out;
    static TableImporter.Result result;
    static PortTable table;

    @BeforeAll
    static void importRealSources() throws Exception {
        assumeTrue(Files.isReadable(Fixtures.REAL_IANA) && Files.isReadable(Fixtures.REAL_USAGE),
                "the source data is expected at " + Fixtures.SHARED_DATA);
        result = TableImporter.run(Fixtures.REAL_IANA, Fixtures.REAL_USAGE, out, "2026-08-01");
        table = PortTableLoader.fromDirectory(out);
    }

    @Test
    void recordCounts() {
        assertEquals(14533, result.table().ianaRecords());
        assertEquals("2026-08-17", result.table().ianaUpdated());
        assertEquals(1536, result.table().usageRows());
        assertEquals(2, result.table().warnings().size(), result.table().warnings().toString());
        assertTrue(result.table().warnings().get(0).contains("49152-65535 spans the whole dynamic range"),
                "the row naming every ephemeral port is left out");
        assertTrue(result.table().warnings().get(1).contains("'Compressible' is not a status"));
        assertEquals("14533", result.sources().get("iana.records"));
    }

    @Test
    void sshIsYes() {
        PortEntry ssh = table.entries(Transport.TCP, 22).get(0);
        assertEquals(PortStatus.YES, ssh.status());
        assertEquals("ssh", ssh.service());
    }

    @Test
    void port5000CarriesManyUnofficialUses() {
        List<PortEntry> e = table.entries(Transport.TCP, 5000);
        long unofficial = e.stream().filter(x -> x.status() == PortStatus.UNOFFICIAL).count();
        assertTrue(unofficial >= 12, "5000/tcp unofficial entries: " + unofficial);
        assertTrue(e.stream().anyMatch(x -> x.service().equals("commplex-main")));
        assertTrue(e.stream().anyMatch(x -> x.description().contains("Docker Registry")));
    }

    @Test
    void reservedPorts() {
        for (Transport t : List.of(Transport.TCP, Transport.UDP)) {
            assertTrue(table.entries(t, 1024).stream().allMatch(e -> e.status() == PortStatus.RESERVED), t.id());
            assertTrue(table.entries(t, 49151).stream().allMatch(e -> e.status() == PortStatus.RESERVED), t.id());
            assertTrue(!table.entries(t, 49151).isEmpty());
        }
    }

    @Test
    void x11RangeCoversEveryPortInside() {
        PortEntry x11 = table.entries(Transport.TCP, 6001).stream().filter(e -> e.service().equals("x11"))
                .findFirst().orElseThrow();
        assertEquals(6000, x11.first());
        assertEquals(6063, x11.last());
        assertTrue(table.entries(Transport.TCP, 6063).contains(x11));
        assertEquals(PortStatus.YES, x11.status());
    }

    @Test
    void ianaWinsOverStaleClassification() {
        // 831/tcp (NETCONF over BEEP) was de-assigned by IANA: a "Yes" there is no longer official.
        assertTrue(table.entries(Transport.TCP, 831).stream().noneMatch(e -> e.status() == PortStatus.YES),
                table.entries(Transport.TCP, 831).toString());
        // 11211 memcached is an official use under IANA's name "memcache".
        assertEquals(PortStatus.YES, table.entries(Transport.TCP, 11211).get(0).status());
    }

    @Test
    void committedTableIsTheImportOfTheSources() throws Exception {
        Path committed = Path.of("rules", "ports");
        for (String f : List.of(PortTableFiles.IANA_FILE, PortTableFiles.USAGE_FILE, PortTableFiles.SOURCES_FILE,
                PortTableFiles.NOTICE_FILE)) {
            assertEquals(Files.readString(out.resolve(f)), Files.readString(committed.resolve(f)),
                    "rules/ports/" + f + " is stale: regenerate it with 'portaudit table import' (see docs/port-table.md)");
        }
    }

    @Test
    void bundledTableIsTheCommittedOne() {
        PortTable bundled = PortTableLoader.bundled();
        assertEquals(table.all(), bundled.all());
        assertEquals("2026-08-17", bundled.sources().get("iana.updated"));
    }
}
