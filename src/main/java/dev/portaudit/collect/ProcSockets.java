package dev.portaudit.collect;

import dev.portaudit.model.IpFamily;
import dev.portaudit.model.SocketKey;
import dev.portaudit.model.Transport;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Every process holding a listening socket, found in procfs: the kernel's socket tables give the
 * listening sockets and their inodes, each process's descriptor links ({@code /proc/PID/fd}) the
 * processes holding them. OSHI names one process per socket; a pre-forking server has many.
 */
public final class ProcSockets {

    /** The kernel's socket tables under {@code /proc/net}, with the protocol and family they list. */
    public enum Table {
        TCP("tcp", Transport.TCP, IpFamily.IPV4),
        TCP6("tcp6", Transport.TCP, IpFamily.IPV6),
        UDP("udp", Transport.UDP, IpFamily.IPV4),
        UDP6("udp6", Transport.UDP, IpFamily.IPV6);

        final String file;
        final Transport protocol;
        final IpFamily family;

        Table(String file, Transport protocol, IpFamily family) {
            this.file = file;
            this.protocol = protocol;
            this.family = family;
        }

        /** The table a socket of this protocol and family is listed in. */
        public static Table of(Transport protocol, IpFamily family) {
            return protocol == Transport.TCP ? (family == IpFamily.IPV6 ? TCP6 : TCP)
                    : (family == IpFamily.IPV6 ? UDP6 : UDP);
        }
    }

    /**
     * Where this namespace's listening sockets are read from: the procfs tables (every socket
     * formatted by the kernel and parsed here), or a sock_diag dump, which the kernel filters to the
     * listening ones and which carries each IPv6 socket's IPV6_V6ONLY flag.
     */
    public enum Source { PROCFS, NETLINK }

    private final LinuxProc proc;
    private final Source source;

    public ProcSockets(LinuxProc proc) {
        this(proc, Source.PROCFS);
    }

    public ProcSockets(LinuxProc proc, Source source) {
        this.proc = proc;
        this.source = source;
    }

    /** Where this instance reads from. */
    Source source() {
        return source;
    }

    /** Whether it reads the running kernel, which {@link EarlyScan} may have read already. */
    boolean live() {
        return proc.live();
    }

    /** The sockets of one namespace's tables, the flags where known, and how they were read. */
    private record Read(List<ProcNetParser.ProcSocket> sockets, int unparsable, Optional<Map<Long, Boolean>> v6only,
            String how) {
    }

    /**
     * Reads the tables of {@code netDir}. Netlink speaks for this process's own namespace only;
     * where it is refused (a seccomp filter, a kernel without sock_diag) procfs answers and the
     * reason is kept.
     */
    private Read read(String netDir, Set<Table> tables) {
        String fallback = "";
        if (source == Source.NETLINK && netDir.equals("net/") && proc.live()) {
            try (NetlinkChannel channel = NetlinkChannel.open()) {
                List<ProcNetParser.ProcSocket> all = new ArrayList<>();
                Map<Long, Boolean> flags = new HashMap<>();
                for (Table table : tables) {
                    SockDiag.Dump d;
                    try {
                        d = SockDiag.dump(channel, table);
                    } catch (NetlinkException e) {
                        if (table.family == IpFamily.IPV6 && e.absent()) {
                            continue; // a kernel without IPv6: no such sockets, as its procfs has no tcp6
                        }
                        throw e;
                    }
                    all.addAll(d.sockets());
                    flags.putAll(d.v6only());
                }
                return new Read(all, 0, Optional.of(flags), "netlink");
            } catch (NetlinkException e) {
                fallback = " (netlink: " + e.getMessage() + ")";
            } catch (RuntimeException | LinkageError e) {
                fallback = " (netlink: " + e + ")";
            }
        }
        List<ProcNetParser.ProcSocket> all = new ArrayList<>();
        int bad = 0;
        for (Table table : tables) {
            Optional<byte[]> bytes = proc.readBytes(netDir + table.file);
            if (bytes.isPresent()) {
                ProcNetParser.Result r = ProcNetParser.parse(bytes.get(), table.protocol, table.family);
                bad += r.unparsable();
                all.addAll(r.sockets());
            }
        }
        // the one thing procfs does not say, asked of sock_diag where this namespace is ours
        Optional<Map<Long, Boolean>> flags = netDir.equals("net/") && tables.size() == Table.values().length
                && proc.live() ? SockDiag.v6only() : Optional.empty();
        return new Read(all, bad, flags, "procfs" + fallback);
    }

    /**
     * True when {@code pid} still holds one of the sockets its descriptors were seen pointing at.
     * Asked after the process was described, it proves that the description belongs to a process
     * holding the sockets: a pid reused by an unrelated process meanwhile holds none of them.
     */
    public boolean stillHolds(int pid, List<SocketOwners.Witness> witnesses) {
        for (SocketOwners.Witness w : witnesses) {
            try {
                if (FdLinks.socketInode(Files.readSymbolicLink(proc.path(pid + "/fd/" + w.fd())).toString())
                        == w.inode()) {
                    return true;
                }
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                // closed since, or the process is gone: try the next
            }
        }
        return false;
    }

