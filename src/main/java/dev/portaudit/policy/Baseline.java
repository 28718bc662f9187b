package dev.portaudit.policy;

import dev.portaudit.model.ListenerIdentity;
import java.time.Instant;
import java.util.List;

/**
 * Listeners recorded at one time, by identity, to compare later scans with.
 *
 * @param created when the baseline was saved
 * @param host    the host it was saved on
 * @param entries the recorded listeners, sorted by identity
 */
public record Baseline(Instant created, String host, List<Entry> entries) {

    /**
     * A recorded listener: its identity, and for messages the address and owner seen at the time.
     */
    public record Entry(ListenerIdentity identity, String address, String process, String user) {
    }

    public Baseline {
        entries = entries.stream().sorted((a, b) -> ListenerIdentity.ORDER.compare(a.identity(), b.identity()))
                .toList();
    }
}
