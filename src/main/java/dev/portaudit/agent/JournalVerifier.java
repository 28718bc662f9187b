package dev.portaudit.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.JournalVerification;
import dev.portaudit.model.JournalVerification.Kind;
import dev.portaudit.model.JournalVerification.Problem;
import dev.portaudit.model.JournalVerification.Status;
import dev.portaudit.report.Json;
import dev.portaudit.util.Hashes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Proves a journal whole, or names the first place it is not. Every line must carry the hash of the
 * line before it, from the first line of the oldest file ({@link JournalCodec#GENESIS}) to the last
 * of the current one; events must count up by one; each checkpoint must cover exactly the events
 * before it and, given the public key, carry a good signature; the last event must be covered by
 * one; and the journal must reach as far as the agent's state file says it wrote.
 */
public final class JournalVerifier {

    /** One line as read: where it is, its bytes' hash, and its place in the chain (null: not a journal line). */
    private record Line(int file, int number, String hash, JournalCodec.Link link, boolean complete) {
    }

    private final List<Path> files;
    private final Optional<PublicKey> key;
    private final List<Line> lines = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private JournalVerifier(List<Path> files, Optional<PublicKey> key) {
        this.files = files;
        this.key = key;
    }

    /**
     * @param journal the current journal file; its rotated files are found beside it
     * @param key     the public key to check signatures with, if the assessor has one
     * @param state   the agent's state file, if there is one: it says how far the journal reached
     */
    public static JournalVerification verify(Path journal, Optional<PublicKey> key, Optional<Path> state) {
        List<Path> files;
        try {
            files = JournalReader.files(journal);
        } catch (IOException e) {
            throw new InvalidInputException(journal + ": cannot list the journal's files (" + e.getMessage() + ")");
        }
        if (files.isEmpty()) {
            throw new InvalidInputException(journal + ": no such journal");
        }
        JournalVerifier v = new JournalVerifier(files, key);
        try {
            for (int i = 0; i < files.size(); i++) {
                v.read(i);
            }
        } catch (IOException e) {
            throw new InvalidInputException(journal + ": cannot read (" + e.getMessage() + ")");
        }
        return v.walk(readState(state));
    }

    /** How far the agent's state file says the journal reached: its last event and last line's hash. */
    private record Reached(long seq, Optional<String> head, Path file) {
    }

    private static Optional<Reached> readState(Optional<Path> state) {
        if (state.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode n = JournalCodec.MAPPER.readTree(Files.readAllBytes(state.get()));
            if (n == null || !StateStore.SCHEMA.equals(n.path("schema").asText())) {
                throw new InvalidInputException(state.get() + ": not a portaudit agent state file");
            }
            return Optional.of(new Reached(n.path("seq").asLong(0),
                    n.path("head").isTextual() ? Optional.of(n.get("head").asText()) : Optional.empty(), state.get()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InvalidInputException(state.get() + ": cannot read the agent state (" + e.getMessage() + ")");
        }
    }

    /** Reads one file's lines as bytes: a hash is of the bytes as written, whatever their encoding. */
    private void read(int file) throws IOException {
        try (InputStream in = Files.newInputStream(files.get(file))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            byte[] chunk = new byte[1 << 16];
            int number = 0;
            boolean tooLong = false;
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                int start = 0;
                for (int j = 0; j < n; j++) {
                    if (chunk[j] != '\n') {
                        continue;
                    }
                    tooLong |= !append(line, chunk, start, j - start);
                    add(file, ++number, tooLong ? null : line.toByteArray(), true);
                    line.reset();
                    tooLong = false;
                    start = j + 1;
                }
                tooLong |= !append(line, chunk, start, n - start);
            }
            if (line.size() > 0 || tooLong) {
                add(file, number + 1, tooLong ? null : line.toByteArray(), false);
            }
        } catch (NoSuchFileException e) {
            notes.add(files.get(file) + " disappeared while it was read (rotated meanwhile?)");
        }
    }

    /** Adds to a line being read, up to the longest line there can be; false once it is longer. */
    private static boolean append(ByteArrayOutputStream line, byte[] chunk, int from, int length) {
        if (line.size() + length > Journal.MAX_LINE) {
            return false;
        }
        line.write(chunk, from, length);
        return true;
    }

    private void add(int file, int number, byte[] bytes, boolean complete) {
        if (bytes == null) {
            lines.add(new Line(file, number, "", null, complete));
            return;
        }
        JournalCodec.Link link;
        try {
            link = JournalCodec.link(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            link = null;
        }
        lines.add(new Line(file, number, Hashes.sha256(bytes), link, complete));
    }

    private String where(Line l) {
        return files.get(l.file()) + ":" + l.number();
    }

    private JournalVerification walk(Optional<Reached> reached) {
        String expected = JournalCodec.GENESIS;
        long last = 0;            // the last event's sequence number
        long covered = 0;         // the last event a good (or, without a key, any) checkpoint covers
        long signedThrough = 0;
        long events = 0;
        long checkpoints = 0;
        long legacy = 0;
        long legacySeq = 0;
        boolean chained = false;
        boolean anySigned = false;
        long unsignedSince = Long.MAX_VALUE; // with a key: an unsigned checkpoint came after the last good one
        Optional<Instant> lastCheckpoint = Optional.empty();
        Set<String> keys = new LinkedHashSet<>();
        Optional<String> keyId = key.map(JournalKeys::id);
        Optional<Problem> problem = Optional.empty();
        int end = lines.size();
        if (end > 0 && !lines.get(end - 1).complete()) {
            end--; // being written now, or cut: what it held is judged by the checks below
            notes.add(where(lines.get(end)) + ": the last line is incomplete (being written now, or the file was "
                    + "cut there); it is not part of what was verified");
        }
        for (int i = 0; i < end && problem.isEmpty(); i++) {
            Line l = lines.get(i);
            JournalCodec.Link k = l.link();
            if (k == null) {
                Line next = i + 1 < end ? lines.get(i + 1) : null;
                if (next != null && next.link() != null && next.link().prev().map(l.hash()::equals).orElse(false)) {
                    // the agent seals a line a crash tore and chains the next one to it: the chain vouches for it
                    notes.add(where(l) + ": a torn line (the agent stopped while writing it); the journal goes on "
                            + "past it");
                    expected = l.hash();
                    continue;
                }
                if (!chained) {
                    // before the chain nothing vouches for any line; an unreadable one is one more unproven
                    notes.add(where(l) + ": a line that is not a journal event, written before the chain");
                    legacy++;
                    expected = l.hash();
                    continue;
                }
                problem = Optional.of(new Problem(Kind.DAMAGED, last + 1, where(l), "not a journal line, and the "
                        + "line after it is not chained to it: the line of event #" + (last + 1) + " was changed or "
                        + "damaged"));
                break;
            }
            if (k.prev().isEmpty()) {
                if (chained) {
                    problem = Optional.of(new Problem(Kind.EDITED, k.seq(), where(l), "a line without its chain link "
                            + "among chained lines: event #" + k.seq() + " was rewritten"));
                    break;
                }
                legacy++; // an event written before this version chained its lines (a checkpoint always has a link)
                legacySeq = k.seq();
                last = k.seq();
                events++;
                expected = l.hash();
                continue;
            }
            if (!k.prev().get().equals(expected)) {
                problem = Optional.of(broken(i, last));
                break;
            }
            chained = true;
            if (k.isCheckpoint()) {
                if (k.seq() != last) {
                    problem = Optional.of(new Problem(Kind.EDITED, Math.min(last, k.seq()) + 1, where(l),
                            "a checkpoint claims to follow event #" + k.seq() + " but follows #" + last));
                    break;
                }
                checkpoints++;
                lastCheckpoint = Optional.of(k.checkpoint().get().time());
                k.checkpoint().get().key().ifPresent(keys::add);
                if (k.signature().isPresent()) {
                    anySigned = true;
                }
                if (key.isEmpty()) {
                    covered = last;
                } else if (k.signature().isEmpty()) {
                    unsignedSince = Math.min(unsignedSince, covered + 1);
                } else {
                    if (!JournalKeys.verify(key.get(), k.signed(), k.signature().get())) {
                        String named = k.checkpoint().get().key().orElse("no key");
                        boolean other = !named.equals(keyId.get());
                        problem = Optional.of(new Problem(other ? Kind.WRONG_KEY : Kind.BAD_SIGNATURE, covered + 1,
                                where(l), other ? "the checkpoint after #" + last + " names key " + named
                                        + ", not the key given (" + keyId.get() + "), and does not verify with it"
                                        : "the signature of the checkpoint after #" + last + " does not verify: "
                                                + "events #" + (covered + 1) + "-#" + last + " are not proven"));
                        break;
                    }
                    covered = last;
                    signedThrough = last;
                    unsignedSince = Long.MAX_VALUE;
                }
            } else {
                if (k.seq() != last + 1) {
                    // the chain holds but the count does not: the chain was rebuilt over a change
                    problem = Optional.of(k.seq() > last + 1
                            ? new Problem(Kind.DELETED, last + 1, where(l), "events #" + (last + 1) + "-#"
                                    + (k.seq() - 1) + " are missing and the chain was rebuilt over the gap")
                            : new Problem(Kind.REORDERED, last + 1, where(l), "event #" + k.seq() + " comes after #"
                                    + last + " and the chain was rebuilt over it"));
                    break;
                }
                last = k.seq();
                events++;
            }
            expected = l.hash();
        }
        Optional<Reached> state = reached; // what the agent's state file says the journal reached
        if (problem.isEmpty() && state.isPresent() && state.get().seq() > last) {
            problem = Optional.of(new Problem(Kind.TRUNCATED, last + 1, end > 0 ? where(lines.get(end - 1))
                    : files.get(files.size() - 1).toString(), "the journal ends at event #" + last + " but the "
                    + "agent's state (" + state.get().file() + ") records writing up to #" + state.get().seq()
                    + ": its tail was cut"));
        }
        if (problem.isEmpty() && key.isPresent() && covered < last) {
            Line tail = lines.get(end - 1);
            problem = Optional.of(anySigned && unsignedSince != Long.MAX_VALUE
                    ? new Problem(Kind.UNSIGNED, covered + 1, where(tail), "the checkpoints after event #" + covered
                            + " carry no signature: events #" + (covered + 1) + "-#" + last + " are not proven (the "
                            + "agent lost its key, or the signatures were taken off)")
                    : anySigned
                    ? new Problem(Kind.TRUNCATED, covered + 1, where(tail), "events #" + (covered + 1) + "-#" + last
                            + " are not covered by a signed checkpoint: the file was cut after them (or the agent "
                            + "stopped while writing them)")
                    : new Problem(Kind.UNSIGNED, covered + 1, where(tail), "no checkpoint of this journal is signed: "
                            + "the agent ran without --signing-key"));
        }
        if (problem.isEmpty() && state.isPresent() && state.get().head().isPresent()
                && !hashes(end).contains(state.get().head().get())) {
            Reached r = state.get();
            problem = Optional.of(new Problem(Kind.EDITED, r.seq(), end > 0 ? where(lines.get(end - 1)) : "",
                    "the last line the agent recorded writing (at #" + r.seq() + ", per " + r.file()
                            + ") is not in the journal: it was changed or removed"));
        }
        Status status;
        if (problem.isPresent()) {
            status = Status.BROKEN;
        } else if (legacy > 0) {
            status = Status.PARTIAL;
            notes.add(0, (chained ? legacy + (legacy == 1 ? " line" : " lines") + " (through event #" + legacySeq
                    + ")" + (legacy == 1 ? " was" : " were") : "none of its lines is chained: they were")
                    + " written before portaudit chained its journal and are not proven; move the journal aside to "
                    + "start one that can be proven whole");
        } else {
            status = key.isPresent() ? Status.VERIFIED : Status.INTACT;
        }
        return new JournalVerification(status, problem, files.size(), events, checkpoints, signedThrough,
                lastCheckpoint, List.copyOf(keys), keyId, notes);
    }

    /** A verification as JSON: {@code journal verify --format json} and the reports built from a journal. */
    public static ObjectNode json(JournalVerification v) {
        ObjectNode n = Json.NODES.objectNode();
        n.put("status", v.status().id());
        if (v.problem().isPresent()) {
            Problem p = v.problem().get();
            ObjectNode o = n.putObject("problem");
            o.put("kind", p.kind().id());
            o.put("firstBadSeq", p.firstBad());
            o.put("where", p.where());
            o.put("message", p.message());
        } else {
            n.putNull("problem");
        }
        n.put("summary", v.summary());
        n.put("files", v.files());
        n.put("events", v.events());
        n.put("checkpoints", v.checkpoints());
        n.put("signedThrough", v.signedThrough());
        n.put("lastCheckpoint", v.lastCheckpoint().map(Instant::toString).orElse(null));
        ArrayNode keys = n.putArray("keysNamed");
        v.keys().forEach(keys::add);
        n.put("checkedWith", v.key().orElse(null));
        ArrayNode notes = n.putArray("notes");
        v.notes().forEach(notes::add);
        return n;
    }

    private Set<String> hashes(int end) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < end; i++) {
            out.add(lines.get(i).hash());
        }
        return out;
    }

    /**
     * The chain breaks at line {@code i}: its {@code prev} is not the hash of the line before. What
     * happened is read from the sequence numbers on either side of the break.
     */
    private Problem broken(int i, long last) {
        Line l = lines.get(i);
        JournalCodec.Link k = l.link();
        if (i == 0) {
            return new Problem(Kind.MISSING_FILE, 1, where(l), "the journal's first line is not the start of a chain: "
                    + "it starts after event #" + (k.isCheckpoint() ? k.seq() : k.seq() - 1)
                    + ", and the file(s) holding what came before are missing");
        }
        Line before = lines.get(i - 1);
        boolean fileStart = before.file() != l.file();
        long next = k.isCheckpoint() ? k.seq() + 1 : k.seq();
        if (next > last + 1) {
            if (appearsLater(i, last + 1)) {
                return new Problem(Kind.REORDERED, last + 1, where(l), "event #" + (k.isCheckpoint() ? k.seq()
                        : k.seq()) + " stands where #" + (last + 1) + " should: lines were moved");
            }
            if (fileStart) {
                return new Problem(Kind.MISSING_FILE, last + 1, where(l), "events #" + (last + 1) + "-#" + (next - 1)
                        + " are missing between " + files.get(before.file()).getFileName() + " and "
                        + files.get(l.file()).getFileName() + ": a rotated file was removed (or its end cut)");
            }
            return new Problem(Kind.DELETED, last + 1, where(l), (next - 1 == last + 1 ? "event #" + (last + 1)
                    + " was" : "events #" + (last + 1) + "-#" + (next - 1) + " were") + " removed");
        }
        if (next < last + 1) {
            return new Problem(Kind.REORDERED, last + 1, where(l), "event #" + k.seq() + " comes after #" + last
                    + ": lines were moved or repeated");
        }
        JournalCodec.Link was = before.link();
        if (was != null && was.isCheckpoint()) {
            return new Problem(Kind.EDITED, was.seq(), where(before), "the checkpoint after event #" + was.seq()
                    + " was changed (the next line records another hash for it)");
        }
        return new Problem(Kind.EDITED, last, where(before), "the line of event #" + last + " was changed (the next "
                + "line records another hash for it), or a line after it was removed");
    }

    private boolean appearsLater(int from, long seq) {
        for (int j = from + 1; j < lines.size(); j++) {
            JournalCodec.Link k = lines.get(j).link();
            if (k != null && !k.isCheckpoint() && k.seq() == seq) {
                return true;
            }
        }
        return false;
    }
}
