package dev.portaudit.collect;

import dev.portaudit.model.IpFamily;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.SocketKey;
import dev.portaudit.model.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The Linux {@code /proc} reads that OSHI does not offer: every process holding a socket (OSHI keeps
 * one per socket), kernel port settings, capabilities. Acquisition only; parsing is in the
 * {@code *Parser} classes. The root is injectable so tests can point it at a fixture tree.
 */
public final class LinuxProc {

    private final Path proc;

    public LinuxProc(Path proc) {
        this.proc = proc;
    }

    public static LinuxProc system() {
        return new LinuxProc(Path.of("/proc"));
    }

    /** True on a Linux host with procfs mounted. */
    public static boolean available() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /**
     * Reads a procfs file to its end. Not {@code Files.readString}: procfs reports sizes that are not
     * the content's (sysctl files claim 4096 bytes or 0), and the JDK's size-driven read then stops
     * after the first byte on some kernels.
     */
    Optional<String> read(String relative) {
        try (InputStream in = Files.newInputStream(proc.resolve(relative))) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    public KernelSettings kernelSettings() {
        return KernelSettingsParser.parse(read("sys/net/ipv4/ip_local_port_range"),
                read("sys/net/ipv4/ip_unprivileged_port_start"), read("sys/net/ipv6/bindv6only"));
    }

    public ProcStatusParser.Status status(int pid) {
        return read(pid + "/status").map(ProcStatusParser::parse)
                .orElse(new ProcStatusParser.Status(OptionalLong.empty(), Optional.empty()));
    }

    Optional<byte[]> readBytes(String relative) {
        try (InputStream in = Files.newInputStream(proc.resolve(relative))) {
            return Optional.of(in.readAllBytes());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The full command line of a process, if it can be read. */
    public Optional<String> commandLine(int pid) {
        try (InputStream in = Files.newInputStream(proc.resolve(pid + "/cmdline"))) {
            return Optional.of(CmdlineParser.commandLine(in.readAllBytes()));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The executable of a process ({@code /proc/PID/exe}), if it may be read. */
    public Optional<String> executable(int pid) {
        try {
            return Optional.of(Files.readSymbolicLink(proc.resolve(pid + "/exe")).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The effective uid of this process, if procfs tells. */
    public OptionalLong selfUid() {
        return read("self/status").map(ProcStatusParser::parse).map(ProcStatusParser.Status::effectiveUid)
                .orElse(OptionalLong.empty());
    }

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
     */
    public record SocketOwners(Map<SocketKey, Set<Integer>> pidsByKey, Map<SocketKey, Long> uidByKey,
            int unparsableLines, int unreadablePids, List<RawSocket> listening, Map<SocketKey, List<Long>> inodesByKey,
            Map<Integer, List<Witness>> witnesses) {

        /** Nothing known: no tables were read. */
        public static SocketOwners none() {
            return new SocketOwners(Map.of(), Map.of(), 0, 0, List.of(), Map.of(), Map.of());
        }
    }

    /** A descriptor ({@code /proc/PID/fd/FD}) that was seen pointing at the socket {@code inode}. */
    public record Witness(String fd, long inode) {
    }

    /**
     * True when {@code pid} still holds one of the sockets its descriptors were seen pointing at.
     * Asked after the process was described, it proves that the description belongs to a process
     * holding the sockets: a pid reused by an unrelated process meanwhile holds none of them.
     */
    public boolean stillHolds(int pid, List<Witness> witnesses) {
        for (Witness w : witnesses) {
            try {
                if (FdLinks.socketInode(Files.readSymbolicLink(proc.resolve(pid + "/fd/" + w.fd())).toString())
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
        List<Witness> w = owners.witnesses().get(pid);
        return w == null || stillHolds(pid, w);
    }

    /**
     * The inodes of the sockets listening now in the tables of {@code protocols} ("tcp", "udp6"...),
     * read again to tell a socket closed during a scan from one whose owner could not be seen.
     */
    public Set<Long> listeningInodes(Set<String> tables) {
        Set<Long> inodes = new HashSet<>();
        for (Object[] table : TABLES) {
            if (!tables.contains((String) table[0])) {
                continue;
            }
            readBytes("net/" + table[0]).ifPresent(bytes -> {
                for (ProcNetParser.ProcSocket s : ProcNetParser.parse(bytes, (Transport) table[1], (IpFamily) table[2])
                        .sockets()) {
                    inodes.add(s.inode());
                }
            });
        }
        return inodes;
    }

    private static final List<Object[]> TABLES = List.of(new Object[] {"tcp", Transport.TCP, IpFamily.IPV4},
            new Object[] {"tcp6", Transport.TCP, IpFamily.IPV6},
            new Object[] {"udp", Transport.UDP, IpFamily.IPV4},
            new Object[] {"udp6", Transport.UDP, IpFamily.IPV6});

    /** The socket table ("tcp", "udp6"...) a socket of this protocol and family is listed in. */
    public static String tableOf(Transport protocol, IpFamily family) {
        return (protocol == Transport.TCP ? "tcp" : "udp") + (family == IpFamily.IPV6 ? "6" : "");
    }

    public SocketOwners socketOwners() {
        return socketOwners("net/", null);
    }

    /**
     * The same for another network namespace: its socket tables as {@code pid} sees them, and owners
     * among {@code pids}, the processes in that namespace.
     */
    public SocketOwners socketOwners(int pid, Set<Integer> pids) {
        return socketOwners(pid + "/net/", pids);
    }

    private SocketOwners socketOwners(String netDir, Set<Integer> scope) {
        Map<Long, SocketKey> keyByInode = new HashMap<>();
        Map<SocketKey, Long> uidByKey = new HashMap<>();
        List<RawSocket> listening = new ArrayList<>();
        int bad = 0;
        Map<SocketKey, List<Long>> inodesByKey = new HashMap<>();
        for (Object[] table : TABLES) {
            Optional<byte[]> bytes = readBytes(netDir + table[0]);
            if (bytes.isEmpty()) {
                continue;
            }
            ProcNetParser.Result r = ProcNetParser.parse(bytes.get(), (Transport) table[1], (IpFamily) table[2]);
            bad += r.unparsable();
            for (ProcNetParser.ProcSocket s : r.sockets()) {
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
        }
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc)) {
            for (Path pidDir : dirs) {
                int pid = parsePid(pidDir.getFileName().toString());
                if (pid > 0 && (scope == null || scope.contains(pid))) {
                    pids.add(pid);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            // procfs not listable: nobody's owner can be seen; the caller reports every owner unknown
        }
        // Reading every descriptor link is most of a scan on a busy host: spread it over the cores.
        Map<SocketKey, Set<Integer>> found = new ConcurrentHashMap<>();
        Map<Integer, List<Witness>> witnesses = new ConcurrentHashMap<>();
        AtomicInteger unreadableCount = new AtomicInteger();
        IntConsumer scanOne = pid -> {
            if (!scanFds(proc.resolve(Integer.toString(pid)).resolve("fd"), pid, keyByInode, found, witnesses)) {
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
        return new SocketOwners(pidsByKey, uidByKey, bad, unreadable, listening, inodesByKey, witnesses);
    }

    /** @return false when the descriptor directory exists but may not be read */
    private static boolean scanFds(Path fdDir, int pid, Map<Long, SocketKey> keyByInode,
            Map<SocketKey, Set<Integer>> pidsByKey, Map<Integer, List<Witness>> witnesses) {
        List<Witness> seen = new ArrayList<>(2);
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
                    seen.add(new Witness(fd.getFileName().toString(), inode));
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

    /** Every process's network namespace: namespace inode to the pids in it, and how many could not be read. */
    public record Namespaces(Map<Long, Set<Integer>> pidsByInode, int unreadable) {
    }

    public Namespaces namespaces() {
        Map<Long, Set<Integer>> byInode = new TreeMap<>();
        int unreadable = 0;
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc)) {
            for (Path pidDir : pids) {
                int pid = parsePid(pidDir.getFileName().toString());
                if (pid <= 0) {
                    continue;
                }
                OptionalLong ns = netns(pid);
                if (ns.isPresent()) {
                    byInode.computeIfAbsent(ns.getAsLong(), k -> new TreeSet<>()).add(pid);
                } else if (Files.exists(pidDir)) {
                    unreadable++;
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            // nothing listable: no namespaces to report
        }
        return new Namespaces(byInode, unreadable);
    }

    /** The inode of a process's network namespace ({@code /proc/PID/ns/net -> net:[4026531840]}). */
    public OptionalLong netns(int pid) {
        try {
            String target = Files.readSymbolicLink(proc.resolve(pid + "/ns/net")).toString();
            if (target.startsWith("net:[") && target.endsWith("]")) {
                return OptionalLong.of(Long.parseLong(target.substring(5, target.length() - 1)));
            }
        } catch (IOException | NumberFormatException | UnsupportedOperationException | SecurityException e) {
            // not readable: the caller counts it
        }
        return OptionalLong.empty();
    }

    /** The inode of this process's own network namespace. */
    public OptionalLong ownNetns() {
        try {
            String target = Files.readSymbolicLink(proc.resolve("self/ns/net")).toString();
            return OptionalLong.of(Long.parseLong(target.substring(5, target.length() - 1)));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    public Optional<String> cgroup(int pid) {
        return read(pid + "/cgroup");
    }

    static int parsePid(String name) {
        if (name.isEmpty() || name.length() > 10) {
            return -1;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        long v = Long.parseLong(name);
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }
}
