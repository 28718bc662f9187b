package dev.portaudit.ports.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.PortEntry.Source;
import dev.portaudit.model.PortEntry;
import dev.portaudit.model.PortStatus;
import dev.portaudit.model.Transport;
import dev.portaudit.ports.PortTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator on small hand-made sources, one reconciliation case per assertion. */
class PortTableGeneratorTest {

    private final GeneratedTable g = Fixtures.smallTable();
    private final PortTable table = Fixtures.smallPortTable();

    private List<PortEntry> usage(int port, Transport t) {
        return g.usageEntries().stream().filter(e -> e.protocol() == t && e.covers(port)).toList();
    }

    private static String statuses(List<PortEntry> entries) {
        return String.join(",", entries.stream().map(e -> e.status().id() + ":" + e.service() + ":"
                + e.description()).toList());
    }

    @Test
    void ianaRecordsBecomeAssignedOrReservedEntries() {
        assertEquals(16, g.ianaRecords());
        assertEquals("2026-01-02", g.ianaUpdated());
        assertEquals(17, g.ianaEntries().size());
        assertEquals("reserved::Reserved", statuses(table.entries(Transport.TCP, 0)));
        assertEquals("assigned::any private mail system", statuses(table.entries(Transport.TCP, 24)));
        assertTrue(table.entries(Transport.TCP, 26).stream().noneMatch(e -> e.source() == Source.IANA),
                "'Unassigned' records are not entries");
        assertTrue(table.entries(Transport.TCP, 585).isEmpty(), "'De-registered' records are not entries");
    }

    @Test
    void recordWithoutProtocolCoversEveryProtocolWhenReservedAndTcpUdpWhenAssigned() {
        for (Transport t : Transport.values()) {
            assertEquals("reserved::Reserved", statuses(table.entries(t, 226)), t.id());
        }
        assertEquals("assigned:active-net:Active Networks", statuses(table.entries(Transport.UDP, 3323)));
        assertTrue(table.entries(Transport.SCTP, 3322).isEmpty());
    }

    @Test
    void yesConfirmedByIanaUpgradesTheIanaEntry() {
        assertEquals("yes:ssh:The Secure Shell (SSH) Protocol", statuses(table.entries(Transport.TCP, 22)));
        assertEquals("assigned:ssh:The Secure Shell (SSH) Protocol", statuses(table.entries(Transport.UDP, 22)));
    }

    @Test
    void yesWithoutIanaAssignmentBecomesUnofficial() {
        assertEquals("yes::X11", statuses(usage(6001, Transport.TCP)));
        assertEquals("unofficial::X11", statuses(usage(6003, Transport.TCP)));
        assertEquals("unofficial::X11", statuses(usage(6000, Transport.UDP)));
        PortEntry split = usage(6003, Transport.TCP).get(0);
        assertEquals(6003, split.first());
        assertEquals(6003, split.last());
        assertEquals("yes:x11:X Window System", statuses(table.entries(Transport.TCP, 6001)));
    }

    @Test
    void assignedWithoutIanaAssignmentBecomesNo() {
        assertEquals("no::Telnet protocol", statuses(usage(23, Transport.UDP)));
        assertEquals("no::Something", statuses(usage(26, Transport.TCP)).substring(0, 13));
    }

    @Test
    void unofficialUseOfTheVeryIanaServiceIsOfficial() {
        assertEquals("yes:memcache:memcached", statuses(usage(11211, Transport.TCP)));
        assertEquals("yes:memcache:Memory cache service", statuses(table.entries(Transport.TCP, 11211)));
        assertEquals("unofficial::memcached", statuses(usage(11211, Transport.UDP)));
    }

    @Test
    void reservedFollowsIana() {
        assertTrue(usage(0, Transport.TCP).isEmpty(), "IANA's own reserved entry stands; no duplicate");
        assertEquals(PortStatus.NO, usage(0, Transport.UDP).get(0).status());
        assertEquals(PortStatus.NO, usage(2, Transport.TCP).get(0).status());
    }

    @Test
    void everyUseOfAPortIsKept() {
        List<PortEntry> e = table.entries(Transport.TCP, 5000);
        assertEquals(4, e.size());
        assertEquals(3, e.stream().filter(x -> x.status() == PortStatus.UNOFFICIAL).count());
        assertEquals(List.of("Flask Development Webserver", "UPnP", "VTun"), e.stream()
                .filter(x -> x.source() == Source.USAGE).map(PortEntry::description).toList());
    }

    @Test
    void sctpAndDccpCellsAreReconciledToo() {
        assertEquals("yes:discard:Discard", statuses(table.entries(Transport.SCTP, 9)));
        assertEquals("assigned:discard:Discard", statuses(table.entries(Transport.DCCP, 9)));
    }

    @Test
    void unknownStatusIsAWarningWithItsLine() {
        assertEquals(1, g.warnings().size());
        assertTrue(g.warnings().get(0).startsWith("small-usage.csv:15: udp cell 'Compressible'"), g.warnings().get(0));
    }

    @Test
    void labelsNameTheThingAndNeverCarryWholeSentences() {
        for (PortEntry e : g.usageEntries()) {
            assertTrue(e.description().split(" ").length <= UsageLabels.MAX_WORDS, e.description());
            assertTrue(e.description().length() <= UsageLabels.MAX_CHARS, e.description());
            assertTrue(!e.description().contains("\n"), e.description());
        }
        assertEquals("Secure Shell (SSH)", UsageLabels.shorten("Secure Shell (SSH), secure logins, file transfers"));
        assertEquals("Apple AirPlay", UsageLabels.shorten("Apple AirPlay (used by receivers"));
    }
}
