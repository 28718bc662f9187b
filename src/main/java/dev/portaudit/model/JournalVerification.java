package dev.portaudit.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a journal is whole: what {@code portaudit journal verify} found, and what a report built
 * from the journal says it rests on.
 *
 * @param status        the verdict
 * @param problem       the first thing found wrong, if any
 * @param files         files read (rotated ones and the current one)
 * @param events        events in the chain
 * @param checkpoints   checkpoints in the chain
 * @param signedThrough the last event covered by a checkpoint whose signature was checked and good
 *                      (0: none)
 * @param lastCheckpoint when the last checkpoint was written, if there is one
 * @param keys          the ids of the keys the checkpoints name
 * @param key           the id of the public key the signatures were checked with, if one was given
 * @param notes         what is not wrong but worth knowing (a torn line a crash left, events written
 *                      before the chain)
 */
public record JournalVerification(Status status, Optional<Problem> problem, int files, long events, long checkpoints,
        long signedThrough, Optional<Instant> lastCheckpoint, List<String> keys, Optional<String> key,
        List<String> notes) {

    /** The verdicts. */
    public enum Status {
        /** The chain is whole and every event is covered by a checkpoint signed with the key given. */
        VERIFIED("verified"),
        /** The chain is whole; no public key was given, so it proves nothing against someone who rewrote it. */
        INTACT("intact"),
        /** The chain is whole from some event on; the events before it were written before the chain. */
        PARTIAL("partial"),
        /** Something was changed, removed, moved or cut, or a signature does not verify. */
        BROKEN("broken"),
        /** Not looked at (a report built from something other than a journal). */
        NOT_CHECKED("not checked");

        private final String id;

        Status(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Status parse(String text) {
            return Ids.parse(values(), Status::id, text, "verification status");
        }
    }

    /** What went wrong, in the words {@code journal verify --format json} uses. */
    public enum Kind {
        EDITED("edited"), DELETED("deleted"), REORDERED("reordered"), TRUNCATED("truncated"),
        MISSING_FILE("missing-file"), BAD_SIGNATURE("bad-signature"), WRONG_KEY("wrong-key"), UNSIGNED("unsigned"),
        DAMAGED("damaged");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Kind parse(String text) {
            return Ids.parse(values(), Kind::id, text, "problem kind");
        }
    }

    /**
     * The first problem.
     *
     * @param kind     what kind of damage
     * @param firstBad the first sequence number the journal cannot vouch for
     * @param where    FILE:LINE of the line where it was found
     * @param message  what was found, for people
     */
    public record Problem(Kind kind, long firstBad, String where, String message) {
        public Problem {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(where);
            Objects.requireNonNull(message);
        }
    }

    public static final JournalVerification NOT_DONE = new JournalVerification(Status.NOT_CHECKED, Optional.empty(),
            0, 0, 0, 0, Optional.empty(), List.of(), Optional.empty(), List.of());

    public JournalVerification {
        Objects.requireNonNull(status);
        problem = Objects.requireNonNullElse(problem, Optional.empty());
        lastCheckpoint = Objects.requireNonNullElse(lastCheckpoint, Optional.empty());
        keys = List.copyOf(keys);
        key = Objects.requireNonNullElse(key, Optional.empty());
        notes = List.copyOf(notes);
    }

    /** Whether the journal can be relied on as far as it was checked: verified, or intact without a key. */
    public boolean whole() {
        return status == Status.VERIFIED || status == Status.INTACT;
    }

    /** One line for people. */
    public String summary() {
        return switch (status) {
            case VERIFIED -> "verified: " + events + " events, every one covered by a checkpoint signed with "
                    + key.orElse("the key given");
            case INTACT -> "hash chain intact (" + events + " events); signatures not checked: no public key given";
            case PARTIAL -> "not proven whole: " + notes.stream().findFirst().orElse("");
            case BROKEN -> problem.map(p -> "BROKEN at #" + p.firstBad() + " (" + p.kind().id() + "): " + p.message())
                    .orElse("BROKEN");
            case NOT_CHECKED -> "not checked";
        };
    }
}
