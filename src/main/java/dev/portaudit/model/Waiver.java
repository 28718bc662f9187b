package dev.portaudit.model;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A policy's acceptance of a finding for now.
 *
 * @param reason  why the finding is accepted
 * @param owner   who answers for it
 * @param expires last day the waiver holds
 * @param source  where the waiver is written ("policy.yaml:12:5")
 */
public record Waiver(String reason, String owner, LocalDate expires, String source) {
    public Waiver {
        Objects.requireNonNull(reason);
        Objects.requireNonNull(owner);
        Objects.requireNonNull(expires);
        Objects.requireNonNull(source);
    }

    /** Whether the waiver no longer holds on {@code today}. */
    public boolean expiredOn(LocalDate today) {
        return today.isAfter(expires);
    }
}
