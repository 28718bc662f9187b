package dev.portaudit.collect;

import dev.portaudit.model.Addresses;
import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Listener;
import dev.portaudit.model.SocketKey;
import dev.portaudit.model.Transport;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The kernel's sock_diag netlink interface (an {@code inet_diag} dump): the listening TCP sockets
 * and unconnected UDP sockets of one family, filtered by state in the kernel, each with its inode,
 * uid and — for IPv6 — its own IPV6_V6ONLY flag, which the procfs tables do not show. Messages are
 * built and read here; {@link NetlinkChannel} carries them.
 */
public final class SockDiag {

    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final short SOCK_DIAG_BY_FAMILY = 20;
    private static final short NLM_F_REQUEST = 0x1;
    private static final short NLM_F_DUMP = 0x300;
    /** The kernel's tables changed while it dumped them: the dump may be inconsistent. */
    static final short NLM_F_DUMP_INTR = 0x10;
    private static final short NLMSG_DONE = 3;
    private static final short NLMSG_ERROR = 2;
    private static final int INET_DIAG_SKV6ONLY = 11;
    private static final int TCP_LISTEN = 10;
    private static final int TCP_CLOSE = 7;
    private static final int HEADER = 16;
    private static final int MESSAGE = 72;
    private static final int MAX_READS = 100_000;
    private static final int ATTEMPTS = 3;

    /** One table's dump: its sockets and each IPv6 socket's IPV6_V6ONLY flag by inode. */
    public record Dump(List<ProcNetParser.ProcSocket> sockets, Map<Long, Boolean> v6only) {
        public static Dump empty() {
            return new Dump(new ArrayList<>(), new HashMap<>());
        }
    }

    /** How a buffer of messages ended. */
    public enum Status { MORE, DONE }

    private SockDiag() {
    }

    /** Every listening socket of {@code table}, asked on {@code channel}; a dump interrupted by changes is retried. */
    static Dump dump(NetlinkChannel channel, ProcSockets.Table table) throws NetlinkException {
        for (int attempt = 1; ; attempt++) {
            Dump d = Dump.empty();
            boolean interrupted = dumpOnce(channel, table, d);
            if (!interrupted || attempt >= ATTEMPTS) {
                // a third interrupted dump is kept: sockets come and go on a busy host, and the
                // descriptor walk and the closed-socket check that follow tolerate the same churn
                return d;
            }
        }
    }

    private static boolean dumpOnce(NetlinkChannel channel, ProcSockets.Table table, Dump into) throws NetlinkException {
        channel.send(request(table));
        byte[] buf = new byte[64 * 1024];
        boolean interrupted = false;
        for (int reads = 0; reads < MAX_READS; reads++) {
            int n = channel.receive(buf);
            if (n <= 0) {
                throw new NetlinkException("recv: the kernel closed the dump without ending it");
            }
            Parsed p = parse(buf, n, table, into);
            interrupted |= p.interrupted();
            if (p.status() == Status.DONE) {
                return interrupted;
            }
        }
        throw new NetlinkException("the dump did not end after " + MAX_READS + " reads");
    }

    /** A dump request for the sockets of the table's family and protocol in its listening states. */
    static byte[] request(ProcSockets.Table table) {
        int family = table.family == IpFamily.IPV6 ? AF_INET6 : AF_INET;
        int protocol = table.protocol == Transport.TCP ? 6 : 17;
        int states = table.protocol == Transport.TCP ? 1 << TCP_LISTEN : 1 << TCP_CLOSE;
        ByteBuffer b = ByteBuffer.allocate(HEADER + 56).order(ByteOrder.nativeOrder());
        b.putInt(HEADER + 56).putShort(SOCK_DIAG_BY_FAMILY).putShort((short) (NLM_F_REQUEST | NLM_F_DUMP)).putInt(1)
                .putInt(0);
        b.put((byte) family).put((byte) protocol).put((byte) 0).put((byte) 0).putInt(states);
        // the socket id (48 bytes) stays zero: every socket
        return b.array();
    }

