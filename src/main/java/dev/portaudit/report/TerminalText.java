package dev.portaudit.report;

/**
 * Makes text from the system safe for a terminal: control characters (including ESC, so no ANSI
 * sequence), DEL, C1 controls, bidirectional overrides, invisible characters, line separators and
 * unpaired surrogates are shown as visible escapes ({@code \x1b}, {@code \u202e}, {@code \n})
 * instead of acting on the screen.
 */
public final class TerminalText {

    private TerminalText() {
    }

    public static String safe(String s) {
        StringBuilder b = null;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int width = Character.charCount(cp);
            String rep = replacement(cp);
            if (rep != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.appendCodePoint(cp);
                }
            }
            i += width;
        }
        return b == null ? s : b.toString();
    }

    private static String replacement(int cp) {
        switch (cp) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f)) {
            return String.format("\\x%02x", cp);
        }
        boolean invisibleOrBidi = (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e)
                || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff
                || Character.isSurrogate((char) cp) && cp <= 0xffff;
        return invisibleOrBidi ? String.format("\\u%04x", cp) : null;
    }
}
