package dev.portaudit.model;

import java.util.Objects;

/**
 * Something the scan could not see, and why.
 *
 * @param kind    stable identifier ("owner-unknown", "socket-unparsable", "process-vanished", ...)
 * @param count   how many sockets or processes it concerns
 * @param message what a person should know
 */
public record CoverageNote(String kind, int count, String message) {
    public CoverageNote {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(message);
    }
}
