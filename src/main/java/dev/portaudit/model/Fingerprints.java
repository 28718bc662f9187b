package dev.portaudit.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A finding's identity across runs: the rule, the listener's socket and what serves it (its stable
 * name — unit or package — where known, else the executable), never the pid or the message, so a
 * dashboard tracks the same problem from scan to scan and across a package upgrade.
 */
public final class Fingerprints {

    private Fingerprints() {
    }

    public static String of(Finding f) {
        Listener l = f.listener();
        return digest(f.rule(), l.protocol(), l.address(), l.port(), ListenerIdentity.of(l).server());
    }

    /** The fingerprint by executable alone, as versions before stable names computed it. */
    public static String byExecutable(String rule, Transport protocol, String address, int port, String executable) {
        return digest(rule, protocol, address, port, executable);
    }

    private static String digest(String rule, Transport protocol, String address, int port, String server) {
        String key = String.join("\u0000", rule, protocol.id(), address, Integer.toString(port), server);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
