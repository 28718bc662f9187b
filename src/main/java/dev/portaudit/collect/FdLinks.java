package dev.portaudit.collect;

/** Reads the target of a {@code /proc/PID/fd/N} link. */
public final class FdLinks {

    private FdLinks() {
    }

    /** The inode of a {@code socket:[12345]} link, or -1 for anything else. */
    public static long socketInode(String target) {
        if (!target.startsWith("socket:[") || !target.endsWith("]")) {
            return -1;
        }
        try {
            return Long.parseLong(target.substring(8, target.length() - 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
