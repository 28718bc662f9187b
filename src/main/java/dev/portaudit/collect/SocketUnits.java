package dev.portaudit.collect;

import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.SocketActivation;
import dev.portaudit.model.Transport;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Socket activation: a socket the service manager holds (pid 1, a user's {@code systemd --user}, or
 * {@code systemd-socket-activate}) belongs to the {@code .socket} unit whose ListenStream= or
 * ListenDatagram= describes it, and the service that unit starts. Units are read from the search path
 * systemd uses ({@code /etc/systemd/system}, {@code /run/systemd/system}, {@code /usr/local/lib/systemd/system},
 * {@code /usr/lib/systemd/system}, {@code /lib/systemd/system}; or {@code $SYSTEMD_UNIT_PATH}, where a
 * trailing colon appends those), the first file of a name winning, with its drop-ins
 * ({@code NAME.socket.d/*.conf}, in file-name order, an empty Listen assignment resetting the list).
 * Where the manager holding the socket can be asked ({@link ServiceManagers}), its loaded units answer
 * instead of the files. BindIPv6Only= tells whether an activated {@code [::]} socket takes IPv4 too,
 * which the kernel's tables do not say; FreeBind= only lets a socket bind an address the host does
 * not have yet, so it changes nothing in the match.
 */
public final class SocketUnits {

    static final List<Path> DEFAULT_PATH = List.of(Path.of("/etc/systemd/system"), Path.of("/run/systemd/system"),
            Path.of("/usr/local/lib/systemd/system"), Path.of("/usr/lib/systemd/system"),
            Path.of("/lib/systemd/system"));

    /** One Listen line: the protocol, the address (empty: every address) and the port. */
    record Listen(Transport protocol, Optional<String> address, int port) {
    }

    /**
     * A socket unit as its files and drop-ins, or its manager, describe it.
     *
     * @param v6Only BindIPv6Only=: true for ipv6-only, false for both, empty for the kernel's default
     */
    record Unit(String name, String service, List<Listen> listens, Optional<Boolean> v6Only) {
    }

    private final List<Path> searchPath;
    private final ServiceManagers.Query managers;

    SocketUnits(List<Path> searchPath, ServiceManagers.Query managers) {
        this.searchPath = List.copyOf(searchPath);
        this.managers = managers;
    }

    SocketUnits(List<Path> searchPath) {
        this(searchPath, ServiceManagers.none());
    }

    /** The search path this process's environment gives, as systemd reads it, and the running managers. */
    public static SocketUnits system() {
        return new SocketUnits(searchPath(System.getenv("SYSTEMD_UNIT_PATH")), ServiceManagers.system());
    }

    public static SocketUnits none() {
        return new SocketUnits(List.of());
    }

    static List<Path> searchPath(String variable) {
        if (variable == null || variable.isEmpty()) {
            return DEFAULT_PATH;
        }
        List<Path> out = new ArrayList<>();
        for (String p : variable.split(":")) {
            if (!p.isEmpty()) {
                out.add(Path.of(p));
            }
        }
        if (variable.endsWith(":")) {
            out.addAll(DEFAULT_PATH);
        }
        return out;
    }

    /** The listeners with the socket unit the service manager holds each for, where one describes it. */
    public List<Listener> complete(List<Listener> listeners) {
        if (listeners.stream().noneMatch(SocketUnits::heldByManager)) {
            return listeners; // the unit files are read only when the service manager holds a socket
        }
        // read again at every scan (units come and go between an agent's scans); each manager asked once
        Map<Integer, Optional<List<Unit>>> views = new HashMap<>();
        List<Unit> files = null;
        List<Listener> out = new ArrayList<>(listeners.size());
        for (Listener l : listeners) {
            Optional<ProcessOwner> manager = heldByManager(l) ? l.owners().stream().filter(SocketUnits::manager)
                    .findFirst() : Optional.empty();
            if (manager.isEmpty()) {
                out.add(l);
                continue;
            }
            Optional<List<Unit>> view = views.computeIfAbsent(manager.get().pid(),
                    pid -> managers.units(manager.get()));
            if (view.isEmpty() && files == null) {
                files = read();
            }
            out.add(match(view.orElse(files), l).map(u -> activated(l, u)).orElse(l));
        }
        return out;
    }

    /** Attributed to its unit; an IPv6 wildcard takes IPv4 too or not as the unit's BindIPv6Only= says. */
    private static Listener activated(Listener l, Unit u) {
        Listener a = l.withActivation(new SocketActivation(u.name(), u.service()));
        boolean wildcard6 = l.address().equals("::");
        return wildcard6 && l.v6Only().isEmpty() && u.v6Only().isPresent() ? a.withV6Only(u.v6Only().get()) : a;
    }

    /** Whether the service manager, or an activator standing in for it, holds the socket. */
    static boolean heldByManager(Listener l) {
        return l.namespace().isEmpty() && l.owners().stream().anyMatch(SocketUnits::manager);
    }

    private static boolean manager(ProcessOwner o) {
        return o.pid() == 1 || o.name().equals("systemd") || o.name().equals("systemd-socket-activate")
                || o.executable().endsWith("/systemd-socket-activate");
    }

    static Optional<Unit> match(List<Unit> units, Listener l) {
        for (Unit u : units) {
            for (Listen listen : u.listens()) {
                if (listen.protocol() == l.protocol() && listen.port() == l.port() && listen.address()
                        .map(a -> a.equals(l.address())).orElse(l.address().equals("::")
                                || l.address().equals("0.0.0.0"))) {
                    return Optional.of(u);
                }
            }
        }
        return Optional.empty();
    }

    List<Unit> read() {
        Map<String, Path> files = new TreeMap<>();
        for (Path dir : searchPath) {
            try (DirectoryStream<Path> d = Files.newDirectoryStream(dir, "*.socket")) {
                for (Path f : d) {
                    files.putIfAbsent(f.getFileName().toString(), f); // earlier directories override
                }
            } catch (IOException | RuntimeException e) {
                // a directory that is not there
            }
        }
        List<Unit> out = new ArrayList<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            List<String> texts = new ArrayList<>();
            try {
                texts.add(Files.readString(e.getValue()));
            } catch (IOException | RuntimeException ex) {
                continue; // unreadable: no socket described
            }
            texts.addAll(dropIns(e.getKey()));
            parse(e.getKey(), texts).ifPresent(out::add);
        }
        return out;
    }

    /** NAME.d/*.conf across the search path, a file name in an earlier directory masking later ones. */
    private List<String> dropIns(String name) {
        Map<String, Path> confs = new TreeMap<>();
        for (Path dir : searchPath) {
            try (DirectoryStream<Path> d = Files.newDirectoryStream(dir.resolve(name + ".d"), "*.conf")) {
                for (Path f : d) {
                    confs.putIfAbsent(f.getFileName().toString(), f);
                }
            } catch (IOException | RuntimeException e) {
                // none here
            }
        }
        List<String> out = new ArrayList<>();
        for (Path f : confs.values()) {
            try {
                out.add(Files.readString(f));
            } catch (IOException | RuntimeException e) {
                // unreadable drop-in: skipped
            }
        }
        return out;
    }

    /** A unit from its file and drop-ins, in order; empty when it listens on no IP socket. */
    static Optional<Unit> parse(String name, List<String> texts) {
        List<Listen> listens = new ArrayList<>();
        String service = null;
        boolean accept = false;
        Optional<Boolean> v6Only = Optional.empty();
        for (String text : texts) {
            String section = "";
            for (String raw : text.split("\n")) {
                String line = raw.strip();
                if (line.startsWith("[") && line.endsWith("]")) {
                    section = line;
                    continue;
                }
                int eq = line.indexOf('=');
                if (!section.equals("[Socket]") || eq < 0 || line.startsWith("#") || line.startsWith(";")) {
                    continue;
                }
                String key = line.substring(0, eq).strip();
                String value = line.substring(eq + 1).strip();
                switch (key) {
                    case "ListenStream", "ListenDatagram", "ListenSequentialPacket" -> {
                        if (value.isEmpty()) {
                            listens.clear(); // an empty assignment resets every Listen line before it
                        } else if (!key.equals("ListenSequentialPacket")) {
                            listen(key.equals("ListenStream") ? Transport.TCP : Transport.UDP, value)
                                    .ifPresent(listens::add);
                        }
                    }
                    case "Service" -> service = value;
                    case "Accept" -> accept = value.equals("yes") || value.equals("true") || value.equals("1");
                    case "BindIPv6Only" -> v6Only = bindIpv6Only(value);
                    default -> {
                        // other settings do not change which socket it is
                    }
                }
            }
        }
        if (listens.isEmpty()) {
            return Optional.empty();
        }
        String base = name.substring(0, name.length() - ".socket".length());
        String activates = service != null ? service : accept ? base + "@.service" : base + ".service";
        // a port alone is [::]:PORT (taking IPv4 too unless BindIPv6Only=ipv6-only): matched as a wildcard
        return Optional.of(new Unit(name, activates, List.copyOf(listens), v6Only));
    }

    /** BindIPv6Only=: "ipv6-only" sets IPV6_V6ONLY, "both" clears it, "default" leaves the kernel's. */
    static Optional<Boolean> bindIpv6Only(String value) {
        return value.equals("ipv6-only") ? Optional.of(true) : value.equals("both") ? Optional.of(false)
                : Optional.empty();
    }

    /** "22", "0.0.0.0:22", "[::1]:631", "127.0.0.1:53"; a path, an abstract or vsock socket is none. */
    static Optional<Listen> listen(Transport protocol, String value) {
        try {
            if (value.matches("\\d+")) {
                return port(protocol, Optional.empty(), value);
            }
            if (value.startsWith("[")) {
                int close = value.indexOf("]:");
                return close < 0 ? Optional.empty() : port(protocol, Optional.of(canonical(value.substring(1, close))),
                        value.substring(close + 2));
            }
            int colon = value.lastIndexOf(':');
            if (colon > 0 && value.indexOf(':') == colon && value.substring(0, colon).matches("[0-9.]+")) {
                return port(protocol, Optional.of(value.substring(0, colon)), value.substring(colon + 1));
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<Listen> port(Transport protocol, Optional<String> address, String port) {
        int p = Integer.parseInt(port);
        return p < 1 || p > 65535 ? Optional.empty() : Optional.of(new Listen(protocol, address, p));
    }

    /** An IPv6 address as the kernel's tables print it ("::1", not "0:0:0:0:0:0:0:1"). */
    private static String canonical(String v6) {
        return v6.equals("::") || v6.equals("::1") ? v6 : v6.toLowerCase(Locale.ROOT);
    }
}
