package dev.portaudit.collect;

import dev.portaudit.model.SocketKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which processes hold which listening sockets.
 *
 * @param pidsByKey       socket key ({@link RawSocket#key()}) to every pid holding it
 * @param uidByKey        socket key to the uid the kernel records for it
 * @param unparsableLines table lines that could not be read
 * @param unreadablePids  processes whose descriptors we were not allowed to list
 * @param listening       the listening sockets of the tables read
 * @param inodesByKey     socket key to the inodes of the sockets with that key
 * @param witnesses       per holding pid, the descriptors seen pointing at its listening sockets
 * @param v6only          socket inode to its IPV6_V6ONLY flag, where the kernel was asked (sock_diag)
 * @param tables          how the tables were read: "netlink", "procfs", or "procfs (netlink: why not)"
 */
public record SocketOwners(Map<SocketKey, Set<Integer>> pidsByKey, Map<SocketKey, Long> uidByKey,
        int unparsableLines, int unreadablePids, List<RawSocket> listening, Map<SocketKey, List<Long>> inodesByKey,
        Map<Integer, List<Witness>> witnesses, Optional<Map<Long, Boolean>> v6only, String tables) {

    /** Nothing known: no tables were read. */
    public static SocketOwners none() {
        return new SocketOwners(Map.of(), Map.of(), 0, 0, List.of(), Map.of(), Map.of(), Optional.empty(), "");
    }

    /** A descriptor ({@code /proc/PID/fd/FD}) that was seen pointing at the socket {@code inode}. */
    public record Witness(String fd, long inode) {
    }
}
