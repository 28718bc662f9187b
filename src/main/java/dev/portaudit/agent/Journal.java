package dev.portaudit.agent;

import dev.portaudit.model.JournalEvent;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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

    private final Path file;
    private final Rotation rotation;
    private FileChannel channel;

    private Journal(Path file, Rotation rotation) throws IOException {
        this.file = file;
        this.rotation = rotation;
        this.channel = open(file);
    }

    /** Opens (or creates) the journal, sealing a torn last line if a crash left one. */
    public static Journal open(Path file, Rotation rotation) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        return new Journal(file, rotation);
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
        if (events.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder(events.size() * 256);
        for (JournalEvent e : events) {
            b.append(JournalCodec.line(e)).append('\n');
        }
        ByteBuffer buf = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
        if (!channel.isOpen()) {
            channel = open(file); // a rotation failed half-way: carry on in whatever file is there
        }
        long before = channel.size();
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(true);
        } catch (IOException e) {
            try {
                channel.truncate(before);
                channel.position(before);
                channel.force(true);
            } catch (IOException again) {
                e.addSuppressed(again); // a torn line, if any, is sealed and skipped on the next start
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
