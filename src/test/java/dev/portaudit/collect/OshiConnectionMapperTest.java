package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.collect.OshiConnectionMapper.Listening;
import dev.portaudit.collect.OshiConnectionMapper.NotListening;
import dev.portaudit.collect.OshiConnectionMapper.Unparsable;
import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Transport;
import org.junit.jupiter.api.Test;
import oshi.software.os.InternetProtocolStats.IPConnection;
import oshi.software.os.InternetProtocolStats.TcpState;

/** One fixture per OSHI quirk the adapter must normalise. */
class OshiConnectionMapperTest {

    private static final byte[] NONE = new byte[0];
    private static final byte[] V4_ZERO = new byte[4];
    private static final byte[] V6_ZERO = new byte[16];
    private static final byte[] LOOPBACK4 = {127, 0, 0, 1};
    private static final byte[] LOOPBACK6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final byte[] MAPPED_LOOPBACK = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};

    private static IPConnection conn(String type, byte[] local, int port, byte[] foreign, int foreignPort,
            TcpState state, int pid) {
        return new IPConnection(type, local, port, foreign, foreignPort, state, 0, 0, pid);
    }

    private static RawSocket listening(IPConnection c) {
        return assertInstanceOf(Listening.class, OshiConnectionMapper.map(c)).socket();
    }

    @Test
    void tcp4ListenOnLoopback() {
        RawSocket s = listening(conn("tcp4", LOOPBACK4, 8080, V4_ZERO, 0, TcpState.LISTEN, 42));
        assertEquals(Transport.TCP, s.protocol());
        assertEquals(IpFamily.IPV4, s.family());
        assertEquals("127.0.0.1", s.address());
        assertEquals(8080, s.port());
        assertEquals(42, s.pid());
        assertFalse(s.dualStack());
    }

    @Test
    void tcp46IsADualStackWildcard() {
        RawSocket s = listening(conn("tcp46", V6_ZERO, 22, V6_ZERO, 0, TcpState.LISTEN, 1));
        assertEquals(IpFamily.IPV6, s.family());
        assertEquals("::", s.address());
        assertTrue(s.dualStack());
    }

    @Test
    void udp46WithEmptyAddressIsADualStackWildcard() {
        RawSocket s = listening(conn("udp46", NONE, 5353, NONE, 0, TcpState.NONE, 7));
        assertEquals(Transport.UDP, s.protocol());
        assertEquals("::", s.address());
        assertTrue(s.dualStack());
    }

    @Test
    void emptyAddressIsTheWildcardOfTheDeclaredFamily() {
        assertEquals("0.0.0.0", listening(conn("tcp4", NONE, 80, NONE, 0, TcpState.LISTEN, 3)).address());
        assertEquals("::", listening(conn("tcp6", NONE, 80, NONE, 0, TcpState.LISTEN, 3)).address());
    }

    @Test
    void zeroBytesAreTheWildcard() {
        RawSocket v4 = listening(conn("tcp4", V4_ZERO, 25, V4_ZERO, 0, TcpState.LISTEN, 3));
        assertEquals("0.0.0.0", v4.address());
        assertEquals(IpFamily.IPV4, v4.family());
        RawSocket v6 = listening(conn("tcp6", V6_ZERO, 25, V6_ZERO, 0, TcpState.LISTEN, 3));
        assertEquals("::", v6.address());
        assertFalse(v6.dualStack(), "a tcp6 socket is not reported as dual-stack by the OS");
    }

    @Test
    void ipv4MappedAddressBecomesIpv4() {
        RawSocket s = listening(conn("tcp6", MAPPED_LOOPBACK, 9000, V6_ZERO, 0, TcpState.LISTEN, 5));
        assertEquals(IpFamily.IPV4, s.family());
        assertEquals("127.0.0.1", s.address());
    }

    @Test
    void ipv6LoopbackIsCompressed() {
        assertEquals("::1", listening(conn("udp6", LOOPBACK6, 53, V6_ZERO, 0, TcpState.CLOSED, 5)).address());
    }

    @Test
    void unconnectedUdpInClosedNoneOrUnknownStateListens() {
        for (TcpState state : new TcpState[] {TcpState.CLOSED, TcpState.NONE, TcpState.UNKNOWN, null}) {
            RawSocket s = listening(conn("udp4", LOOPBACK4, 5000, V4_ZERO, 0, state, 9));
            assertEquals(Transport.UDP, s.protocol(), "state " + state);
        }
    }

    @Test
    void connectedUdpIsNotAListener() {
        assertInstanceOf(NotListening.class,
                OshiConnectionMapper.map(conn("udp4", LOOPBACK4, 40000, LOOPBACK4, 53, TcpState.CLOSED, 9)));
        assertInstanceOf(NotListening.class,
                OshiConnectionMapper.map(conn("udp4", LOOPBACK4, 40000, V4_ZERO, 0, TcpState.ESTABLISHED, 9)));
        assertInstanceOf(NotListening.class,
                OshiConnectionMapper.map(conn("udp6", LOOPBACK6, 40000, LOOPBACK6, 0, TcpState.NONE, 9)));
    }

    @Test
    void unboundUdpIsNotAListener() {
        assertInstanceOf(NotListening.class,
                OshiConnectionMapper.map(conn("udp4", V4_ZERO, 0, V4_ZERO, 0, TcpState.CLOSED, 9)));
    }

    @Test
    void tcpOutsideListenIsNotAListener() {
        for (TcpState state : new TcpState[] {TcpState.ESTABLISHED, TcpState.TIME_WAIT, TcpState.SYN_SENT,
            TcpState.CLOSE_WAIT, TcpState.NONE, null}) {
            assertInstanceOf(NotListening.class,
                    OshiConnectionMapper.map(conn("tcp4", LOOPBACK4, 8080, LOOPBACK4, 40000, state, 9)),
                    "state " + state);
        }
    }

    @Test
    void pidMinusOneMeansOwnerUnknown() {
        assertEquals(0, listening(conn("tcp4", LOOPBACK4, 8080, V4_ZERO, 0, TcpState.LISTEN, -1)).pid());
    }

    @Test
    void unknownTypesAndAddressLengthsAreUnparsable() {
        assertInstanceOf(Unparsable.class,
                OshiConnectionMapper.map(conn("raw6", LOOPBACK6, 1, V6_ZERO, 0, TcpState.LISTEN, 1)));
        assertInstanceOf(Unparsable.class,
                OshiConnectionMapper.map(conn("tcp5", LOOPBACK4, 1, V4_ZERO, 0, TcpState.LISTEN, 1)));
        assertInstanceOf(Unparsable.class,
                OshiConnectionMapper.map(conn("tcp4", new byte[] {1, 2, 3}, 80, V4_ZERO, 0, TcpState.LISTEN, 1)));
    }
}
