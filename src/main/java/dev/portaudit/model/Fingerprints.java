package dev.portaudit.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A finding's identity across runs: the rule and the listener's socket and executable, never the
 * pid or the message, so a dashboard tracks the same problem from scan to scan.
 */
public final class Fingerprints {

    private Fingerprints() {
    }

    public static String of(Finding f) {
        Listener l = f.listener();
        String exe = l.primaryOwner().map(ProcessOwner::executable).orElse("");
        String key = String.join("\u0000", f.rule(), l.protocol().id(), l.address(), Integer.toString(l.port()), exe);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
