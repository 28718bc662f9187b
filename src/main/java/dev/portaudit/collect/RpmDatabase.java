package dev.portaudit.collect;

import dev.portaudit.model.SoftwarePackage;
import dev.portaudit.util.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which RPM package installed each executable, asked of the {@code rpm} program: the database's
 * formats (SQLite, Berkeley DB, NDB) are rpm's own to read. One {@code rpm -qf} for every path of a
 * scan; each owning package answers with its file list, in which the path is looked for (under its
 * usr-merge twin too). A path rpm says no package owns is "not from any package"; one it could not
 * look at (an executable deleted since it started) is not known, rather than guessed.
 */
final class RpmDatabase {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Where RPM systems keep the database, newest layout first, with a file each format leaves. */
    private static final List<Path> LOCATIONS = List.of(Path.of("/usr/lib/sysimage/rpm"), Path.of("/var/lib/rpm"));
    private static final List<String> MARKERS = List.of("rpmdb.sqlite", "Packages.db", "Packages");
    /** One line per file of an owning package; "=" repeats the package's single values along its files. */
    private static final String FORMAT = "[%{FILENAMES}\\t%{=NAME}\\t%|EPOCH?{%{=EPOCH}:}:{}|%{=VERSION}-%{=RELEASE}\\n]";

    private final Path rpm;
    private final Path dbpath;

    RpmDatabase(Path rpm, Path dbpath) {
        this.rpm = rpm;
        this.dbpath = dbpath;
    }

    /** This host's database, where one is there and rpm to read it. */
    static Optional<RpmDatabase> system() {
        Optional<Path> rpm = Processes.find("rpm");
        if (rpm.isEmpty()) {
            return Optional.empty();
        }
        for (Path dir : LOCATIONS) {
            if (MARKERS.stream().anyMatch(m -> Files.isRegularFile(dir.resolve(m)))) {
                return Optional.of(new RpmDatabase(rpm.get(), dir));
            }
        }
        return Optional.empty();
    }

    /**
     * The package of each path rpm could answer for ({@link SoftwarePackage#none} where it owns none);
     * empty when rpm could not read the database at all.
     */
    Optional<Map<String, SoftwarePackage>> lookup(Set<String> paths) {
        List<String> cmd = new ArrayList<>(List.of(rpm.toString(), "--dbpath", dbpath.toString(), "-qf", "--qf",
                FORMAT, "--"));
        cmd.addAll(paths);
        Processes.Run run = Processes.run(cmd, TIMEOUT);
        // a database that will not open still prints "not owned" for every path: only its errors tell
        if (run.code() < 0 || run.err().lines().anyMatch(l -> l.startsWith("error:") && !l.startsWith("error: file "))) {
            return Optional.empty();
        }
        return Optional.of(parse(run.out(), paths));
    }

    /** rpm's answer: a file line of each owning package, or "file PATH is not owned by any package". */
    static Map<String, SoftwarePackage> parse(String out, Set<String> paths) {
        Map<String, String> wanted = new HashMap<>();
        for (String p : paths) {
            wanted.put(p, p);
            wanted.putIfAbsent(Packages.usrMerged(p), p);
        }
        Map<String, SoftwarePackage> found = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length == 3 && wanted.containsKey(f[0]) && !f[1].isEmpty()) {
                SoftwarePackage p = new SoftwarePackage("rpm", Optional.of(f[1]),
                        f[2].isEmpty() ? Optional.empty() : Optional.of(f[2]));
                // a file two packages own: the first by name, so that every scan says the same
                found.merge(wanted.get(f[0]), p, (a, b) -> a.name().get().compareTo(b.name().get()) <= 0 ? a : b);
            } else if (line.startsWith("file ") && line.endsWith(" is not owned by any package")) {
                String path = line.substring("file ".length(), line.length() - " is not owned by any package".length());
                if (paths.contains(path)) {
                    found.putIfAbsent(path, SoftwarePackage.none("rpm"));
                }
            }
        }
        return found;
    }
}