    /** The same check for a pid found by the descriptor walk; pids it did not find are not checked. */
    public boolean stillHolds(SocketOwners owners, int pid) {
        List<SocketOwners.Witness> w = owners.witnesses().get(pid);
        return w == null || stillHolds(pid, w);
    }

    /**
     * The inodes of the sockets listening now in {@code tables}, read again to tell a socket closed
     * during a scan from one whose owner could not be seen. Asked of sock_diag where it answers, even
     * when the scan read procfs: the kernel then lists only the listening sockets, where the procfs
     * tables would be formatted and parsed whole again, established connections and all.
     */
    public Set<Long> listeningInodes(Set<Table> tables) {
        Set<Long> inodes = new HashSet<>();
        if (!proc.live()) {
            return inodes(read("net/", tables));
        }
        try (NetlinkChannel channel = NetlinkChannel.open()) {
            for (Table table : tables) {
                SockDiag.dump(channel, table).sockets().forEach(s -> inodes.add(s.inode()));
            }
            return inodes;
        } catch (NetlinkException | RuntimeException | LinkageError e) {
            return inodes(read("net/", tables)); // refused: procfs answers
        }
    }

    private static Set<Long> inodes(Read read) {
        Set<Long> inodes = new HashSet<>();
        read.sockets().forEach(s -> inodes.add(s.inode()));
        return inodes;
    }

    /** Who holds the listening sockets of this process's own network namespace. */
    public SocketOwners owners() {
        return owners("net/", null);
    }

    /**
     * The same for another network namespace: its socket tables as {@code pid} sees them, and owners
     * among {@code pids}, the processes in that namespace.
     */
    public SocketOwners owners(int pid, Set<Integer> pids) {
        return owners(pid + "/net/", pids);
    }

    private SocketOwners owners(String netDir, Set<Integer> scope) {
        Map<Long, SocketKey> keyByInode = new HashMap<>();
        Map<SocketKey, Long> uidByKey = new HashMap<>();
        List<RawSocket> listening = new ArrayList<>();
        Map<SocketKey, List<Long>> inodesByKey = new HashMap<>();
        Read read = read(netDir, EnumSet.allOf(Table.class));
        for (ProcNetParser.ProcSocket s : read.sockets()) {
            if (s.inode() != 0) {
                // The kernel writes a table in page-sized reads and resumes by position, so a socket
                // can be listed twice while others open and close: keep the first.
                if (keyByInode.putIfAbsent(s.inode(), s.socket().key()) != null) {
                    continue;
                }
                inodesByKey.computeIfAbsent(s.socket().key(), k -> new ArrayList<>(1)).add(s.inode());
            }
            listening.add(s.socket());
            uidByKey.putIfAbsent(s.socket().key(), s.uid());
        }
        // procfs not listable: no pids, so nobody's owner is seen and the caller reports every owner unknown
        List<Integer> pids = proc.pids().stream().filter(p -> scope == null || scope.contains(p)).toList();
        // Reading every descriptor link is most of a scan on a busy host: spread it over the cores.
        Map<SocketKey, Set<Integer>> found = new ConcurrentHashMap<>();
        Map<Integer, List<SocketOwners.Witness>> witnesses = new ConcurrentHashMap<>();
        AtomicInteger unreadableCount = new AtomicInteger();
        IntConsumer scanOne = pid -> {
            if (!scanFds(proc.path(pid + "/fd"), pid, keyByInode, found, witnesses)) {
                unreadableCount.incrementAndGet();
            }
        };
        if (pids.size() < 64 || Runtime.getRuntime().availableProcessors() < 2) {
            pids.forEach(scanOne::accept);
        } else {
            pids.parallelStream().mapToInt(Integer::intValue).forEach(scanOne);
        }
        int unreadable = unreadableCount.get();
        Map<SocketKey, Set<Integer>> pidsByKey = new HashMap<>();
        found.forEach((k, v) -> pidsByKey.put(k, new TreeSet<>(v)));
        return new SocketOwners(pidsByKey, uidByKey, read.unparsable(), unreadable, listening, inodesByKey, witnesses,
                read.v6only(), read.how());
    }

    /** @return false when the descriptor directory exists but may not be read */
    private static boolean scanFds(Path fdDir, int pid, Map<Long, SocketKey> keyByInode,
            Map<SocketKey, Set<Integer>> pidsByKey, Map<Integer, List<SocketOwners.Witness>> witnesses) {
        List<SocketOwners.Witness> seen = new ArrayList<>(2);
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                long inode;
                try {
                    inode = FdLinks.socketInode(Files.readSymbolicLink(fd).toString());
                } catch (AccessDeniedException e) {
                    return false; // listing is allowed but the links are not (ptrace access mode)
                } catch (IOException | UnsupportedOperationException e) {
                    continue; // closed between listing and reading
                }
                SocketKey key = inode > 0 ? keyByInode.get(inode) : null;
                if (key != null) {
                    seen.add(new SocketOwners.Witness(fd.getFileName().toString(), inode));
                    pidsByKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(pid);
                }
            }
            return true;
        } catch (AccessDeniedException e) {
            return false;
        } catch (NoSuchFileException | DirectoryIteratorException e) {
            return true; // the process exited, before or while its descriptors were listed
        } catch (IOException | SecurityException e) {
            return false;
        } finally {
            if (!seen.isEmpty()) {
                witnesses.put(pid, seen);
            }
        }
    }
}
