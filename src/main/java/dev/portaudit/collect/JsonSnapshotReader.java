package dev.portaudit.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portaudit.model.Container;
import dev.portaudit.model.Addresses;
import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.IpFamily;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.NetNamespace;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.SocketActivation;
import dev.portaudit.model.SoftwarePackage;
import dev.portaudit.model.Snapshot;
import dev.portaudit.model.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads a portaudit JSON report (schema 1.x) back into the snapshot it was made from: host facts,
 * listeners with every owner, and what could not be seen. Findings are not read: they are
 * recomputed under the policy and rules of the new run.
 */
public final class JsonSnapshotReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonSnapshotReader() {
    }

    /** @throws IllegalArgumentException naming the JSON path of the first problem */
    public static Snapshot parse(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new IllegalArgumentException("not valid JSON" + at);
        }
        if (root == null || !root.isObject() || !root.path("schemaVersion").asText().startsWith("1.")) {
            throw new IllegalArgumentException("not a portaudit JSON report (schemaVersion 1.x expected)");
        }
        JsonNode h = root.path("host");
        JsonNode k = h.path("settings");
        JsonNode range = k.path("ephemeralPortRange");
        KernelSettings settings = new KernelSettings(
                range.isObject() ? OptionalInt.of(range.path("first").asInt()) : OptionalInt.empty(),
                range.isObject() ? OptionalInt.of(range.path("last").asInt()) : OptionalInt.empty(),
                k.path("unprivilegedPortStart").isInt() ? OptionalInt.of(k.get("unprivilegedPortStart").asInt())
                        : OptionalInt.empty(),
                k.path("ipv6BindV6Only").isBoolean() ? Optional.of(k.get("ipv6BindV6Only").asBoolean())
                        : Optional.empty());
        HostFacts facts = new HostFacts(h.path("hostname").asText(""), h.path("os").asText(""),
                h.path("kernel").asText(""), h.path("elevated").asBoolean(false), settings,
                namespace(h.path("namespace")), "portaudit-json", h.path("collector").asText(""));
        List<Listener> listeners = new ArrayList<>();
        JsonNode list = root.path("listeners");
        if (!list.isArray()) {
            throw new IllegalArgumentException("$.listeners must be a list");
        }
        for (int i = 0; i < list.size(); i++) {
            listeners.add(listener(list.get(i), "$.listeners[" + i + "]"));
        }
        List<CoverageNote> coverage = new ArrayList<>();
        for (JsonNode c : root.path("coverage")) {
            coverage.add(new CoverageNote(c.path("kind").asText("unknown"), c.path("count").asInt(0),
                    c.path("message").asText("")));
        }
        return new Snapshot(facts, listeners, coverage);
    }

    private static Listener listener(JsonNode n, String at) {
        try {
            Transport protocol = Transport.parse(n.path("protocol").asText());
            if (protocol != Transport.TCP && protocol != Transport.UDP) {
                throw new IllegalArgumentException("protocol " + protocol.id() + " is not tcp or udp");
            }
            int port = n.path("port").asInt(-1);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + n.path("port") + " is not 1-65535");
            }
            String address = n.path("address").asText("");
            if (Addresses.canonical(address).isEmpty()) {
                throw new IllegalArgumentException("address '" + address + "' is not an IP address");
            }
            List<ProcessOwner> owners = new ArrayList<>();
            for (JsonNode o : n.path("owners")) {
                owners.add(owner(o));
            }
            JsonNode socketUid = n.path("socketUid");
            return new Listener(protocol, address.contains(":") ? IpFamily.IPV6 : IpFamily.IPV4, address, port,
                    n.path("dualStack").asBoolean(false), owners, namespace(n.path("namespace")),
                    socketUid.canConvertToLong() && socketUid.asLong() >= 0 ? OptionalLong.of(socketUid.asLong())
                            : OptionalLong.empty(),
                    n.path("zone").isTextual() ? Optional.of(n.path("zone").asText()) : Optional.empty(),
                    n.path("ipv6Only").isBoolean() ? Optional.of(n.path("ipv6Only").asBoolean()) : Optional.empty(),
                    n.path("activation").path("socketUnit").isTextual() && n.path("activation").path("service")
                            .isTextual() ? Optional.of(new SocketActivation(n.path("activation").get("socketUnit")
                            .asText(), n.path("activation").get("service").asText())) : Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage());
        }
    }

    private static ProcessOwner owner(JsonNode o) {
        int pid = o.path("pid").asInt(0);
        if (pid <= 0) {
            throw new IllegalArgumentException("owner pid " + o.path("pid") + " is not a positive number");
        }
        return new ProcessOwner(pid, o.path("process").asText(""),
                o.path("user").isTextual() && !o.path("user").asText().matches("\\d+")
                        ? Optional.of(o.path("user").asText()) : Optional.empty(),
                o.path("uid").canConvertToLong() ? OptionalLong.of(o.path("uid").asLong()) : OptionalLong.empty(),
                o.path("command").asText(""), o.path("executable").asText(""),
                o.path("bindCapability").isBoolean() ? Optional.of(o.path("bindCapability").asBoolean())
                        : Optional.empty(), container(o.path("container")),
                o.path("hostUid").canConvertToLong() ? OptionalLong.of(o.path("hostUid").asLong())
                        : OptionalLong.empty(), text(o.path("unit")), software(o.path("package")));
    }

    private static Optional<SoftwarePackage> software(JsonNode p) {
        if (!p.isObject() || !p.path("manager").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new SoftwarePackage(p.get("manager").asText(), text(p.path("name")),
                text(p.path("version"))));
    }

    private static Optional<String> text(JsonNode n) {
        return n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
    }

    private static Optional<Container> container(JsonNode c) {
        return c.isObject() ? Optional.of(new Container(c.path("runtime").asText(""), c.path("id").asText(""),
                text(c.path("pod")), text(c.path("name")), text(c.path("image")), text(c.path("podName"))))
                : Optional.empty();
    }

    private static Optional<NetNamespace> namespace(JsonNode n) {
        if (!n.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new NetNamespace(n.path("inode").asLong(), container(n.path("container"))));
    }
}
