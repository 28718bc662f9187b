package dev.portaudit.collect;

/**
 * A netlink call the kernel refused or failed, with its errno: a reader tells "not allowed here"
 * (a seccomp filter, a security module) from "not in this kernel" from a transient failure.
 */
public final class NetlinkException extends Exception {

    private static final long serialVersionUID = 1L;
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EACCES = 13;
    static final int EINVAL = 22;
    static final int ENOSYS = 38;
    static final int EPROTONOSUPPORT = 93;
    static final int EAFNOSUPPORT = 97;

    private final int errno;

    NetlinkException(int errno, String call) {
        super(call + ": " + describe(errno));
        this.errno = errno;
    }

    NetlinkException(String message) {
        super(message);
        this.errno = 0;
    }

    public int errno() {
        return errno;
    }

    /** A security policy (seccomp, an LSM) or missing privilege refused it. */
    boolean refused() {
        return errno == EPERM || errno == EACCES || errno == ENOSYS;
    }

    /** The kernel has no handler for what was asked (a family or protocol not built in or not loaded). */
    boolean absent() {
        return errno == ENOENT || errno == EAFNOSUPPORT || errno == EPROTONOSUPPORT;
    }

    static String describe(int errno) {
        return switch (errno) {
            case EPERM -> "operation not permitted (EPERM: a seccomp filter or a security module refused it)";
            case EACCES -> "permission denied (EACCES)";
            case ENOSYS -> "not implemented (ENOSYS: a seccomp filter refused the call)";
            case ENOENT -> "no such file or directory (ENOENT: the kernel has no sock_diag handler for it)";
            case EINVAL -> "invalid argument (EINVAL)";
            case EPROTONOSUPPORT -> "protocol not supported (EPROTONOSUPPORT: no sock_diag in this kernel)";
            case EAFNOSUPPORT -> "address family not supported (EAFNOSUPPORT: no netlink in this kernel or namespace)";
            default -> "errno " + errno;
        };
    }
}
