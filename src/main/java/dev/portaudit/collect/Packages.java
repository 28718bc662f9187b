package dev.portaudit.collect;

import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.SoftwarePackage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which package installed each owner's executable, from Debian's package database: the file lists
 * ({@code info/PACKAGE[:ARCH].list}) for the paths, {@code status} for the installed version. The
 * database is read once per scan and only the executables seen are looked for. A path is looked for
 * as the kernel gives it and under the other name usr-merge gives it (/sbin and /usr/sbin), since a
 * package may list either. An executable no package lists is "not from any package"; where there is
 * no database, nothing is said. On an RPM system the RPM database answers too ({@link RpmDatabase});
 * a file either database names a package for has that package.
 */
public final class Packages {

    private final Optional<Path> dpkg;
    private final Optional<RpmDatabase> rpm;
    /** The database being read for the scan under way, started with it (see {@link #prefetch}). */
    private final AtomicReference<FutureTask<Optional<Database>>> reading = new AtomicReference<>();

    private Packages(Optional<Path> dpkg, Optional<RpmDatabase> rpm) {
        this.dpkg = dpkg;
        this.rpm = rpm;
    }

    /** The package lists and the status file, as bytes and text: what a lookup searches. */
    private record Database(List<Map.Entry<String, byte[]>> lists, String status) {
    }

    /**
     * Starts reading the database beside collection, so that the lookup after it only searches: a
     * thousand files take longer to read than to search.
     */
    public void prefetch() {
        if (dpkg.isEmpty()) {
            return;
        }
        FutureTask<Optional<Database>> task = new FutureTask<>(this::read);
        Thread t = new Thread(task, "portaudit-packages");
        t.setDaemon(true);
        reading.set(task);
        t.start();
    }

    private Optional<Database> database() {
        FutureTask<Optional<Database>> task = reading.getAndSet(null);
        if (task == null) {
            return read();
        }
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }

