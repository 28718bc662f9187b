package dev.portaudit.agent;

import dev.portaudit.model.Checkpoint;
import dev.portaudit.model.JournalEvent;
import dev.portaudit.util.Hashes;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only journal file. A scan's events are written together and forced to disk before the
 * state checkpoint moves; rotation happens only between scans, by renaming the file, so no event
 * is lost or written twice across it. A torn last line left by a crash is sealed with a line break
 * and left for readers to skip.
 *
 * <p>Every line carries the SHA-256 of the line before it ({@code prev}), across rotated files and
 * restarts, so that no line can be edited, removed or moved without breaking the chain; a
 * checkpoint line, signed when there is a key, vouches for everything before it.
 */
public final class Journal implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * When to rotate.
     *
     * @param maxBytes rotate once the file is at least this large (0: never by size)
     * @param maxAge   rotate once the file's first event is this old (empty: never by age)
     */
    public record Rotation(long maxBytes, Optional<Duration> maxAge) {
        public static final Rotation NEVER = new Rotation(0, Optional.empty());
    }

    /** The longest line the chain's head is looked for in: far beyond any event the agent writes. */
    static final int MAX_LINE = 16 << 20;

    private final Path file;
    private final Rotation rotation;
    private final Optional<JournalKeys.Signer> signer;
    private FileChannel channel;
    /** The hash of the last line written: the next line's {@code prev}. */
    private String head;

    private Journal(Path file, Rotation rotation, Optional<JournalKeys.Signer> signer) throws IOException {
        this.file = file;
        this.rotation = rotation;
        this.signer = signer;
        this.channel = open(file);
        this.head = head(file);
    }

    /** Opens (or creates) the journal, sealing a torn last line if a crash left one. */
    public static Journal open(Path file, Rotation rotation) throws IOException {
        return open(file, rotation, Optional.empty());
    }

    /** Opens the journal; its checkpoints are signed with {@code signer} when there is one. */
    public static Journal open(Path file, Rotation rotation, Optional<JournalKeys.Signer> signer) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        return new Journal(file, rotation, signer);
    }

    /** The hash of the journal's last line: in the current file, else the newest rotated one, else none yet. */
    private static String head(Path file) throws IOException {
        List<Path> files = JournalReader.files(file);
        for (int i = files.size() - 1; i >= 0; i--) {
            Optional<byte[]> last = lastLine(files.get(i));
            if (last.isPresent()) {
                return Hashes.sha256(last.get());
            }
        }
        return JournalCodec.GENESIS;
    }

    /** The last line of a file, without its line break; empty for an empty file. */
    static Optional<byte[]> lastLine(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = ch.size();
            if (end > 0) {
                ByteBuffer one = ByteBuffer.allocate(1);
                ch.read(one, end - 1);
                if (one.get(0) == '\n') {
                    end--;
                }
            }
            long start = end;
            ByteBuffer chunk = ByteBuffer.allocate(8192);
            while (start > 0 && end - start < MAX_LINE) {
                int n = (int) Math.min(chunk.capacity(), start);
                chunk.clear().limit(n);
                while (chunk.hasRemaining() && ch.read(chunk, start - n + chunk.position()) > 0) {
                    // a positional read may return less than asked
                }
                int nl = -1;
                for (int k = n - 1; k >= 0; k--) {
                    if (chunk.get(k) == '\n') {
                        nl = k;
                        break;
                    }
                }
                if (nl >= 0) {
                    start = start - n + nl + 1;
                    break;
                }
                start -= n;
            }
            if (end - start >= MAX_LINE) {
                throw new IOException(file + ": the last line is longer than " + MAX_LINE + " bytes");
            }
            if (start == end) {
                return Optional.empty();
            }
            ByteBuffer line = ByteBuffer.allocate((int) (end - start));
            while (line.hasRemaining() && ch.read(line, start + line.position()) > 0) {
                // read until the line is whole
            }
            return Optional.of(line.array());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The hash of the last line written. */
    public String head() {
        return head;
    }

    /** The public half of the key the checkpoints are signed with, if they are. */
    public Optional<PublicKey> publicKey() {
        return signer.map(JournalKeys.Signer::publicKey);
    }

    private static FileChannel open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        long size = ch.size();
        ch.position(size);
        if (size > 0) {
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, size - 1);
            if (last.get(0) != '\n') {
                LOG.warn("journal {} ends with a torn line (the agent stopped while writing it); it is sealed and "
                        + "readers skip it", file);
                ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
                ch.force(true);
            }
        }
        return ch;
    }

    public Path file() {
        return file;
    }

    /**
     * Appends the events, one line each, and forces them to disk: all of them or none. If the write
     * fails (a full disk, say), the file is cut back to where it was, so that the events can be
     * written again, with the same sequence numbers, once there is room.
     */
    public void append(List<JournalEvent> events) throws IOException {
        append(events, Optional.empty());
    }

    /**
     * Appends the events and then, if given, a checkpoint vouching for them, in one write: all or none.
     * A checkpoint's {@code through} is the last event's sequence number, written here or before.
     */
    public void append(List<JournalEvent> events, Optional<Checkpoint> checkpoint) throws IOException {
        if (events.isEmpty() && checkpoint.isEmpty()) {
            return;
        }
        if (!channel.isOpen()) {
            // a rotation or a cut-back failed half-way: carry on in whatever file is there, chained to its end
            channel = open(file);
            head = head(file);
        }
        StringBuilder b = new StringBuilder(events.size() * 256 + 512);
        String prev = head;
        for (JournalEvent e : events) {
            String line = JournalCodec.line(e, prev);
            prev = Hashes.sha256(line.getBytes(StandardCharsets.UTF_8));
            b.append(line).append('\n');
        }
        if (checkpoint.isPresent()) {
            String line = JournalCodec.checkpointLine(checkpoint.get(), prev, signer);
            prev = Hashes.sha256(line.getBytes(StandardCharsets.UTF_8));
            b.append(line).append('\n');
        }
        ByteBuffer buf = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
        long before = channel.size();
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(true);
            head = prev;
        } catch (IOException e) {
            try {
                channel.truncate(before);
                channel.position(before);
                channel.force(true);
            } catch (IOException again) {
                e.addSuppressed(again); // a torn line, if any, is sealed and chained past on the next write
                try {
                    channel.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /**
     * Rotates when the file is due: renames it to {@code FILE.<UTC timestamp>} and starts a new one.
     *
     * @param started when the current file's first event was written
     * @return the rotated file, if it rotated
     */
    public Optional<Path> rotateIfDue(Instant now, Optional<Instant> started) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return Optional.empty();
        }
        boolean bySize = rotation.maxBytes() > 0 && size >= rotation.maxBytes();
        boolean byAge = rotation.maxAge().isPresent() && started.isPresent()
                && !now.isBefore(started.get().plus(rotation.maxAge().get()));
        if (!bySize && !byAge) {
            return Optional.empty();
        }
        Path target = file.resolveSibling(file.getFileName() + "." + STAMP.format(now));
        for (int i = 1; Files.exists(target); i++) {
            target = file.resolveSibling(file.getFileName() + "." + STAMP.format(now) + "-" + i);
        }
        channel.force(true);
        channel.close();
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            channel = open(file); // the new file, or the old one again if it could not be renamed
        }
        LOG.info("journal rotated to {}", target);
        return Optional.of(target);
    }

    @Override
    public void close() throws IOException {
        channel.force(true);
        channel.close();
    }
}
