package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SockDiagTest {

    /**
     * One inet_diag_msg as the kernel writes it: family, state, the socket id (ports and addresses
     * in network order), uid and inode, then an IPV6_V6ONLY attribute for IPv6.
     */
    private static byte[] message(int family, int port, byte[] local, int remotePort, long uid, long inode,
            Boolean v6only, int flags) {
        int len = 16 + 72 + (v6only == null ? 0 : 8);
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.nativeOrder());
        b.putInt(len).putShort((short) 20).putShort((short) flags).putInt(1).putInt(0);
        b.put((byte) family).put((byte) 10).put((byte) 0).put((byte) 0);
        b.put((byte) (port >> 8)).put((byte) port).put((byte) (remotePort >> 8)).put((byte) remotePort);
        b.put(local).put(new byte[16 - local.length]).put(new byte[16]); // source, destination
        b.putInt(0).putInt(0).putInt(0); // interface, cookie
        b.putInt(0).putInt(0).putInt(0).putInt((int) uid).putInt((int) inode); // expires, queues, uid, inode
        if (v6only != null) {
            b.putShort((short) 5).putShort((short) 11).put((byte) (v6only ? 1 : 0)).put(new byte[3]);
        }
        return b.array();
    }

    private static byte[] done(int flags) {
        return ByteBuffer.allocate(20).order(ByteOrder.nativeOrder()).putInt(20).putShort((short) 3)
                .putShort((short) flags).putInt(1).putInt(0).putInt(0).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer b = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    @Test
    void readsSocketsTheirOwnersUidAndFlagAndTheEndOfTheDump() throws Exception {
        byte[] any6 = new byte[16];
        byte[] a = concat(message(10, 8443, any6, 0, 1000, 4026532254L, true, 2), done(2));
        SockDiag.Dump d = SockDiag.Dump.empty();
        assertEquals(new SockDiag.Parsed(SockDiag.Status.DONE, false), SockDiag.parse(a, a.length,
                ProcSockets.Table.TCP6, d));
        assertEquals(List.of(new ProcNetParser.ProcSocket(new RawSocket(Transport.TCP, IpFamily.IPV6, "::", 8443, false,
                0), 4026532254L, 1000)), d.sockets());
        assertEquals(Map.of(4026532254L, true), d.v6only());
        // IPv4, and an IPv4-mapped address in the IPv6 table, as procfs reports them
        byte[] v4 = concat(message(2, 53, new byte[] {127, 0, 0, 53}, 0, 0, 77, null, 2),
                message(10, 25, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1}, 0,
                        0, 78, false, 2));
        SockDiag.Dump v = SockDiag.Dump.empty();
        assertEquals(SockDiag.Status.MORE, SockDiag.parse(v4, v4.length, ProcSockets.Table.UDP, v).status(),
                "no DONE yet: more to read");
        assertEquals(List.of("127.0.0.53:53", "10.0.0.1:25"), v.sockets().stream().map(x -> x.socket().address() + ":"
                + x.socket().port()).toList());
    }

    @Test
    void aConnectedUdpSocketIsNotAListener() throws Exception {
        byte[] a = concat(message(2, 5353, new byte[4], 443, 0, 9, null, 2), done(2));
        SockDiag.Dump d = SockDiag.Dump.empty();
        SockDiag.parse(a, a.length, ProcSockets.Table.UDP, d);
        assertEquals(List.of(), d.sockets());
    }

    @Test
    void anInterruptedDumpIsSaidSoAndErrorsKeepTheirErrno() throws Exception {
        byte[] a = concat(message(2, 22, new byte[4], 0, 0, 9, null, 2 | SockDiag.NLM_F_DUMP_INTR), done(2));
        assertTrue(SockDiag.parse(a, a.length, ProcSockets.Table.TCP, SockDiag.Dump.empty()).interrupted(),
                "the kernel's tables changed during the dump: the collector asks again");
        byte[] error = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder()).putInt(20).putShort((short) 2)
                .putShort((short) 0).putInt(1).putInt(0).putInt(-1).array();
        NetlinkException e = assertThrows(NetlinkException.class, () -> SockDiag.parse(error, error.length,
                ProcSockets.Table.TCP, SockDiag.Dump.empty()));
        assertEquals(1, e.errno());
        assertTrue(e.getMessage().contains("EPERM"), e.getMessage());
        byte[] torn = message(2, 22, new byte[4], 0, 0, 9, null, 2);
        assertThrows(NetlinkException.class, () -> SockDiag.parse(torn, 40, ProcSockets.Table.TCP,
                SockDiag.Dump.empty()), "a message cut short");
    }

    /** The kernel is asked for real: sockets of this JVM are reported with the flag ss reports for them. */
    @Test
    void theKernelTellsASocketsOwnFlagAsSsDoes() throws Exception {
        try (ServerSocketChannel loop = ServerSocketChannel.open(StandardProtocolFamily.INET6);
                ServerSocketChannel any = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
            loop.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            any.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
            for (ServerSocketChannel ch : new ServerSocketChannel[] {loop, any}) {
                int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
                Listener mine = LinuxCollector.forThisHost().collect().listeners().stream()
                        .filter(l -> l.port() == port && l.family() == IpFamily.IPV6).findFirst().orElseThrow();
                Process ss = new ProcessBuilder("ss", "-tlnHe", "sport = :" + port).redirectErrorStream(true).start();
                String line = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                ss.waitFor(10, TimeUnit.SECONDS);
                Matcher m = Pattern.compile("v6only:(\\d)").matcher(line);
                assertTrue(m.find(), "ss -e prints the flag: " + line);
                assertEquals(Optional.of(m.group(1).equals("1")), mine.v6Only(), mine + "\n" + line);
            }
        }
    }
}
