package dev.portaudit.collect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code /proc/PID/cmdline}: arguments separated by NUL bytes. Every byte is kept (OSHI's
 * reader splits at line breaks and stops at an empty argument); invalid UTF-8 becomes U+FFFD.
 */
public final class CmdlineParser {

    private CmdlineParser() {
    }

    public static List<String> arguments(byte[] raw) {
        List<String> args = new ArrayList<>();
        int end = raw.length;
        if (end > 0 && raw[end - 1] == 0) {
            end--;
        }
        if (end == 0) {
            return args;
        }
        int start = 0;
        for (int i = 0; i <= end; i++) {
            if (i == end || raw[i] == 0) {
                args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return args;
    }

    /** Arguments joined by single spaces, as a command line is usually shown. */
    public static String commandLine(byte[] raw) {
        return String.join(" ", arguments(raw));
    }
}
