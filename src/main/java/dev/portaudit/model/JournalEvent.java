package dev.portaudit.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * One change the agent saw, as the journal records it.
 *
 * @param seq      position in the journal, strictly increasing across rotations and restarts
 * @param type     what happened
 * @param time     when the scan that saw it started
 * @param host     the host it happened on
 * @param listener the listener concerned (for findings, the listener the finding is about; for an
 *                 exposure change, the listener with its new reachability)
 * @param finding  for finding events, the finding
 * @param inventory found by the agent's first scan: already there when the agent started watching, so
 *                  part of the starting inventory rather than a change
 * @param previousReach for an exposure change, the reachability class before it ("not judged" when the
 *                  listener had none)
 */
public record JournalEvent(long seq, Type type, Instant time, String host, Tracked.TrackedListener listener,
        Optional<Tracked.TrackedFinding> finding, boolean inventory, Optional<String> previousReach) {

    /** The kinds of event, with the names the journal uses. */
    public enum Type {
        LISTENER_OPENED("listener-opened"), LISTENER_CLOSED("listener-closed"), FINDING_RAISED("finding-raised"),
        FINDING_RESOLVED("finding-resolved"), EXPOSURE_CHANGED("exposure-changed");

        private final String id;

        Type(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Type parse(String text) {
            return Ids.parse(values(), Type::id, text, "event type");
        }

        public boolean isFinding() {
            return this == FINDING_RAISED || this == FINDING_RESOLVED;
        }
    }

    public static final Comparator<JournalEvent> BY_SEQ = Comparator.comparingLong(JournalEvent::seq);

    public JournalEvent {
        Objects.requireNonNull(type);
        Objects.requireNonNull(time);
        Objects.requireNonNull(host);
        Objects.requireNonNull(listener);
        finding = Objects.requireNonNullElse(finding, Optional.empty());
        if (type.isFinding() != finding.isPresent()) {
            throw new IllegalArgumentException(type.id() + (type.isFinding() ? " needs" : " takes no") + " finding");
        }
        previousReach = Objects.requireNonNullElse(previousReach, Optional.empty());
        if (type == Type.EXPOSURE_CHANGED && listener.reach().isEmpty()) {
            throw new IllegalArgumentException("exposure-changed needs the listener's new reachability");
        }
        if (inventory && type != Type.LISTENER_OPENED && type != Type.FINDING_RAISED) {
            throw new IllegalArgumentException(type.id() + " cannot be part of the starting inventory");
        }
    }

    public JournalEvent(long seq, Type type, Instant time, String host, Tracked.TrackedListener listener,
            Optional<Tracked.TrackedFinding> finding, boolean inventory) {
        this(seq, type, time, host, listener, finding, inventory, Optional.empty());
    }

    public JournalEvent(long seq, Type type, Instant time, String host, Tracked.TrackedListener listener,
            Optional<Tracked.TrackedFinding> finding) {
        this(seq, type, time, host, listener, finding, false);
    }

    public JournalEvent withSeq(long s, Instant t) {
        return new JournalEvent(s, type, t, host, listener, finding, inventory, previousReach);
    }

    /** The same event, marked as part of the starting inventory. */
    public JournalEvent asInventory() {
        return new JournalEvent(seq, type, time, host, listener, finding, true, previousReach);
    }
}
