package dev.portaudit.collect;

import java.util.HashMap;
import java.util.Map;

/** The operating system's name from {@code /etc/os-release}: "Debian GNU/Linux 12 (bookworm)". */
public final class OsReleaseParser {

    private OsReleaseParser() {
    }

    public static String describe(String text) {
        Map<String, String> v = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0 || line.startsWith("#")) {
                continue;
            }
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
            }
            v.put(line.substring(0, eq).strip(), value);
        }
        String name = v.getOrDefault("NAME", "");
        if (name.isEmpty()) {
            return v.getOrDefault("PRETTY_NAME", "");
        }
        String version = v.getOrDefault("VERSION_ID", "");
        String codename = v.getOrDefault("VERSION_CODENAME", "");
        return (name + (version.isEmpty() ? "" : " " + version) + (codename.isEmpty() ? "" : " (" + codename + ")"))
                .strip();
    }
}
