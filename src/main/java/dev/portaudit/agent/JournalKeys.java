package dev.portaudit.agent;

import dev.portaudit.model.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * The Ed25519 keys that sign the journal's checkpoints, in the PEM files OpenSSL reads and writes
 * (PKCS #8 for the secret key, SubjectPublicKeyInfo for the public one). The JDK has done Ed25519
 * since Java 15, so no library is needed.
 */
public final class JournalKeys {

    private static final String ALGORITHM = "Ed25519";
    private static final Set<PosixFilePermission> SHARED = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** A signing key with its public half, which the agent needs to name the key and check its own journal. */
    public record Signer(PrivateKey secret, PublicKey publicKey) {

        /** The key's id, written in each checkpoint so a verifier can say which key signed it. */
        public String id() {
            return JournalKeys.id(publicKey);
        }

        public String sign(byte[] message) {
            try {
                Signature s = Signature.getInstance(ALGORITHM);
                s.initSign(secret);
                s.update(message);
                return Base64.getEncoder().encodeToString(s.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Ed25519 signing failed", e);
            }
        }
    }

    private JournalKeys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no Ed25519", e);
        }
    }

    /** "ed25519:" and the first 32 hex digits of the SHA-256 of the public key's encoding. */
    public static String id(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "ed25519:" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean verify(PublicKey key, byte[] message, String signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(message);
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false; // not base64, or not a signature of the right length: a bad signature either way
        }
    }

    public static String pem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static String pem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /**
     * The signing key in {@code file}, which only its owner — the user reading it, or root — may read:
     * a key others can read signs nothing that proves anything, so it is refused, as ssh refuses one.
     * A key systemd hands the service as a credential ({@code LoadCredential=}, under
     * {@code $CREDENTIALS_DIRECTORY}) is taken as it is: systemd grants the service's user alone read
     * access there, through an access control list that the mode bits cannot show.
     */
    public static Signer readSigner(Path file) {
        return readSigner(file, Optional.ofNullable(System.getenv("CREDENTIALS_DIRECTORY")).map(Path::of));
    }

    static Signer readSigner(Path file, Optional<Path> credentials) {
        boolean credential = credentials.isPresent()
                && file.toAbsolutePath().normalize().startsWith(credentials.get().toAbsolutePath().normalize());
        try {
            PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                throw new InvalidInputException(file + ": the signing key must be a regular file, not a link or "
                        + "a directory");
            }
            if (!credential && a.permissions().stream().anyMatch(SHARED::contains)) {
                throw new InvalidInputException(file + ": the signing key can be read or written by others (mode "
                        + PosixFilePermissions.toString(a.permissions())
                        + "); make it readable by its owner only: chmod 600 " + file);
            }
            String me = System.getProperty("user.name");
            if (!credential && !a.owner().getName().equals(me) && !a.owner().getName().equals("root")) {
                throw new InvalidInputException(file + ": the signing key belongs to " + a.owner().getName()
                        + ", not to " + me + " who runs the agent");
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such signing key (make one with 'portaudit journal keygen')");
        } catch (UnsupportedOperationException | IOException e) {
            throw new InvalidInputException(file + ": cannot check who may read the signing key ("
                    + e.getMessage() + ")");
        }
        PrivateKey secret;
        try {
            secret = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(
                    der(file, "PRIVATE KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidInputException(file + ": not an Ed25519 private key in PEM (PKCS #8)");
        }
        return new Signer(secret, publicOf(secret));
    }

    public static PublicKey readPublic(Path file) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(file, "PUBLIC KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidInputException(file + ": not an Ed25519 public key in PEM (SubjectPublicKeyInfo)");
        }
    }

    private static byte[] der(Path file, String label) {
        String text;
        try {
            if (Files.size(file) > 64 * 1024) {
                throw new InvalidInputException(file + ": too large for a key file");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such key file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int a = text.indexOf(begin);
        int b = text.indexOf(end);
        if (a < 0 || b < a) {
            throw new IllegalArgumentException("no " + label + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(a + begin.length(), b));
    }

    /**
     * The public half of an Ed25519 key. The JDK derives it only while generating a pair, so the
     * pair is generated again from the key's own seed (RFC 8032 makes the seed the whole secret),
     * and checked by a signature the derived key must accept.
     */
    static PublicKey publicOf(PrivateKey secret) {
        byte[] seed = ((EdECPrivateKey) secret).getBytes()
                .orElseThrow(() -> new InvalidInputException("the signing key does not reveal its seed"));
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
            g.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
                }
            });
            PublicKey derived = g.generateKeyPair().getPublic();
            byte[] probe = "portaudit key check".getBytes(StandardCharsets.US_ASCII);
            if (!verify(derived, probe, new Signer(secret, derived).sign(probe))) {
                throw new IllegalStateException("the public key derived from the signing key does not match it");
            }
            return derived;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no Ed25519", e);
        }
    }
}
