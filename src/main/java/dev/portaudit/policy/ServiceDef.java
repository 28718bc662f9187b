package dev.portaudit.policy;

import dev.portaudit.model.Transport;
import java.util.List;

/**
 * A service of the catalogue.
 *
 * @param name      the service's name ("postgresql")
 * @param ports     the ports and protocols it listens on
 * @param programs  process or executable names known to serve it; globs with '*' and '?'
 * @param category  what kind of service it is ("database")
 * @param cleartext whether it carries credentials or data in the clear
 * @param packages  packages known to provide it (Debian's names; globs): an owner from one of them serves
 *                  it whatever its process is called
 */
public record ServiceDef(String name, List<Port> ports, List<Glob> programs, String category, boolean cleartext,
        List<Glob> packages) {

    public ServiceDef(String name, List<Port> ports, List<Glob> programs, String category, boolean cleartext) {
        this(name, ports, programs, category, cleartext, List.of());
    }

    /** One port of a service. */
    public record Port(int port, Transport protocol) {
        @Override
        public String toString() {
            return port + "/" + protocol.id();
        }
    }

    public ServiceDef {
        ports = List.copyOf(ports);
        programs = List.copyOf(programs);
        packages = List.copyOf(packages);
    }
}
