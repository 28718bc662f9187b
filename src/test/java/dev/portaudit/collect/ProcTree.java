package dev.portaudit.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds a fake {@code /proc} tree in a temporary directory for {@link LinuxProc}. */
final class ProcTree {

    static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid"
            + "  timeout inode\n";

    final Path root;

    ProcTree(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("net"));
        for (String t : new String[] {"tcp", "tcp6", "udp", "udp6"}) {
            write("net/" + t, TCP_HEADER);
        }
    }

    ProcTree write(String relative, String content) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.ISO_8859_1);
        return this;
    }

    ProcTree bytes(String relative, byte[] content) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return this;
    }

    /** A descriptor of {@code pid} pointing at a socket inode, as procfs shows it. */
    ProcTree socketFd(int pid, int fd, long inode) throws IOException {
        Path dir = root.resolve(pid + "/fd");
        Files.createDirectories(dir);
        Files.createSymbolicLink(dir.resolve(Integer.toString(fd)), Path.of("socket:[" + inode + "]"));
        return this;
    }

    ProcTree otherFd(int pid, int fd, String target) throws IOException {
        Path dir = root.resolve(pid + "/fd");
        Files.createDirectories(dir);
        Files.createSymbolicLink(dir.resolve(Integer.toString(fd)), Path.of(target));
        return this;
    }

    /** A /proc/net/tcp line: local address and port in kernel hex, state, uid, inode. */
    static String tcpLine(int slot, String localHex, String remoteHex, String state, long uid, long inode) {
        return String.format("%4d: %s %s %s 00000000:00000000 00:00000000 00000000 %5d        0 %d 1 "
                + "0000000000000000 100 0 0 10 0%n", slot, localHex, remoteHex, state, uid, inode);
    }
}