    private Optional<Database> read() {
        if (dpkg.isEmpty() || !Files.isDirectory(dpkg.get().resolve("info"))) {
            return Optional.empty();
        }
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(dpkg.get().resolve("info"), "*.list")) {
            dir.forEach(paths::add);
            List<Map.Entry<String, byte[]>> lists = new ArrayList<>(paths.size());
            for (Path list : paths) {
                String name = list.getFileName().toString();
                name = name.substring(0, name.length() - ".list".length());
                int colon = name.indexOf(':');
                lists.add(Map.entry(colon < 0 ? name : name.substring(0, colon), Files.readAllBytes(list)));
            }
            String status;
            try {
                status = Files.readString(dpkg.get().resolve("status"));
            } catch (IOException | RuntimeException e) {
                status = ""; // names without versions
            }
            return Optional.of(new Database(lists, status));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable database says nothing, rather than "not packaged"
        }
    }

    /** This host's databases: /var/lib/dpkg, and an RPM database where there is one. */
    public static Packages system() {
        return new Packages(Optional.of(Path.of("/var/lib/dpkg")), RpmDatabase.system());
    }

    /** A dpkg database at a path (a test's, or a host's mounted elsewhere). */
    public static Packages dpkg(Path dir) {
        return new Packages(Optional.of(dir), Optional.empty());
    }

    /** An RPM database at a path, read with this rpm program. */
    static Packages rpm(Path rpmProgram, Path dbpath) {
        return new Packages(Optional.empty(), Optional.of(new RpmDatabase(rpmProgram, dbpath)));
    }

    /** No database: for snapshots of other hosts, and tests. */
    public static Packages none() {
        return new Packages(Optional.empty(), Optional.empty());
    }

    /** The listeners with the package of every host owner's executable, where the database tells. */
    public List<Listener> complete(List<Listener> listeners) {
        Set<String> executables = new LinkedHashSet<>();
        for (Listener l : listeners) {
            for (ProcessOwner o : l.owners()) {
                if (onHost(o)) {
                    executables.add(ProcessOwner.pathOf(o.executable()));
                }
            }
        }
        if (executables.isEmpty()) {
            return listeners;
        }
        Optional<Map<String, SoftwarePackage>> found = lookup(executables);
        if (found.isEmpty()) {
            return listeners;
        }
        List<Listener> out = new ArrayList<>(listeners.size());
        for (Listener l : listeners) {
            List<ProcessOwner> owners = new ArrayList<>(l.owners().size());
            for (ProcessOwner o : l.owners()) {
                SoftwarePackage p = onHost(o) ? found.get().get(ProcessOwner.pathOf(o.executable())) : null;
                owners.add(p == null ? o : o.withSoftware(p));
            }
            out.add(l.withOwners(owners));
        }
        return out;
    }

    /** A host process with a known executable: a container's files are the image's, not the host's database's. */
    private static boolean onHost(ProcessOwner o) {
        return !o.executable().isEmpty() && o.container().isEmpty() && o.executable().startsWith("/");
    }


    /**
     * The package of each path, or {@link SoftwarePackage#none} for one no package lists; empty when no
     * database can be read. A path a database could not answer for is not in the map.
     */
    Optional<Map<String, SoftwarePackage>> lookup(Set<String> paths) {
        Optional<Map<String, SoftwarePackage>> deb = dpkgLookup(paths);
        Optional<Map<String, SoftwarePackage>> rpms = rpm.flatMap(r -> r.lookup(paths));
        if (deb.isEmpty() || rpms.isEmpty()) {
            return deb.isPresent() ? deb : rpms;
        }
        Map<String, SoftwarePackage> out = new HashMap<>(deb.get());
        rpms.get().forEach((path, p) -> out.merge(path, p, (d, r) -> d.packaged() || !r.packaged() ? d : r));
        return Optional.of(out);
    }

    private Optional<Map<String, SoftwarePackage>> dpkgLookup(Set<String> paths) {
        Optional<Database> db = database();
        if (db.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> wanted = new HashMap<>();
        for (String p : paths) {
            wanted.put(p, p);
            wanted.putIfAbsent(usrMerged(p), p);
        }
        Lines lines = new Lines(wanted.keySet());
        Map<String, String> packageOf = new HashMap<>();
        for (Map.Entry<String, byte[]> list : db.get().lists()) {
            for (String line : lines.in(list.getValue())) {
                // a path two packages list (a diversion): the first by name, so that every scan says the same
                packageOf.merge(wanted.get(line), list.getKey(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        Map<String, String> versions = versions(db.get().status(), new LinkedHashSet<>(packageOf.values()));
        Map<String, SoftwarePackage> out = new HashMap<>();
        for (String p : paths) {
            String pkg = packageOf.get(p);
            out.put(p, pkg == null ? SoftwarePackage.none("dpkg")
                    : new SoftwarePackage("dpkg", Optional.of(pkg), Optional.ofNullable(versions.get(pkg))));
        }
        return Optional.of(out);
    }

    /**
     * Finds given lines in a file's bytes without decoding the rest: the package lists of a full system
     * are megabytes of paths, of which a scan wants a few. A line is compared only when its length is
     * that of a wanted one.
     */
    private static final class Lines {
        private final Map<Integer, List<byte[]>> byLength = new HashMap<>();
        private final boolean[] lengths;

        Lines(Set<String> wanted) {
            int max = 0;
            for (String w : wanted) {
                byte[] b = w.getBytes(StandardCharsets.UTF_8);
                byLength.computeIfAbsent(b.length, k -> new ArrayList<>()).add(b);
                max = Math.max(max, b.length);
            }
            lengths = new boolean[max + 1];
            byLength.keySet().forEach(n -> lengths[n] = true);
        }

        List<String> in(byte[] text) {
            List<String> found = new ArrayList<>(1);
            int start = 0;
            for (int i = 0; i <= text.length; i++) {
                if (i < text.length && text[i] != '\n') {
                    continue;
                }
                int n = i - start;
                if (n < lengths.length && lengths[n]) {
                    for (byte[] w : byLength.get(n)) {
                        if (Arrays.equals(text, start, i, w, 0, n)) {
                            found.add(new String(w, StandardCharsets.UTF_8));
                        }
                    }
                }
                start = i + 1;
            }
            return found;
        }
    }

    private static String field(String stanza, String name) {
        for (String line : stanza.split("\n")) {
            if (line.startsWith(name + ": ")) {
                return line.substring(name.length() + 2).strip();
            }
        }
        return null;
    }

    /** /usr/sbin/sshd as /sbin/sshd and the other way round: the two names usr-merge gives one file. */
    static String usrMerged(String path) {
        for (String dir : List.of("/bin/", "/sbin/", "/lib/", "/lib64/")) {
            if (path.startsWith(dir)) {
                return "/usr" + path;
            }
            if (path.startsWith("/usr" + dir)) {
                return path.substring("/usr".length());
            }
        }
        return path;
    }

    /** The installed version of each package, from the status file's stanzas. */
    private static Map<String, String> versions(String status, Set<String> packages) {
        Map<String, String> out = new HashMap<>();
        // only the stanzas of the packages found: the file describes every package of the system
        for (String pkg : packages) {
            String head = "Package: " + pkg + "\n";
            int at = status.startsWith(head) ? 0 : status.indexOf("\n" + head);
            while (at >= 0) {
                int start = at == 0 ? 0 : at + 1;
                int end = status.indexOf("\n\n", start);
                String stanza = status.substring(start, end < 0 ? status.length() : end);
                String version = field(stanza, "Version");
                if (version != null && field(stanza, "Status") != null && field(stanza, "Status").endsWith(" installed")) {
                    out.put(pkg, version);
                    break;
                }
                at = status.indexOf("\n" + head, start + 1);
            }
        }
        return out;
    }
}
