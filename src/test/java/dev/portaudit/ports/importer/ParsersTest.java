package dev.portaudit.ports.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.Transport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParsersTest {

    private static IanaRegistry iana(String xml) {
        return IanaRegistryParser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "t.xml");
    }

    @Test
    void ianaRecordsKeepRangesAndCollapseWhitespace() {
        IanaRegistry r = Fixtures.smallRegistry();
        IanaRecord x11 = r.numbered().stream().filter(x -> x.name().equals("x11")).findFirst().orElseThrow();
        assertEquals(6000, x11.first());
        assertEquals(6002, x11.last());
        IanaRecord mail = r.numbered().stream().filter(x -> x.first() == 24).findFirst().orElseThrow();
        assertEquals("any private mail system", mail.description());
    }

    @Test
    void ianaErrorsNameFileAndLine() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> iana("""
                <registry xmlns="http://www.iana.org/assignments">
                  <record><name>a</name><protocol>tcp</protocol><number>70000</number></record>
                  <record><name>b</name><protocol>tcp</protocol><number>12x</number></record>
                  <record><name>c</name><protocol>quic</protocol><number>12</number></record>
                </registry>
                """));
        assertEquals(3, e.problems().size());
        assertTrue(e.problems().get(0).startsWith("t.xml:2: port number '70000'"), e.problems().get(0));
        assertTrue(e.problems().get(1).startsWith("t.xml:3: port number '12x'"), e.problems().get(1));
        assertTrue(e.problems().get(2).contains("unknown protocol 'quic'"), e.problems().get(2));
    }

    @Test
    void ianaRejectsOtherXmlAndBrokenXmlAndEntities() {
        assertThrows(InvalidInputException.class, () -> iana("<html><body/></html>"));
        InvalidInputException broken = assertThrows(InvalidInputException.class,
                () -> iana("<registry><record><name>x</name></record>"));
        assertTrue(broken.getMessage().startsWith("t.xml:"), broken.getMessage());
        assertThrows(InvalidInputException.class, () -> iana("""
                <?xml version="1.0"?>
                <!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <registry><record><name>&x;</name><protocol>tcp</protocol><number>1</number></record></registry>
                """));
    }

    @Test
    void csvHandlesQuotesCommasAndLineBreaks() {
        List<UsageRow> rows = UsageCsvParser.parse(Fixtures.text("usage/small-usage.csv"), "u.csv");
        assertEquals(13, rows.size());
        UsageRow x11 = rows.stream().filter(r -> r.first() == 6000).findFirst().orElseThrow();
        assertEquals(6003, x11.last());
        assertEquals("X11, used between an X client and server \"over the network\"", x11.description());
        UsageRow game = rows.stream().filter(r -> r.first() == 7000).findFirst().orElseThrow();
        assertEquals(12, game.line());
        assertEquals("No", game.cells().get(Transport.TCP));
        UsageRow after = rows.stream().filter(r -> r.first() == 9).findFirst().orElseThrow();
        assertEquals(14, after.line(), "line numbers count the line break inside the quoted field");
        assertEquals(2, after.cells().size());
    }

    @Test
    void csvErrorsAreAllReportedWithPositions() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> UsageCsvParser.parse("""
                port_start,port_end,tcp,udp,sctp,dccp,description,citation_urls
                80,80,Yes,,,,http,
                x,81,Yes,,,,bad start,
                90,85,Yes,,,,reversed,
                99,99,Yes
                """, "u.csv"));
        assertEquals(List.of("u.csv:3:1: 'x' is not a port number (allowed: 0-65535)",
                "u.csv:4:2: port_end 85 is below port_start 90",
                "u.csv:5: row has 3 fields, expected at least 7 (port_start,port_end,tcp,udp,sctp,dccp,description)"),
                e.problems());
        assertThrows(InvalidInputException.class, () -> UsageCsvParser.parse("a,b,c\n1,2,3\n", "u.csv"));
        assertThrows(InvalidInputException.class, () -> UsageCsvParser.parse("", "u.csv"));
        InvalidInputException open = assertThrows(InvalidInputException.class, () -> UsageCsvParser.parse(
                String.join(",", UsageCsvParser.HEADER) + "\n1,1,Yes,,,,\"never closed\n", "u.csv"));
        assertTrue(open.getMessage().startsWith("u.csv:2:"), open.getMessage());
    }
}
