package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Transport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines shaped like those of a little-endian x86_64 host's /proc/net tables. */
class ProcNetParserTest {

    @Test
    void keepsOnlyListeningTcp() {
        String text = ProcTree.TCP_HEADER
                + ProcTree.tcpLine(0, "0100007F:1F90", "00000000:0000", "0A", 1000, 111)
                + ProcTree.tcpLine(1, "0100007F:1F90", "0100007F:A000", "01", 1000, 112)
                + ProcTree.tcpLine(2, "00000000:0016", "00000000:0000", "0A", 0, 113)
                + ProcTree.tcpLine(3, "0100007F:8000", "0100007F:1F90", "06", 0, 0);
        ProcNetParser.Result r = ProcNetParser.parse(text, Transport.TCP, IpFamily.IPV4);
        assertEquals(0, r.unparsable());
        List<ProcNetParser.ProcSocket> s = r.sockets();
        assertEquals(2, s.size());
        assertEquals("127.0.0.1", s.get(0).socket().address());
        assertEquals(8080, s.get(0).socket().port());
        assertEquals(111, s.get(0).inode());
        assertEquals(1000, s.get(0).uid());
        assertEquals("0.0.0.0", s.get(1).socket().address());
        assertEquals(22, s.get(1).socket().port());
    }

    @Test
    void ipv6TableWithLoopbackWildcardAndMappedAddresses() {
        String text = ProcTree.TCP_HEADER
                + ProcTree.tcpLine(0, "00000000000000000000000001000000:0050", "00000000000000000000000000000000:0000",
                        "0A", 0, 201)
                + ProcTree.tcpLine(1, "00000000000000000000000000000000:01BB", "00000000000000000000000000000000:0000",
                        "0A", 0, 202)
                + ProcTree.tcpLine(2, "0000000000000000FFFF00000100007F:2328", "00000000000000000000000000000000:0000",
                        "0A", 0, 203);
        List<ProcNetParser.ProcSocket> s = ProcNetParser.parse(text, Transport.TCP, IpFamily.IPV6).sockets();
        assertEquals("::1", s.get(0).socket().address());
        assertEquals(80, s.get(0).socket().port());
        assertEquals("::", s.get(1).socket().address());
        assertEquals(IpFamily.IPV4, s.get(2).socket().family());
        assertEquals("127.0.0.1", s.get(2).socket().address());
        assertEquals(9000, s.get(2).socket().port());
    }

    @Test
    void udpKeepsBoundUnconnectedSockets() {
        String text = ProcTree.TCP_HEADER
                + ProcTree.tcpLine(0, "0100007F:0035", "00000000:0000", "07", 0, 301)
                + ProcTree.tcpLine(1, "0100007F:C000", "0100007F:0035", "01", 0, 302)
                + ProcTree.tcpLine(2, "00000000:0000", "00000000:0000", "07", 0, 303);
        List<ProcNetParser.ProcSocket> s = ProcNetParser.parse(text, Transport.UDP, IpFamily.IPV4).sockets();
        assertEquals(1, s.size());
        assertEquals(53, s.get(0).socket().port());
        assertEquals(Transport.UDP, s.get(0).socket().protocol());
    }

    @Test
    void countsLinesItCannotRead() {
        String text = ProcTree.TCP_HEADER + "   0: garbage\n"
                + ProcTree.tcpLine(1, "0100007F:ZZZZ", "00000000:0000", "0A", 0, 1)
                + ProcTree.tcpLine(2, "01007F:0050", "00000000:0000", "0A", 0, 2)
                + ProcTree.tcpLine(3, "0100007F:0050", "00000000:0000", "0A", 0, 3);
        ProcNetParser.Result r = ProcNetParser.parse(text, Transport.TCP, IpFamily.IPV4);
        assertEquals(3, r.unparsable());
        assertEquals(1, r.sockets().size());
    }

    @Test
    void readsTheRestOfALineOnlyWhenItListens() {
        String listen = ProcTree.tcpLine(0, "0100007F:0050", "00000000:0000", "0A", 0, 7);
        String established = ProcTree.tcpLine(1, "0100007F:C000", "0100007F:0050", "01", 0, 8);
        String text = ProcTree.TCP_HEADER
                + established.substring(0, established.indexOf(" 01 ") + 4) + "\n" // cut after its state: skipped
                + listen.substring(0, listen.indexOf(" 0A ") + 4) + "\n"            // cut after its state: unreadable
                + listen.replace("0050", "0051").stripTrailing();                   // last line without a line break
        ProcNetParser.Result r = ProcNetParser.parse(text, Transport.TCP, IpFamily.IPV4);
        assertEquals(1, r.unparsable());
        assertEquals(1, r.sockets().size());
        assertEquals(81, r.sockets().get(0).socket().port());
        assertEquals(7, r.sockets().get(0).inode());
    }
}
