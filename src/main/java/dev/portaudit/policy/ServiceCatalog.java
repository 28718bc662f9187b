package dev.portaudit.policy;

import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.SoftwarePackage;
import dev.portaudit.model.Transport;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The curated map of services to ports, programs and categories ({@code rules/services.yaml}). */
public final class ServiceCatalog {

    public static final ServiceCatalog EMPTY = new ServiceCatalog(List.of());

    private final Map<String, ServiceDef> byName = new LinkedHashMap<>();
    private final Map<Transport, Map<Integer, ServiceDef>> byPort = new EnumMap<>(Transport.class);

    public ServiceCatalog(List<ServiceDef> services) {
        for (ServiceDef s : services) {
            byName.put(s.name(), s);
            for (ServiceDef.Port p : s.ports()) {
                byPort.computeIfAbsent(p.protocol(), k -> new HashMap<>()).putIfAbsent(p.port(), s);
            }
        }
    }

    /** The catalogue's service for a port and protocol, if it has one. */
    public Optional<ServiceDef> forPort(Transport protocol, int port) {
        return Optional.ofNullable(byPort.getOrDefault(protocol, Map.of()).get(port));
    }

    public Optional<ServiceDef> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<ServiceDef> services() {
        return new ArrayList<>(byName.values());
    }

    public Set<String> names() {
        return byName.keySet();
    }

    public Set<String> categories() {
        Set<String> c = new TreeSet<>();
        byName.values().forEach(s -> c.add(s.category()));
        return c;
    }

    /** Whether the process is one of the service's programs, by process name or executable file name. */
    /**
     * Whether a process serves the service: its name or executable is one of the service's programs,
     * its executable came from one of the service's packages, or the systemd unit it runs in is named
     * after one of them (nginx.service, postgresql@15-main.service) — so a renamed process is still
     * recognised by what installed and runs it.
     */
    public static boolean serves(ServiceDef service, ProcessOwner owner) {
        if (isProgram(service.programs(), owner)) {
            return true;
        }
        Optional<String> pkg = owner.software().flatMap(SoftwarePackage::name);
        if (pkg.isPresent() && service.packages().stream().anyMatch(g -> g.matches(pkg.get()))) {
            return true;
        }
        Optional<String> unit = owner.unit().filter(u -> u.endsWith(".service")).map(u -> u.substring(0,
                u.length() - ".service".length()).replaceFirst("@.*$", ""));
        return unit.isPresent() && (service.programs().stream().anyMatch(g -> g.matches(unit.get()))
                || service.packages().stream().anyMatch(g -> g.matches(unit.get())));
    }

    /** Whether any pattern matches the process's name or its executable's file name. */
    public static boolean isProgram(List<Glob> programs, ProcessOwner owner) {
        String exe = owner.executable();
        String base = exe.substring(exe.lastIndexOf('/') + 1);
        for (Glob g : programs) {
            if ((!owner.name().isEmpty() && g.matches(owner.name())) || (!base.isEmpty() && g.matches(base))) {
                return true;
            }
        }
        return false;
    }
}