    /** What one buffer held: whether the dump ended, and whether the kernel marked it interrupted. */
    public record Parsed(Status status, boolean interrupted) {
    }

    /**
     * Reads the netlink messages in {@code buf[0, n)} into {@code into}.
     *
     * @throws NetlinkException when the kernel answered with an error, or a message is malformed
     */
    public static Parsed parse(byte[] buf, int n, ProcSockets.Table table, Dump into) throws NetlinkException {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, n).order(ByteOrder.nativeOrder());
        int at = 0;
        boolean interrupted = false;
        while (at + HEADER <= n) {
            int len = b.getInt(at);
            short type = b.getShort(at + 4);
            short flags = b.getShort(at + 6);
            if (len < HEADER || len > n - at) {
                throw new NetlinkException("a netlink message of " + len + " bytes where " + (n - at) + " are left");
            }
            interrupted |= (flags & NLM_F_DUMP_INTR) != 0;
            if (type == NLMSG_DONE) {
                return new Parsed(Status.DONE, interrupted);
            }
            if (type == NLMSG_ERROR) {
                int errno = len >= HEADER + 4 ? -b.getInt(at + HEADER) : 0;
                throw new NetlinkException(errno, "sock_diag dump of " + table.file);
            }
            if (type == SOCK_DIAG_BY_FAMILY && len >= HEADER + MESSAGE) {
                socket(b, at + HEADER, at + len, table, into);
            }
            at += (len + 3) & ~3;
        }
        return new Parsed(Status.MORE, interrupted);
    }

    /** One inet_diag_msg: family, state, the socket id (ports and addresses in network order), uid, inode. */
    private static void socket(ByteBuffer b, int msg, int end, ProcSockets.Table table, Dump into) {
        int family = b.get(msg) & 0xFF;
        int port = (b.get(msg + 4) & 0xFF) << 8 | (b.get(msg + 5) & 0xFF);
        int remotePort = (b.get(msg + 6) & 0xFF) << 8 | (b.get(msg + 7) & 0xFF);
        byte[] local = new byte[family == AF_INET6 ? 16 : 4];
        byte[] remote = new byte[local.length];
        b.get(msg + 8, local);
        b.get(msg + 24, remote);
        long uid = Integer.toUnsignedLong(b.getInt(msg + 64));
        long inode = Integer.toUnsignedLong(b.getInt(msg + 68));
        if (table.protocol == Transport.UDP && (port == 0 || remotePort != 0 || !Addresses.allZero(remote))) {
            return; // a connected UDP socket is a client's, not a listener
        }
        Addresses.Parsed addr = Addresses.parse(local, table.family);
        into.sockets().add(new ProcNetParser.ProcSocket(new RawSocket(table.protocol, addr.family(), addr.text(), port,
                false, 0), inode, uid));
        for (int attr = msg + MESSAGE; attr + 4 <= end; ) {
            int alen = Short.toUnsignedInt(b.getShort(attr));
            int atype = Short.toUnsignedInt(b.getShort(attr + 2));
            if (alen < 4) {
                break;
            }
            if (atype == INET_DIAG_SKV6ONLY && alen >= 5 && attr + 4 < end) {
                into.v6only().put(inode, b.get(attr + 4) != 0);
            }
            attr += (alen + 3) & ~3;
        }
    }

    /**
     * Socket inode to its IPV6_V6ONLY flag, for listening TCP and bound UDP sockets; empty when the
     * kernel could not be asked (the procfs collector's one netlink question).
     */
    static Optional<Map<Long, Boolean>> v6only() {
        try (NetlinkChannel c = NetlinkChannel.open()) {
            Map<Long, Boolean> out = new HashMap<>(dump(c, ProcSockets.Table.TCP6).v6only());
            out.putAll(dump(c, ProcSockets.Table.UDP6).v6only());
            return Optional.of(out);
        } catch (NetlinkException | RuntimeException | LinkageError e) {
            return Optional.empty();
        }
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
}
