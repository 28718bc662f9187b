package dev.portaudit.collect;

import dev.portaudit.model.KernelSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Procfs, read file by file: kernel port settings, a process's status, command line, executable
 * and cgroup. Sockets and their holders are read by {@link ProcSockets}, namespaces by
 * {@link ProcNamespaces}. Acquisition only; parsing is in the {@code *Parser} classes. The root is
 * injectable so tests can point it at a fixture tree.
 */
public final class LinuxProc {

    private final Path proc;

    public LinuxProc(Path proc) {
        this.proc = proc;
    }

    public static LinuxProc system() {
        return new LinuxProc(Path.of("/proc"));
    }

    /**
     * Whether this is the running kernel's own procfs: only then do the kernel's other interfaces
     * (sock_diag) speak of the same sockets as its files; a fixture tree is its files alone.
     */
    public boolean live() {
        return proc.equals(Path.of("/proc"));
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

    /** A path under the procfs root. */
    Path path(String relative) {
        return proc.resolve(relative);
    }

    /** Every process's pid, in no order; empty when procfs cannot be listed. */
    List<Integer> pids() {
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc)) {
            for (Path dir : dirs) {
                int pid = parsePid(dir.getFileName().toString());
                if (pid > 0) {
                    pids.add(pid);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            // not listable: no process can be seen, and the callers count what that leaves unknown
        }
        return pids;
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
