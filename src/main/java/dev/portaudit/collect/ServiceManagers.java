package dev.portaudit.collect;

import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Transport;
import dev.portaudit.util.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The running service manager's own account of its socket units, asked with {@code systemctl show}:
 * the units it has loaded, each socket as bound (a port alone already resolved to {@code [::]}), what
 * each triggers, and BindIPv6Only=. It beats the unit files where they disagree — a file edited
 * without a reload, a transient socket from {@code systemd-run}, a unit generated at boot. Pid 1 is
 * asked when the host booted with systemd; a user's {@code systemd --user} through its runtime
 * directory. A manager that cannot be asked leaves the unit files to answer.
 */
final class ServiceManagers {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final List<String> SHOW = List.of("show", "--property=Id,Listen,Triggers,BindIPv6Only",
            "*.socket");

    /** The socket units a manager process reports, or empty when it could not be asked. */
    interface Query {
        Optional<List<SocketUnits.Unit>> units(ProcessOwner manager);
    }

    private ServiceManagers() {
    }

    /** Never asks: the unit files answer alone. */
    static Query none() {
        return manager -> Optional.empty();
    }

    /** Asks this host's managers with systemctl. */
    static Query system() {
        Optional<Path> systemctl = Processes.find("systemctl");
        if (systemctl.isEmpty()) {
            return none();
        }
        return manager -> ask(systemctl.get(), manager);
    }

    /** Whether this holder is a service manager that can be asked (pid 1 or a user's instance). */
    static boolean askable(ProcessOwner o) {
        return o.name().equals("systemd");
    }

    private static Optional<List<SocketUnits.Unit>> ask(Path systemctl, ProcessOwner manager) {
        if (!askable(manager)) {
            return Optional.empty(); // systemd-socket-activate has no account to give
        }
        List<String> cmd = new ArrayList<>(List.of(systemctl.toString(), "--no-pager"));
        Map<String, String> env = Map.of();
        if (manager.pid() == 1) {
            if (!Files.isDirectory(Path.of("/run/systemd/system"))) {
                return Optional.empty(); // not booted with systemd: nothing answers
            }
        } else {
            Optional<String> runtime = runtimeDirectory(Path.of("/proc", Integer.toString(manager.pid()), "environ"));
            if (runtime.isEmpty()) {
                return Optional.empty();
            }
            cmd.add("--user");
            env = Map.of("XDG_RUNTIME_DIR", runtime.get());
        }
        cmd.addAll(SHOW);
        Processes.Run run = Processes.run(cmd, env, TIMEOUT);
        return run.code() == 0 ? Optional.of(parse(run.out())) : Optional.empty();
    }

    /** XDG_RUNTIME_DIR of a user's manager, where its private socket is. */
    static Optional<String> runtimeDirectory(Path environ) {
        try {
            for (String var : new String(Files.readAllBytes(environ), StandardCharsets.UTF_8).split("\0")) {
                if (var.startsWith("XDG_RUNTIME_DIR=") && var.length() > "XDG_RUNTIME_DIR=".length()) {
                    return Optional.of(var.substring("XDG_RUNTIME_DIR=".length()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not ours to read
        }
        return Optional.empty();
    }

    /** {@code systemctl show}'s blocks, one per unit, separated by empty lines. */
    static List<SocketUnits.Unit> parse(String out) {
        List<SocketUnits.Unit> units = new ArrayList<>();
        List<SocketUnits.Listen> listens = new ArrayList<>();
        String id = null;
        String triggers = null;
        Optional<Boolean> v6Only = Optional.empty();
        for (String line : (out + "\n \n").split("\n")) { // a blank line after the last block ends it
            if (line.isBlank()) {
                if (id != null && !listens.isEmpty()) {
                    String base = id.endsWith(".socket") ? id.substring(0, id.length() - ".socket".length()) : id;
                    units.add(new SocketUnits.Unit(id, triggers != null && !triggers.isBlank()
                            ? triggers.strip().split("\\s+")[0] : base + ".service", List.copyOf(listens), v6Only));
                }
                listens.clear();
                id = null;
                triggers = null;
                v6Only = Optional.empty();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String value = line.substring(eq + 1).strip();
            switch (line.substring(0, eq)) {
                case "Id" -> id = value;
                case "Triggers" -> triggers = value;
                case "BindIPv6Only" -> v6Only = SocketUnits.bindIpv6Only(value);
                case "Listen" -> listen(value).ifPresent(listens::add);
                default -> {
                    // not asked for
                }
            }
        }
        return units;
    }

    /** "127.0.0.1:53 (Datagram)", "[::]:22 (Stream)"; paths and netlink sockets are none. */
    private static Optional<SocketUnits.Listen> listen(String value) {
        int kind = value.lastIndexOf(" (");
        if (kind < 0 || !value.endsWith(")")) {
            return Optional.empty();
        }
        String type = value.substring(kind + 2, value.length() - 1);
        Transport protocol = type.equals("Stream") ? Transport.TCP : type.equals("Datagram") ? Transport.UDP : null;
        return protocol == null ? Optional.empty() : SocketUnits.listen(protocol, value.substring(0, kind));
    }
}
