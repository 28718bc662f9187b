package dev.portaudit.policy;

import dev.portaudit.model.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Reads and checks {@code services.yaml}. */
public final class CatalogLoader {

    private static final List<String> TOP = List.of("services");
    private static final List<String> SERVICE_KEYS = List.of("ports", "programs", "category", "cleartext", "packages");

    private CatalogLoader() {
    }

    public static ServiceCatalog load(SafeYaml.Document doc) {
        Problems problems = new Problems();
        YamlReader r = new YamlReader(doc.source(), problems);
        List<ServiceDef> services = new ArrayList<>();
        if (doc.root() == null) {
            problems.error(doc.source() + ": empty file (expected 'services:')");
        } else {
            r.mapping(doc.root(), "the catalogue", TOP).ifPresent(top -> {
                Node list = top.get("services");
                if (list == null) {
                    r.error(doc.root(), "missing 'services'");
                    return;
                }
                r.mapping(list, "services", null).ifPresent(byName -> byName.forEach((name, node) ->
                        service(r, name, node).ifPresent(services::add)));
            });
        }
        problems.throwIfErrors();
        return new ServiceCatalog(services);
    }

    private static Optional<ServiceDef> service(YamlReader r, String name, Node node) {
        Optional<Map<String, Node>> m = r.mapping(node, "service '" + name + "'", SERVICE_KEYS);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Node> f = m.get();
        List<ServiceDef.Port> ports = new ArrayList<>();
        if (f.containsKey("ports")) {
            r.list(f.get("ports"), "ports of '" + name + "'", true).ifPresent(items -> {
                for (Node item : items) {
                    r.string(item, "port").ifPresent(text -> parsePort(text).ifPresentOrElse(ports::add,
                            () -> r.error(item, "port '" + text + "' of '" + name
                                    + "' must be PORT/PROTOCOL, such as 22/tcp (protocols: tcp, udp)")));
                }
            });
        } else {
            r.error(node, "service '" + name + "' has no 'ports'");
        }
        List<Glob> programs = f.containsKey("programs")
                ? r.strings(f.get("programs"), "program", null).stream().map(Glob::of).toList() : List.of();
        String category = f.containsKey("category") ? r.string(f.get("category"), "category").orElse("") : "";
        if (category.isEmpty()) {
            r.error(node, "service '" + name + "' has no 'category'");
        }
        boolean cleartext = f.containsKey("cleartext") && r.bool(f.get("cleartext"), "cleartext").orElse(false);
        List<Glob> packages = f.containsKey("packages")
                ? r.strings(f.get("packages"), "package", null).stream().map(Glob::of).toList() : List.of();
        return Optional.of(new ServiceDef(name, ports, programs, category, cleartext, packages));
    }

    static Optional<ServiceDef.Port> parsePort(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(text.substring(0, slash).strip());
            Transport t = Transport.parse(text.substring(slash + 1));
            if (port < 1 || port > 65535 || (t != Transport.TCP && t != Transport.UDP)) {
                return Optional.empty();
            }
            return Optional.of(new ServiceDef.Port(port, t));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
