package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.Listener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SockDiagTest {

    /** A netlink answer as the kernel writes it: one socket with its flag, then the end of the dump. */
    private static byte[] answer(long inode, boolean v6only) {
        ByteBuffer b = ByteBuffer.allocate(16 + 72 + 8 + 16).order(ByteOrder.nativeOrder());
        b.putInt(16 + 72 + 8).putShort((short) 20).putShort((short) 2).putInt(1).putInt(0);
        b.put((byte) 10).put((byte) 10).put((byte) 0).put((byte) 0);
        b.position(b.position() + 48 + 16); // socket id, expires, queues, uid
        b.putInt((int) inode);
        b.putShort((short) 5).putShort((short) 11).put((byte) (v6only ? 1 : 0)).put(new byte[3]);
        b.putInt(16).putShort((short) 3).putShort((short) 2).putInt(1).putInt(0);
        return b.array();
    }

    @Test
    void readsEachSocketsFlagAndTheEndOfTheDump() {
        Map<Long, Boolean> out = new HashMap<>();
        byte[] a = answer(4026532254L, true);
        assertEquals(Optional.of(false), SockDiag.parse(a, a.length, out), "the dump ended");
        assertEquals(Map.of(4026532254L, true), out);
        byte[] error = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putInt(16).putShort((short) 2)
                .putShort((short) 0).putInt(1).putInt(0).array();
        assertEquals(Optional.empty(), SockDiag.parse(error, error.length, new HashMap<>()), "an error: unknown");
        byte[] torn = answer(1, false);
        assertEquals(Optional.empty(), SockDiag.parse(torn, 40, new HashMap<>()), "a message cut short: unknown");
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
                        .filter(l -> l.port() == port).findFirst().orElseThrow();
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
