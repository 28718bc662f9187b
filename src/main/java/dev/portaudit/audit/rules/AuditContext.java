package dev.portaudit.audit.rules;

import dev.portaudit.model.HostFacts;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.NetNamespace;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Probe;
import dev.portaudit.model.SocketKey;
import dev.portaudit.policy.RuleConfig;
import dev.portaudit.policy.ServiceCatalog;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What rules may consult besides the listener: the host, the rule settings, the catalogue, the other listeners. */
public final class AuditContext {

    private final HostFacts host;
    private final RuleConfig config;
    private final ServiceCatalog catalog;
    private final Set<SocketKey> keys = new HashSet<>();
    private final Map<SocketKey, Probe> probes = new HashMap<>();

    public AuditContext(HostFacts host, RuleConfig config, ServiceCatalog catalog, List<Listener> listeners) {
        this(host, config, catalog, listeners, List.of());
    }

    public AuditContext(HostFacts host, RuleConfig config, ServiceCatalog catalog, List<Listener> listeners,
            List<Probe> probes) {
        this.host = host;
        this.config = config;
        this.catalog = catalog;
        for (Listener l : listeners) {
            keys.add(l.key());
        }
        probes.forEach(p -> this.probes.put(p.socket(), p));
    }

    /** What the listener answered when probed ({@code scan --probe}), if it was. */
    public Optional<Probe> probe(Listener l) {
        return Optional.ofNullable(probes.get(l.key()));
    }

    public HostFacts host() {
        return host;
    }

    /**
     * The port settings that apply to a listener: its own network namespace's (sysctls such as
     * ip_unprivileged_port_start are per namespace, and container engines change them), else the
     * scanned host's.
     */
    public KernelSettings settings(Listener l) {
        return l.namespace().flatMap(NetNamespace::settings).orElse(host.settings());
    }

    /**
     * What a finding that depends on {@link #settings} must add when it is a guess: the listener's
     * namespace settings could not be read, so the host's were assumed. Empty otherwise.
     */
    public String assumption(Listener l) {
        return l.namespace().filter(ns -> ns.settings().isEmpty() && !host.namespace().equals(Optional.of(ns)))
                .map(ns -> " (assuming the host's port settings: those of " + ns.label() + " could not be read)")
                .orElse("");
    }

    public RuleConfig config() {
        return config;
    }

    public ServiceCatalog catalog() {
        return catalog;
    }

    /** Whether a listener of the scan has this key: namespace, protocol, address and port. */
    public boolean listening(SocketKey key) {
        return keys.contains(key);
    }
}
