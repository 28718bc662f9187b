package dev.portaudit.collect;

import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Snapshot;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** {@code scan --from FILE}: an ss snapshot or a portaudit JSON report, told apart by content. */
public final class SnapshotFiles {

    /** Larger snapshots than this are refused: 64 MiB is far beyond any host's listener table. */
    static final long MAX_BYTES = 64L << 20;

    private SnapshotFiles() {
    }

    /**
     * @param hostname the host name for an ss snapshot (a JSON report carries its own)
     */
    public static Collector from(Path file, String hostname) {
        return () -> read(file, hostname);
    }

    /** @param kernelSettings sysctl's output captured with an ss snapshot, if given */
    public static Collector from(Path file, String hostname, Optional<Path> kernelSettings) {
        return () -> read(file, hostname, kernelSettings);
    }

    public static Snapshot read(Path file, String hostname) {
        return read(file, hostname, Optional.empty());
    }

    public static Snapshot read(Path file, String hostname, Optional<Path> kernelSettings) {
        String text = text(file);
        String start = text.stripLeading();
        if (start.startsWith("{")) {
            if (kernelSettings.isPresent()) {
                throw new InvalidInputException("--kernel-settings goes with an ss snapshot: " + file
                        + " is a portaudit JSON report, which carries the host's own settings");
            }
            try {
                return JsonSnapshotReader.parse(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(file + ": " + e.getMessage());
            }
        }
        if (!start.isEmpty() && !(start.startsWith("tcp") || start.startsWith("udp") || start.startsWith("Netid")
                || start.startsWith("State"))) {
            throw new InvalidInputException(file + ": neither a portaudit JSON report nor the output of "
                    + "'ss -tulpnH' (lines start with tcp or udp)");
        }
        Optional<KernelSettings> settings = Optional.empty();
        if (kernelSettings.isPresent()) {
            Path k = kernelSettings.get();
            settings = Optional.of(KernelSettingsParser.fromSysctl(text(k)).orElseThrow(() ->
                    new InvalidInputException(k + ": no net.ipv4.ip_local_port_range, "
                            + "net.ipv4.ip_unprivileged_port_start or net.ipv6.bindv6only in it (capture it with "
                            + "'sysctl net.ipv4.ip_local_port_range net.ipv4.ip_unprivileged_port_start "
                            + "net.ipv6.bindv6only')")));
        }
        return SsSnapshotParser.parse(text, hostname, settings);
    }

    /** A file's text, read whole, with its problems told as the user's input errors. */
    public static String text(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidInputException(file + ": larger than " + (MAX_BYTES >> 20) + " MiB; not a snapshot");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (MalformedInputException e) {
            throw new InvalidInputException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return text;
    }
}
