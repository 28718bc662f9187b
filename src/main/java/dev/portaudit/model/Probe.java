package dev.portaudit.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What a listener answered when portaudit connected to it ({@code scan --probe}): its greeting and
 * the capabilities it advertised, read without sending any credential.
 *
 * @param socket         the listener probed
 * @param protocol       the protocol spoken to it: ssh, ftp, smtp, pop3, imap
 * @param spoke          whether it answered as that protocol (an SSH banner, a 220 greeting, ...)
 * @param startTls       whether it offers to switch to TLS (STARTTLS, STLS, AUTH TLS); empty when not asked
 * @param plaintextLogin whether it accepts a password before TLS; empty when it does not say
 * @param seen           what it answered, one line, for the report
 */
public record Probe(SocketKey socket, String protocol, boolean spoke, Optional<Boolean> startTls,
        Optional<Boolean> plaintextLogin, String seen) {

    public Probe {
        Objects.requireNonNull(socket);
        Objects.requireNonNull(protocol);
        startTls = Objects.requireNonNullElse(startTls, Optional.empty());
        plaintextLogin = Objects.requireNonNullElse(plaintextLogin, Optional.empty());
        seen = Objects.requireNonNullElse(seen, "");
    }
}
