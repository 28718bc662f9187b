package dev.portaudit.agent;

import dev.portaudit.model.Report;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the agent can say of itself at any moment, for a metrics endpoint to read while it scans:
 * replaced whole after each scan, never changed in place.
 *
 * @param lastRecorded the last scan whose changes reached the journal
 * @param attempts     scans tried since the agent started
 * @param recorded     scans recorded since the agent started
 * @param events       journal events written since the agent started, by event id ("listener-opened")
 * @param interval     the time between scans
 * @param version      the agent's version
 */
public record AgentStatus(Optional<Report> lastRecorded, long attempts, long recorded, Map<String, Long> events,
        Duration interval, String version) {

    public AgentStatus {
        lastRecorded = Objects.requireNonNullElse(lastRecorded, Optional.empty());
        events = Map.copyOf(events);
        Objects.requireNonNull(interval);
        version = Objects.requireNonNullElse(version, "");
    }

    /** Scans that failed or could not be recorded. */
    public long failures() {
        return attempts - recorded;
    }
}
