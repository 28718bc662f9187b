package dev.portaudit.collect;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * A NETLINK_SOCK_DIAG socket in this thread's network namespace, through the Foreign Function and
 * Memory API (final in Java 22): libc's socket, send, recv and close called directly, errno
 * captured with each call. The multi-release jar loads this class on Java 22 and newer in place of
 * the JNA one of {@code src/main/java}; the two have the same methods.
 */
final class NetlinkChannel implements AutoCloseable {

    static final String IMPLEMENTATION = "ffm";

    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_SOCK_DIAG = 4;
    private static final int BUFFER = 64 * 1024;

    private static final class Calls {
        static final StructLayout STATE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        static final MethodHandle SOCKET;
        static final MethodHandle SEND;
        static final MethodHandle RECV;
        static final MethodHandle CLOSE;

        static {
            Linker linker = Linker.nativeLinker();
            Linker.Option errno = Linker.Option.captureCallState("errno");
            SOCKET = linker.downcallHandle(linker.defaultLookup().find("socket").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errno);
            SEND = linker.downcallHandle(linker.defaultLookup().find("send").orElseThrow(),
                    FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), errno);
            RECV = linker.downcallHandle(linker.defaultLookup().find("recv").orElseThrow(),
                    FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), errno);
            CLOSE = linker.downcallHandle(linker.defaultLookup().find("close").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        }
    }

    private final Arena arena;
    private final MemorySegment state;
    private final MemorySegment buffer;
    private final int fd;

    private NetlinkChannel(Arena arena, MemorySegment state, int fd) {
        this.arena = arena;
        this.state = state;
        this.buffer = arena.allocate(BUFFER);
        this.fd = fd;
    }

    static NetlinkChannel open() throws NetlinkException {
        Arena arena = Arena.ofConfined();
        try {
            MemorySegment state = arena.allocate(Calls.STATE);
            int fd = (int) Calls.SOCKET.invokeExact(state, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
            if (fd < 0) {
                throw new NetlinkException(errno(state), "socket(AF_NETLINK, NETLINK_SOCK_DIAG)");
            }
            return new NetlinkChannel(arena, state, fd);
        } catch (NetlinkException e) {
            arena.close();
            throw e;
        } catch (Throwable e) {
            arena.close();
            throw new NetlinkException("libc could not be called: " + e);
        }
    }

    private static int errno(MemorySegment state) {
        return (int) Calls.ERRNO.get(state, 0L);
    }

    void send(byte[] request) throws NetlinkException {
        MemorySegment out = arena.allocate(request.length);
        MemorySegment.copy(request, 0, out, ValueLayout.JAVA_BYTE, 0, request.length);
        long n;
        try {
            n = (long) Calls.SEND.invokeExact(state, fd, out, (long) request.length, 0);
        } catch (Throwable e) {
            throw new NetlinkException("send could not be called: " + e);
        }
        if (n < 0) {
            throw new NetlinkException(errno(state), "send");
        }
        if (n != request.length) {
            throw new NetlinkException("send: " + n + " of " + request.length + " bytes sent");
        }
    }

    /** Reads the next datagram into {@code buf}; returns its length. An interrupted read is retried. */
    int receive(byte[] buf) throws NetlinkException {
        int want = Math.min(buf.length, BUFFER);
        for (int attempt = 0; ; attempt++) {
            long n;
            try {
                n = (long) Calls.RECV.invokeExact(state, fd, buffer, (long) want, 0);
            } catch (Throwable e) {
                throw new NetlinkException("recv could not be called: " + e);
            }
            if (n >= 0) {
                MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, buf, 0, (int) n);
                return (int) n;
            }
            int errno = errno(state);
            if (errno != NetlinkException.EINTR || attempt >= 10) {
                throw new NetlinkException(errno, "recv");
            }
        }
    }

    @Override
    public void close() {
        try {
            int ignored = (int) Calls.CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            // nothing to do: the descriptor is gone either way
        } finally {
            arena.close();
        }
    }
}
