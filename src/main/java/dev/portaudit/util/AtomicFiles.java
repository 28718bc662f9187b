package dev.portaudit.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that a reader sees the old content or the complete new content, never a torn
 * file: the data goes to a temporary file in the same directory, is forced to disk, then renamed
 * over the target.
 */
public final class AtomicFiles {

    /** Writes the content to a stream; may throw. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Temporary files are created private; the result should look like any other file the user writes. */
    private static void keepOrDefaultPermissions(Path target, Path tmp) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> perms = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    public static void write(Path target, Content content) throws IOException {
        write(target, content, false);
    }

    /**
     * Writes a file only its owner may read or write (a secret key): it is never readable by anyone
     * else, not even for a moment, whatever the file it replaces allowed.
     */
    public static void writePrivate(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes), true);
    }

    private static void write(Path target, Content content, boolean secret) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("directory " + dir + " does not exist");
        }
        if (Files.isDirectory(absolute)) {
            throw new IOException(absolute + " is a directory");
        }
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            if (!secret) { // a temporary file is created owner-only, which a secret keeps
                keepOrDefaultPermissions(absolute, tmp);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = Channels.newOutputStream(ch)) {
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // the write's own error is the one to report
                }
            }
        }
    }

    /**
     * Why a write failed, for people: the JDK's exceptions often carry only a path ("permission
     * denied" arrives as the name of the temporary file).
     */
    public static String describe(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied" + (a.getFile() != null ? " (" + parentOf(a.getFile()) + ")" : "");
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory" + (n.getFile() != null ? " (" + parentOf(n.getFile()) + ")" : "");
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** A temporary file's directory rather than its random name. */
    private static String parentOf(String file) {
        Path p = Path.of(file);
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp") && p.getParent() != null
                ? "cannot create a file in " + p.getParent() : file;
    }
}
