package dev.portaudit.audit.rules;

import dev.portaudit.model.HostFacts;
import dev.portaudit.model.Listener;
import dev.portaudit.model.SocketKey;
import dev.portaudit.policy.RuleConfig;
import dev.portaudit.policy.ServiceCatalog;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What rules may consult besides the listener: the host, the rule settings, the catalogue, the other listeners. */
public final class AuditContext {

    private final HostFacts host;
    private final RuleConfig config;
    private final ServiceCatalog catalog;
    private final Set<SocketKey> keys = new HashSet<>();

    public AuditContext(HostFacts host, RuleConfig config, ServiceCatalog catalog, List<Listener> listeners) {
        this.host = host;
        this.config = config;
        this.catalog = catalog;
        for (Listener l : listeners) {
            keys.add(l.key());
        }
    }

    public HostFacts host() {
        return host;
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
