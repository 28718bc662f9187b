package dev.portaudit.model;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A policy's acceptance of a finding: a waiver, for now, or an allow entry's acceptance, for as long
 * as the policy says so.
 *
 * @param reason  why the finding is accepted
 * @param owner   who answers for it (empty when an allow entry names nobody)
 * @param expires last day the waiver holds; empty for an allow entry's acceptance, which has no end
 * @param source  where it is written ("policy.yaml:12:5")
 */
public record Waiver(String reason, String owner, Optional<LocalDate> expires, String source) {
    public Waiver {
        Objects.requireNonNull(reason);
        Objects.requireNonNull(owner);
        Objects.requireNonNull(expires);
        Objects.requireNonNull(source);
    }

    /** A waiver with an expiry date. */
    public Waiver(String reason, String owner, LocalDate expires, String source) {
        this(reason, owner, Optional.of(expires), source);
    }

    /** Whether the waiver no longer holds on {@code today}. */
    public boolean expiredOn(LocalDate today) {
        return expires.map(today::isAfter).orElse(false);
    }

    /** "waived until 2027-01-31" or, without an expiry, "accepted". */
    public String phrase() {
        return expires.map(d -> "waived until " + d).orElse("accepted");
    }
}
