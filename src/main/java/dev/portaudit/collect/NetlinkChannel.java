package dev.portaudit.collect;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * A NETLINK_SOCK_DIAG socket in this thread's network namespace. This is the Java 17 version,
 * through JNA; on Java 22 and newer the multi-release jar supplies one through the Foreign Function
 * and Memory API ({@code src/main/java22}), which needs no native library of its own. Both have the
 * same methods; errno is kept with every failure.
 */
final class NetlinkChannel implements AutoCloseable {

    /** Which implementation the running Java loaded: reports and benchmarks say so. */
    static final String IMPLEMENTATION = "jna";

    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_SOCK_DIAG = 4;

    /** libc, with errno thrown as {@link LastErrorException}. */
    interface CLib extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        long send(int fd, byte[] buf, long len, int flags) throws LastErrorException;

        long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static volatile CLib libc;
    private final CLib c;
    private final int fd;

    private NetlinkChannel(CLib c, int fd) {
        this.c = c;
        this.fd = fd;
    }

    static NetlinkChannel open() throws NetlinkException {
        CLib lib = libc;
        if (lib == null) {
            try {
                lib = Native.load("c", CLib.class);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                throw new NetlinkException("libc could not be loaded through JNA: " + e.getMessage());
            }
            libc = lib;
        }
        try {
            return new NetlinkChannel(lib, lib.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
        } catch (LastErrorException e) {
            throw new NetlinkException(e.getErrorCode(), "socket(AF_NETLINK, NETLINK_SOCK_DIAG)");
        }
    }

    void send(byte[] request) throws NetlinkException {
        try {
            long n = c.send(fd, request, request.length, 0);
            if (n != request.length) {
                throw new NetlinkException("send: " + n + " of " + request.length + " bytes sent");
            }
        } catch (LastErrorException e) {
            throw new NetlinkException(e.getErrorCode(), "send");
        }
    }

    /** Reads the next datagram into {@code buf}; returns its length. An interrupted read is retried. */
    int receive(byte[] buf) throws NetlinkException {
        for (int attempt = 0; ; attempt++) {
            try {
                return (int) c.recv(fd, buf, buf.length, 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != NetlinkException.EINTR || attempt >= 10) {
                    throw new NetlinkException(e.getErrorCode(), "recv");
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            c.close(fd);
        } catch (LastErrorException e) {
            // nothing to do: the descriptor is gone either way
        }
    }
}
