package dev.portaudit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.Checkpoint;
import dev.portaudit.model.Exposure;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.JournalVerification;
import dev.portaudit.model.JournalVerification.Kind;
import dev.portaudit.model.JournalVerification.Status;
import dev.portaudit.model.ListenerIdentity;
import dev.portaudit.model.Tracked.Owner;
import dev.portaudit.model.Tracked.TrackedListener;
import dev.portaudit.model.Transport;
import dev.portaudit.util.Hashes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journals written by {@link Journal} — 18 events in six scans, each ending with a signed
 * checkpoint, rotated after every second scan — then damaged one way each, and verified.
 */
class JournalVerifierTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    @TempDir
    Path dir;

    private Path journal;
    private Path state;
    private KeyPair pair;

    @BeforeEach
    void write() throws Exception {
        journal = dir.resolve("journal.jsonl");
        state = dir.resolve("journal.jsonl.state");
        pair = JournalKeys.generate();
        write(Optional.of(new JournalKeys.Signer(pair.getPrivate(), pair.getPublic())));
    }

    private void write(Optional<JournalKeys.Signer> signer) throws Exception {
        try (Journal j = Journal.open(journal, new Journal.Rotation(1, Optional.empty()), signer)) {
            long seq = 0;
            for (int scan = 0; scan < 6; scan++) {
                Instant t = T0.plusSeconds(60L * scan);
                List<JournalEvent> events = new ArrayList<>();
                for (int k = 0; k < 3; k++) {
                    seq++;
                    events.add(new JournalEvent(seq, JournalEvent.Type.LISTENER_OPENED, t, "host-1",
                            listener(1000 + (int) seq), Optional.empty()));
                }
                j.append(events, Optional.of(new Checkpoint(seq, t, "host-1", "test", List.of(), List.of(),
                        Optional.empty())));
                if (scan % 2 == 1 && scan < 5) {
                    assertTrue(j.rotateIfDue(t, Optional.of(t)).isPresent());
                }
            }
            Files.writeString(state, "{\"schema\":\"" + StateStore.SCHEMA + "\",\"seq\":" + seq + ",\"head\":\""
                    + j.head() + "\"}");
        }
    }

    private static TrackedListener listener(int port) {
        return new TrackedListener(new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, port, "/usr/sbin/app"),
                "0.0.0.0", Optional.of(new Owner(100, "app", "root", "", "")));
    }

    private JournalVerification verify(Optional<PublicKey> key) {
        return JournalVerifier.verify(journal, key, Optional.of(state));
    }

    private JournalVerification verify() {
        return verify(Optional.of(pair.getPublic()));
    }

    /** The file and index of the line holding event {@code seq}. */
    private record At(Path file, int index) {
    }

    private At find(long seq) throws Exception {
        for (Path f : JournalReader.files(journal)) {
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("\"seq\":" + seq + ",")) {
                    return new At(f, i);
                }
            }
        }
        throw new AssertionError("no event #" + seq);
    }

    private static void edit(Path file, java.util.function.UnaryOperator<List<String>> change) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        Files.write(file, change.apply(lines), StandardCharsets.UTF_8);
    }

    private static void assertBroken(JournalVerification v, Kind kind, long firstBad) {
        assertEquals(Status.BROKEN, v.status(), v.summary());
        assertEquals(kind, v.problem().orElseThrow().kind(), v.summary());
        assertEquals(firstBad, v.problem().orElseThrow().firstBad(), v.summary());
    }

    @Test
    void aWholeJournalVerifiesWithItsKeyAndIsIntactWithout() {
        JournalVerification v = verify();
        assertEquals(Status.VERIFIED, v.status(), v.summary());
        assertEquals(3, v.files());
        assertEquals(18, v.events());
        assertEquals(6, v.checkpoints());
        assertEquals(18, v.signedThrough());
        assertEquals(List.of(JournalKeys.id(pair.getPublic())), v.keys());
        assertEquals(Status.INTACT, verify(Optional.empty()).status());
        assertEquals(Status.VERIFIED, JournalVerifier.verify(journal, Optional.of(pair.getPublic()), Optional.empty())
                .status(), "the state file is a help, not a must");
    }

    @Test
    void anEditedLineIsFoundAtItsSequenceNumber() throws Exception {
        At at = find(5);
        edit(at.file(), l -> {
            l.set(at.index(), l.get(at.index()).replace("\"port\":1005", "\"port\":2222"));
            return l;
        });
        assertBroken(verify(), Kind.EDITED, 5);
        assertBroken(verify(Optional.empty()), Kind.EDITED, 5);
    }

    @Test
    void aDeletedLineIsFound() throws Exception {
        At at = find(8);
        edit(at.file(), l -> {
            l.remove(at.index());
            return l;
        });
        assertBroken(verify(), Kind.DELETED, 8);
    }

    @Test
    void reorderedLinesAreFound() throws Exception {
        At at = find(10);
        edit(at.file(), l -> {
            String ten = l.get(at.index());
            l.set(at.index(), l.get(at.index() + 1));
            l.set(at.index() + 1, ten);
            return l;
        });
        assertBroken(verify(), Kind.REORDERED, 10);
    }

    @Test
    void aTruncatedTailIsFoundByTheStateOrByTheMissingCheckpoint() throws Exception {
        edit(journal, l -> l.subList(0, l.size() - 2)); // event #18 and the checkpoint after it
        assertBroken(verify(), Kind.TRUNCATED, 18);
        JournalVerification withoutState = JournalVerifier.verify(journal, Optional.of(pair.getPublic()),
                Optional.empty());
        assertBroken(withoutState, Kind.TRUNCATED, 16); // #16-#17 are no longer covered by a signature
        Files.writeString(journal, Files.readString(journal).substring(0, 40), StandardCharsets.UTF_8);
        JournalVerification cutMidLine = verify();
        assertBroken(cutMidLine, Kind.TRUNCATED, 13);
        assertTrue(cutMidLine.notes().get(0).contains("the last line is incomplete"), cutMidLine.notes().toString());
    }

    @Test
    void aRemovedRotatedFileIsFound() throws Exception {
        List<Path> files = JournalReader.files(journal);
        Files.delete(files.get(1)); // events #7-#12
        assertBroken(verify(), Kind.MISSING_FILE, 7);
        Files.delete(files.get(0)); // now the first file is gone as well
        assertBroken(verify(), Kind.MISSING_FILE, 1);
    }

    @Test
    void aForgedCheckpointAndAWrongKeyFail() throws Exception {
        // rewrite event #14 and the chain after it, and sign the checkpoint again with another key
        // that claims to be the agent's: without the key nothing can tell, with it the signature fails
        KeyPair other = JournalKeys.generate();
        String agentKey = JournalKeys.id(pair.getPublic());
        JournalKeys.Signer forger = new JournalKeys.Signer(other.getPrivate(), other.getPublic());
        rechain(find(14), line -> line.replace("\"port\":1014", "\"port\":2323"), forger, agentKey);
        assertEquals(Status.INTACT, verify(Optional.empty()).status(), "a rebuilt chain holds without the key");
        assertBroken(verify(), Kind.BAD_SIGNATURE, 13);
        fresh(); // a fresh journal, checked with someone else's public key
        assertBroken(verify(Optional.of(other.getPublic())), Kind.WRONG_KEY, 1);
    }

    private static final Pattern SIGNATURE = Pattern.compile(",\"signature\":\"[^\"]*\"}$");

    /** Changes one line and rebuilds every hash after it, re-signing checkpoints as the forger. */
    private void rechain(At at, java.util.function.UnaryOperator<String> change, JournalKeys.Signer forger,
            String claimedKey) throws Exception {
        String prev = null;
        boolean changing = false;
        for (Path f : JournalReader.files(journal)) {
            List<String> lines = new ArrayList<>(Files.readAllLines(f));
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (f.equals(at.file()) && i == at.index()) {
                    changing = true;
                    line = change.apply(line);
                } else if (changing) {
                    line = line.replaceFirst("\"prev\":\"[0-9a-f]{64}\"", "\"prev\":\"" + prev + "\"");
                    Matcher m = SIGNATURE.matcher(line);
                    if (m.find()) {
                        String body = line.substring(0, m.start());
                        line = body + ",\"signature\":\"" + forger.sign(body.getBytes(StandardCharsets.UTF_8)) + "\"}";
                        assertTrue(line.contains(claimedKey));
                    }
                }
                lines.set(i, line);
                prev = Hashes.sha256(line.getBytes(StandardCharsets.UTF_8));
            }
            Files.write(f, lines, StandardCharsets.UTF_8);
        }
        Files.writeString(state, "{\"schema\":\"" + StateStore.SCHEMA + "\",\"seq\":18,\"head\":\"" + prev + "\"}");
    }

    private void clear() throws Exception {
        for (Path f : JournalReader.files(journal)) {
            Files.delete(f);
        }
    }

    private void fresh() throws Exception {
        clear();
        write();
    }

    @Test
    void aCheckpointStrippedOfItsSignatureIsFound() throws Exception {
        edit(journal, l -> {
            int last = l.size() - 1;
            l.set(last, l.get(last).replaceFirst(",\"signature\":\"[^\"]*\"}$", ",\"signature\":null}"));
            return l;
        });
        assertBroken(verify(), Kind.UNSIGNED, 16);
    }

    @Test
    void anUnsignedJournalIsNotVerifiedWithAKey() throws Exception {
        clear();
        write(Optional.empty());
        assertEquals(Status.INTACT, verify(Optional.empty()).status());
        assertBroken(verify(), Kind.UNSIGNED, 1);
    }

    @Test
    void aTornLineTheChainGoesOnFromIsANoteButGarbageIsDamage() throws Exception {
        // as the agent leaves it after a crash mid-write: the torn line sealed, the next line chained to it
        Files.writeString(journal, "{\"schema\":\"portaudit-journal/1\",\"prev\":\"00", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        try (Journal j = Journal.open(journal, Journal.Rotation.NEVER, Optional.of(new JournalKeys.Signer(
                pair.getPrivate(), pair.getPublic())))) {
            j.append(List.of(new JournalEvent(19, JournalEvent.Type.LISTENER_CLOSED, T0.plusSeconds(600), "host-1",
                    listener(1001), Optional.empty())), Optional.of(new Checkpoint(19, T0.plusSeconds(600), "host-1",
                    "test", List.of(), List.of(), Optional.empty())));
        }
        JournalVerification v = JournalVerifier.verify(journal, Optional.of(pair.getPublic()), Optional.empty());
        assertEquals(Status.VERIFIED, v.status(), v.summary());
        assertTrue(v.notes().stream().anyMatch(n -> n.contains("a torn line")), v.notes().toString());

        At at = find(3);
        edit(at.file(), l -> {
            l.set(at.index(), "garbage");
            return l;
        });
        assertBroken(JournalVerifier.verify(journal, Optional.of(pair.getPublic()), Optional.empty()), Kind.DAMAGED, 3);
    }

    @Test
    void eventsWrittenBeforeTheChainMakeItPartial() throws Exception {
        clear();
        // a journal an older version began: its line has no link; the upgraded agent chains on from it
        Files.writeString(journal, JournalCodec.line(new JournalEvent(1, JournalEvent.Type.LISTENER_OPENED, T0,
                "host-1", listener(1001), Optional.empty())) + "\n", StandardCharsets.UTF_8);
        try (Journal j = Journal.open(journal, Journal.Rotation.NEVER, Optional.of(new JournalKeys.Signer(
                pair.getPrivate(), pair.getPublic())))) {
            j.append(List.of(new JournalEvent(2, JournalEvent.Type.LISTENER_OPENED, T0, "host-1", listener(1002),
                    Optional.empty())), Optional.of(new Checkpoint(2, T0, "host-1", "test", List.of(), List.of(),
                    Optional.empty())));
        }
        JournalVerification v = JournalVerifier.verify(journal, Optional.of(pair.getPublic()), Optional.empty());
        assertEquals(Status.PARTIAL, v.status(), v.summary());
        assertTrue(v.notes().get(0).startsWith("1 line (through event #1) was written before"), v.notes().toString());
    }

    @Test
    void anEditedLastLineIsFoundByTheStatesHead() throws Exception {
        edit(journal, l -> {
            int last = l.size() - 1;
            l.set(last, l.get(last).replace("\"host\":\"host-1\"", "\"host\":\"host-2\""));
            return l;
        });
        assertBroken(verify(Optional.empty()), Kind.EDITED, 18);
    }

    @Test
    void keysAreReadOnlyFromPrivateFilesAndRoundTrip() throws Exception {
        Path key = dir.resolve("journal.key");
        Files.writeString(key, JournalKeys.pem(pair.getPrivate()));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> JournalKeys.readSigner(key));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        JournalKeys.Signer s = JournalKeys.readSigner(key);
        assertEquals(JournalKeys.id(pair.getPublic()), s.id(), "the public half is derived from the secret");
        // handed over by systemd (LoadCredential=): readable through an ACL the mode bits show as group-readable
        Path credentials = java.nio.file.Files.createDirectories(dir.resolve("credentials"));
        Path credential = Files.writeString(credentials.resolve("journal.key"), JournalKeys.pem(pair.getPrivate()));
        Files.setPosixFilePermissions(credential, PosixFilePermissions.fromString("r--r-----"));
        assertEquals(s.id(), JournalKeys.readSigner(credential, Optional.of(credentials)).id());
        assertThrows(InvalidInputException.class, () -> JournalKeys.readSigner(credential, Optional.empty()),
                "the same file anywhere else is refused");
        Path pub = dir.resolve("journal.key.pub");
        Files.writeString(pub, JournalKeys.pem(pair.getPublic()));
        assertEquals(pair.getPublic(), JournalKeys.readPublic(pub));
        assertThrows(InvalidInputException.class, () -> JournalKeys.readPublic(key), "a secret key is not a public one");
        Files.writeString(pub, "not a key");
        assertThrows(InvalidInputException.class, () -> JournalKeys.readPublic(pub));
    }
}
