package dev.portaudit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portaudit.model.Exposure;
import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.ListenerIdentity;
import dev.portaudit.model.PeriodReport;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Tracked.Owner;
import dev.portaudit.model.Tracked.TrackedFinding;
import dev.portaudit.model.Tracked.TrackedListener;
import dev.portaudit.model.Transport;
import dev.portaudit.model.Waiver;
import dev.portaudit.report.ReportFormat;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JournalCodecTest {

    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

    /** The journal and the period report's JSON write a listener in one shape, so one reader takes both. */
    @Test
    void periodReportsWriteListenersAsTheJournalDoes() throws Exception {
        for (TrackedListener l : List.of(
                new TrackedListener(new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, 5432,
                        "/usr/lib/postgresql/15/bin/postgres"), "0.0.0.0",
                        Optional.of(new Owner(700, "postgres", "postgres"))),
                new TrackedListener(new ListenerIdentity(Transport.UDP, Exposure.LOOPBACK, 53, ""), "::1",
                        Optional.empty()))) {
            PeriodReport r = new PeriodReport("test", T, "web1", T, T.plusSeconds(3600),
                    List.of(new PeriodReport.PeriodListener(l, Optional.of(T), Optional.empty())), List.of(),
                    List.of(), List.of(), List.of(), List.of(), List.of());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PeriodReportFormats.write(r, ReportFormat.JSON, out);
            ObjectNode inReport = (ObjectNode) JournalCodec.MAPPER.readTree(out.toByteArray()).get("listeners").get(0);
            inReport.remove(List.of("openedAt", "closedAt", "inventory"));
            JsonNode inJournal = JournalCodec.listener(l);
            assertEquals(inJournal, inReport);
            assertEquals(l, JournalCodec.listener(inJournal), "and the journal reads back what it wrote");
        }
    }

    /** A waiver keeps its expiry through the journal, an allow entry's acceptance its lack of one. */
    @Test
    void findingsKeepTheirWaiverOrAcceptance() {
        TrackedListener l = new TrackedListener(new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, 22,
                "/usr/sbin/sshd"), "0.0.0.0", Optional.empty());
        for (Optional<Waiver> w : List.of(Optional.<Waiver>empty(),
                Optional.of(new Waiver("moving", "ops", LocalDate.of(2027, 1, 31), "p.yaml:3:5")),
                Optional.of(new Waiver("bastion only", "", Optional.empty(), "p.yaml:9:5")))) {
            JournalEvent e = new JournalEvent(7, JournalEvent.Type.FINDING_RAISED, T, "web-1", l, Optional.of(
                    new TrackedFinding("9c0e", "wildcard-exposure", Severity.LOW, "m", w)));
            assertEquals(e, JournalCodec.parse(JournalCodec.line(e)));
            assertEquals(e.asInventory(), JournalCodec.parse(JournalCodec.line(e.asInventory())));
        }
    }

    /** Only what a first scan can find (an opening, a raised finding) can be the starting inventory. */
    @Test
    void onlyOpeningsAndRaisedFindingsAreInventory() {
        TrackedListener l = new TrackedListener(new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, 22,
                "/usr/sbin/sshd"), "0.0.0.0", Optional.empty());
        JournalEvent closed = new JournalEvent(3, JournalEvent.Type.LISTENER_CLOSED, T, "web-1", l, Optional.empty());
        assertFalse(JournalCodec.line(closed).contains("inventory"), "absent unless true");
        assertThrows(IllegalArgumentException.class, closed::asInventory);
        String forged = JournalCodec.line(closed).replace("}}", "},\"inventory\":true}");
        assertTrue(forged.contains("\"inventory\":true"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JournalCodec.parse(forged));
        assertEquals("listener-closed marked as inventory", e.getMessage());
    }

    /** The journal records the unit and the package that answer for a listener, and reads them back. */
    @Test
    void unitAndPackageAreRecorded() throws Exception {
        TrackedListener l = new TrackedListener(new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, 22,
                "/usr/sbin/sshd"), "0.0.0.0", Optional.of(new Owner(812, "sshd", "root", "ssh.service",
                "openssh-server")));
        JournalEvent e = new JournalEvent(3, JournalEvent.Type.LISTENER_OPENED, T, "web-1", l, Optional.empty());
        String line = JournalCodec.line(e);
        JsonNode owner = new ObjectMapper().readTree(line).get("listener").get("owner");
        assertEquals("ssh.service", owner.get("unit").asText());
        assertEquals("openssh-server", owner.get("package").asText());
        assertEquals(e, JournalCodec.parse(line));
        // a journal written before these fields: read as not known
        String old = line.replace(",\"unit\":\"ssh.service\",\"package\":\"openssh-server\"", "");
        assertEquals(new Owner(812, "sshd", "root"), JournalCodec.parse(old).listener().owner().orElseThrow());
    }
}
