package dev.portaudit.collect;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Listener;
import dev.portaudit.model.SocketKey;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Each IPv6 listening socket's own IPV6_V6ONLY flag, from the kernel's sock_diag netlink interface:
 * the socket tables of procfs do not show it, and the net.ipv6.bindv6only sysctl is only the default
 * a socket may override. Asks for the sockets of the calling thread's network namespace; anything that
 * goes wrong leaves the flags unknown, never guessed.
 */
final class SockDiag {

    private static final int AF_NETLINK = 16;
    private static final int AF_INET6 = 10;
    private static final int SOCK_RAW = 3;
    private static final int NETLINK_SOCK_DIAG = 4;
    private static final short SOCK_DIAG_BY_FAMILY = 20;
    private static final short NLM_F_REQUEST = 0x1;
    private static final short NLM_F_DUMP = 0x300;
    private static final short NLMSG_DONE = 3;
    private static final short NLMSG_ERROR = 2;
    private static final int INET_DIAG_SKV6ONLY = 11;
    private static final int TCP_LISTEN = 10;
    private static final int TCP_CLOSE = 7;
    private static final int MAX_READS = 10_000;

    interface CLib extends Library {
        int socket(int domain, int type, int protocol);

        long send(int fd, byte[] buf, long len, int flags);

        long recv(int fd, byte[] buf, long len, int flags);

        int close(int fd);
    }

    private SockDiag() {
    }

    /** Socket inode to its IPV6_V6ONLY flag, for listening TCP and bound UDP sockets; empty when unknown. */
    static Optional<Map<Long, Boolean>> v6only() {
        CLib c;
        try {
            c = Native.load("c", CLib.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return Optional.empty();
        }
        Map<Long, Boolean> out = new HashMap<>();
        for (int protocol : new int[] {6, 17}) {
            int fd = c.socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG);
            if (fd < 0) {
                return Optional.empty();
            }
            try {
                byte[] req = request(protocol, protocol == 6 ? 1 << TCP_LISTEN : 1 << TCP_CLOSE);
                if (c.send(fd, req, req.length, 0) != req.length) {
                    return Optional.empty();
                }
                byte[] buf = new byte[64 * 1024];
                boolean done = false;
                for (int reads = 0; reads < MAX_READS && !done; reads++) {
                    long n = c.recv(fd, buf, buf.length, 0);
                    if (n <= 0) {
                        return Optional.empty();
                    }
                    Optional<Boolean> more = parse(buf, (int) n, out);
                    if (more.isEmpty()) {
                        return Optional.empty(); // the kernel answered with an error
                    }
                    done = !more.get();
                }
                if (!done) {
                    return Optional.empty();
                }
            } finally {
                c.close(fd);
            }
        }
        return Optional.of(out);
    }

    /** The listeners, each IPv6 one with the IPV6_V6ONLY flag the kernel reported for its socket. */
    static List<Listener> assign(List<Listener> listeners, Map<SocketKey, List<Long>> inodesByKey,
            Optional<Map<Long, Boolean>> flags) {
        if (flags.isEmpty()) {
            return listeners;
        }
        List<Listener> out = new ArrayList<>(listeners.size());
        for (Listener l : listeners) {
            Optional<Boolean> only = l.family() != IpFamily.IPV6 ? Optional.empty()
                    : inodesByKey.getOrDefault(l.key(), List.of()).stream().map(flags.get()::get)
                            .filter(Objects::nonNull).findFirst();
            out.add(only.map(l::withV6Only).orElse(l));
        }
        return out;
    }

    /** A dump request for the IPv6 sockets of {@code protocol} (6 TCP, 17 UDP) in the {@code states} given. */
    static byte[] request(int protocol, int states) {
        ByteBuffer b = ByteBuffer.allocate(16 + 56).order(ByteOrder.nativeOrder());
        b.putInt(16 + 56).putShort(SOCK_DIAG_BY_FAMILY).putShort((short) (NLM_F_REQUEST | NLM_F_DUMP)).putInt(1)
                .putInt(0);
        b.put((byte) AF_INET6).put((byte) protocol).put((byte) 0).put((byte) 0).putInt(states);
        // the socket id (48 bytes) stays zero: every socket
        return b.array();
    }

    /**
     * Reads the netlink messages in {@code buf[0, n)} into {@code out}.
     *
     * @return whether more messages follow; empty when the kernel answered with an error
     */
    static Optional<Boolean> parse(byte[] buf, int n, Map<Long, Boolean> out) {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, n).order(ByteOrder.nativeOrder());
        int at = 0;
        while (at + 16 <= n) {
            int len = b.getInt(at);
            short type = b.getShort(at + 4);
            if (len < 16 || at + len > n) {
                return Optional.empty();
            }
            if (type == NLMSG_DONE) {
                return Optional.of(false);
            }
            if (type == NLMSG_ERROR) {
                return Optional.empty();
            }
            if (type == SOCK_DIAG_BY_FAMILY && len >= 16 + 72) {
                int msg = at + 16;
                long inode = Integer.toUnsignedLong(b.getInt(msg + 68));
                for (int attr = msg + 72; attr + 4 <= at + len; ) {
                    int alen = Short.toUnsignedInt(b.getShort(attr));
                    int atype = Short.toUnsignedInt(b.getShort(attr + 2));
                    if (alen < 4) {
                        break;
                    }
                    if (atype == INET_DIAG_SKV6ONLY && alen >= 5) {
                        out.put(inode, b.get(attr + 4) != 0);
                    }
                    attr += (alen + 3) & ~3;
                }
            }
            at += (len + 3) & ~3;
        }
        return Optional.of(true);
    }
}
