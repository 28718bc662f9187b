package dev.portaudit.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps uids to user names from {@code /etc/passwd} text, so that names are resolved without
 * starting a process per owner. The first entry for a uid wins, as with the C library.
 */
public final class PasswdParser {

    private PasswdParser() {
    }

    /** This host's users; empty where /etc/passwd cannot be read. */
    public static Map<Long, String> system() {
        try {
            return parse(Files.readString(Path.of("/etc/passwd"),
                    StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    public static Map<Long, String> parse(String text) {
        Map<Long, String> users = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == '+' || line.charAt(0) == '-') {
                continue;
            }
            String[] f = line.split(":", -1);
            if (f.length < 3 || f[0].isEmpty()) {
                continue;
            }
            try {
                users.putIfAbsent(Long.parseLong(f[2].trim()), f[0]);
            } catch (NumberFormatException ignored) {
                // a malformed line names nobody
            }
        }
        return users;
    }
}
