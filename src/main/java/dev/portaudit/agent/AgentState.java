package dev.portaudit.agent;

import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.ListenerIdentity;
import dev.portaudit.model.Tracked.TrackedFinding;
import dev.portaudit.model.Tracked.TrackedListener;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent last reported: the listeners and findings it believes exist, the last event's
 * sequence number, and when it last wrote a periodic report. The journal is the truth; this is a
 * checkpoint of folding its events, so that a restart need not read the whole journal.
 */
public final class AgentState {

    private long seq;
    private final Map<ListenerIdentity, TrackedListener> listeners = new LinkedHashMap<>();
    private final Map<String, Finding> findings = new LinkedHashMap<>();
    private Optional<Instant> lastReport = Optional.empty();
    private Optional<Instant> journalStarted = Optional.empty();
    private Optional<Instant> firstScan = Optional.empty();
    private Optional<String> head = Optional.empty();

    /** A finding and the listener it is about. */
    public record Finding(TrackedFinding finding, TrackedListener listener) {
    }

    public long seq() {
        return seq;
    }

    public Map<ListenerIdentity, TrackedListener> listeners() {
        return listeners;
    }

    public Map<String, Finding> findings() {
        return findings;
    }

    public Optional<Instant> lastReport() {
        return lastReport;
    }

    public void lastReport(Instant at) {
        lastReport = Optional.of(at);
    }

    /** When the current journal file got its first event. */
    public Optional<Instant> journalStarted() {
        return journalStarted;
    }

    public void journalStarted(Optional<Instant> at) {
        journalStarted = at;
    }

    /** When the agent's first recorded scan ran; empty until then. */
    public Optional<Instant> firstScan() {
        return firstScan;
    }

    public void firstScan(Instant at) {
        firstScan = Optional.of(at);
    }

    /**
     * Whether the next scan is the agent's first: nothing journalled, no scan recorded. What it finds
     * was there before the agent watched, so it is recorded as the starting inventory.
     */
    public boolean beforeFirstScan() {
        return seq == 0 && firstScan.isEmpty();
    }

    /** The hash of the journal's last line when the state was saved: what a verifier expects to find. */
    public Optional<String> head() {
        return head;
    }

    public void head(String hash) {
        head = Optional.of(hash);
    }

    void seq(long s) {
        seq = s;
    }

    /** Folds one event in; events at or below the checkpoint's sequence number are already in. */
    public boolean apply(JournalEvent e) {
        if (e.seq() <= seq) {
            return false;
        }
        seq = e.seq();
        switch (e.type()) {
            case LISTENER_OPENED, EXPOSURE_CHANGED -> listeners.put(e.listener().identity(), e.listener());
            case LISTENER_CLOSED -> listeners.remove(e.listener().identity());
            case FINDING_RAISED -> findings.put(e.finding().orElseThrow().fingerprint(),
                    new Finding(e.finding().orElseThrow(), e.listener()));
            case FINDING_RESOLVED -> findings.remove(e.finding().orElseThrow().fingerprint());
        }
        if (journalStarted.isEmpty()) {
            journalStarted = Optional.of(e.time());
        }
        return true;
    }
}
