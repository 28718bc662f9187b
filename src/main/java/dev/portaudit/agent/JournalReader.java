package dev.portaudit.agent;

import dev.portaudit.model.Checkpoint;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.JournalEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a journal and its rotated files ({@code FILE.<timestamp>}) in order. Checkpoints are kept
 * apart from events; lines that are neither (a torn line from a crash, damage) are skipped and
 * reported; an event seen twice (by its sequence number) is read once. Whether the journal is whole
 * is {@link JournalVerifier}'s question, not this reader's.
 */
public final class JournalReader {

    /** What a read found besides the events. */
    public record Result(List<JournalEvent> events, List<String> warnings, List<Checkpoint> checkpoints) {
        public Result(List<JournalEvent> events, List<String> warnings) {
            this(events, warnings, List.of());
        }
    }

    private JournalReader() {
    }

    /** The journal's files, oldest first: rotated ones by their timestamp, then the current file. */
    public static List<Path> files(Path journal) throws IOException {
        List<Path> rotated = new ArrayList<>();
        Path dir = journal.toAbsolutePath().getParent();
        String prefix = journal.getFileName() + ".";
        if (dir != null && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path p : entries) {
                    String name = p.getFileName().toString();
                    if (name.startsWith(prefix) && name.substring(prefix.length()).matches("\\d{8}T\\d{6}Z(-\\d+)?")) {
                        rotated.add(journal.resolveSibling(name));
                    }
                }
            }
        }
        rotated.sort((a, b) -> rotationKey(a).compareTo(rotationKey(b)));
        if (Files.exists(journal)) {
            rotated.add(journal);
        }
        return rotated;
    }

    private static String rotationKey(Path p) {
        String name = p.getFileName().toString();
        String stamp = name.substring(name.lastIndexOf('.') + 1);
        int dash = stamp.indexOf('-');
        String base = dash < 0 ? stamp : stamp.substring(0, dash);
        int n = dash < 0 ? 0 : Integer.parseInt(stamp.substring(dash + 1));
        return base + String.format("%06d", n);
    }

    /** Every event of the journal and its rotated files, in sequence order. */
    public static Result readAll(Path journal) {
        List<JournalEvent> events = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Checkpoint> checkpoints = new ArrayList<>();
        try {
            List<Path> files = files(journal);
            if (files.isEmpty()) {
                throw new InvalidInputException(journal + ": no such journal");
            }
            Set<Long> seen = new HashSet<>();
            for (Path f : files) {
                read(f, e -> {
                    if (seen.add(e.seq())) {
                        events.add(e);
                    }
                }, checkpoints::add, warnings);
            }
        } catch (IOException e) {
            throw new InvalidInputException(journal + ": cannot read (" + e.getMessage() + ")");
        }
        events.sort(JournalEvent.BY_SEQ);
        return new Result(events, warnings, checkpoints);
    }

    /** Reads one file, handing each event to {@code sink}; bad lines become warnings. */
    public static void read(Path file, Consumer<JournalEvent> sink, List<String> warnings) throws IOException {
        read(file, sink, c -> { }, warnings);
    }

    /** Reads one file, handing each event to {@code sink} and each checkpoint to {@code checkpoints}. */
    public static void read(Path file, Consumer<JournalEvent> sink, Consumer<Checkpoint> checkpoints,
            List<String> warnings) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), utf8))) {
            read(r, file.toString(), sink, checkpoints, warnings);
        } catch (NoSuchFileException e) {
            // rotated away between listing and reading: its events are in the next file
        }
    }

    /** Reads journal lines from {@code r}, named {@code name} in warnings. */
    public static void read(BufferedReader r, String name, Consumer<JournalEvent> sink, List<String> warnings)
            throws IOException {
        read(r, name, sink, c -> { }, warnings);
    }

    /** Reads journal lines from {@code r}: events to {@code sink}, checkpoints to {@code checkpoints}. */
    public static void read(BufferedReader r, String name, Consumer<JournalEvent> sink,
            Consumer<Checkpoint> checkpoints, List<String> warnings) throws IOException {
        String line;
        int no = 0;
        while ((line = r.readLine()) != null) {
            no++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JournalCodec.parse(line, sink, checkpoints);
            } catch (IllegalArgumentException e) {
                warnings.add(name + ":" + no + ": skipped a line that is not a journal event (" + e.getMessage() + ")");
            }
        }
    }
}
