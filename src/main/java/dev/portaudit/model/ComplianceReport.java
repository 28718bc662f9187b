package dev.portaudit.model;

import dev.portaudit.model.PeriodReport.PeriodFinding;
import dev.portaudit.model.PeriodReport.PeriodListener;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A framework's controls judged over a period from the agent's journal: what each control's status
 * was, on what evidence, the waivers standing as business justifications, and what the report rests
 * on.
 *
 * @param toolVersion portaudit's version
 * @param generatedAt when the report was made
 * @param host        the host the journal is about
 * @param since       start of the period (inclusive)
 * @param until       end of the period (exclusive)
 * @param framework   the framework
 * @param controls    each control of the framework, in the mapping's order
 * @param waivers     every waiver or acceptance that covered a finding in the period
 * @param measures    the services found, approved and unnecessary over the period (CIS Controls 4.8)
 * @param basis       what the report rests on
 * @param warnings    lines of the journal that could not be read
 */
public record ComplianceReport(String toolVersion, Instant generatedAt, String host, Instant since, Instant until,
        ControlMap.Framework framework, List<ControlResult> controls, List<Justification> waivers, Measures measures,
        Basis basis, List<String> warnings) {

    /** A control's standing over the period. */
    public enum Status {
        MET("met"), NOT_MET("not met"), NOT_EVALUATED("not evaluated");

        private final String id;

        Status(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /**
     * A control, judged.
     *
     * @param control   the control
     * @param status    its status
     * @param reason    why, in a sentence
     * @param findings  the findings of the period that evidence it, each with its verdict
     * @param listeners for a control about listeners that should be absent, those of the period, each with its verdict
     */
    public record ControlResult(ControlMap.Control control, Status status, String reason, List<Evidence> findings,
            List<ListenerEvidence> listeners) {
        public ControlResult {
            Objects.requireNonNull(control);
            Objects.requireNonNull(status);
            Objects.requireNonNull(reason);
            findings = List.copyOf(findings);
            listeners = List.copyOf(listeners);
        }
    }

    /**
     * A finding as evidence.
     *
     * @param finding  the finding over the period
     * @param violates whether it violates the control (open and not, or no longer, justified)
     * @param verdict  why, for people
     */
    public record Evidence(PeriodFinding finding, boolean violates, String verdict) {
    }

    /**
     * A listener as evidence for a control about what should not listen.
     *
     * @param listener the listener over the period
     * @param violates whether it violates the control (present and not approved)
     * @param verdict  why, for people
     */
    public record ListenerEvidence(PeriodListener listener, boolean violates, String verdict) {
    }

    /**
     * A waiver, as the documented business justification of a finding.
     *
     * @param finding   the finding it covered
     * @param waiver    the waiver (or an allow entry's acceptance, which has no expiry)
     * @param state     "valid", "expiring" (within {@link PeriodReport#SOON_DAYS} days of the end), "expired"
     *                  (during the period, the finding still open) or "accepted" (no expiry)
     * @param expiredOn the day it stopped holding, if it did within the period
     */
    public record Justification(PeriodFinding finding, Waiver waiver, String state, Optional<LocalDate> expiredOn) {
    }

    /**
     * The services of the period.
     *
     * @param found       listeners (by identity) that listened at some time in the period
     * @param approved    of those, the ones the policy approved throughout, or whose disapproval a valid waiver accepted
     * @param unnecessary the ones the policy did not approve (unexpected or denied), without a valid waiver
     * @param judged      whether the policy had an allow list throughout, without which nothing is approved or not
     */
    public record Measures(int found, int approved, int unnecessary, boolean judged) {
    }

    /**
     * What the report rests on.
     *
     * @param toolVersion    the portaudit that wrote the report
     * @param portTable      the port table's sources: name, title, date and hash of each
     * @param inputs         the policy and control files in force in the period, by hash, from the agent's checkpoints
     * @param agentVersions  the portaudit versions the agent ran in the period
     * @param rulesEvaluated the rules the agent evaluated throughout the period
     * @param checkpoints    checkpoints in the period
     * @param watchedFrom    the first sign of the agent in the period (a checkpoint or an event)
     * @param watchedUntil   the last
     * @param gaps           stretches of the period longer than two hours with no sign of the agent
     * @param verification   whether the journal verified
     */
    public record Basis(String toolVersion, List<TableSource> portTable, List<Checkpoint.Input> inputs,
            List<String> agentVersions, List<String> rulesEvaluated, int checkpoints, Optional<Instant> watchedFrom,
            Optional<Instant> watchedUntil, List<Gap> gaps, JournalVerification verification) {
        public Basis {
            portTable = List.copyOf(portTable);
            inputs = List.copyOf(inputs);
            agentVersions = List.copyOf(agentVersions);
            rulesEvaluated = List.copyOf(rulesEvaluated);
            gaps = List.copyOf(gaps);
            Objects.requireNonNull(verification);
        }
    }

    /** A port-table source: "iana", its title, date and the SHA-256 of the file imported. */
    public record TableSource(String id, String title, String date, String sha256) {
    }

    /** A stretch with no sign of the agent. */
    public record Gap(Instant from, Instant until) {
    }

    public ComplianceReport {
        Objects.requireNonNull(framework);
        controls = List.copyOf(controls);
        waivers = List.copyOf(waivers);
        Objects.requireNonNull(measures);
        Objects.requireNonNull(basis);
        warnings = List.copyOf(warnings);
    }

    public long count(Status s) {
        return controls.stream().filter(c -> c.status() == s).count();
    }
}
