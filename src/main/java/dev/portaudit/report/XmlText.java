package dev.portaudit.report;

/**
 * Text that XML 1.0 can carry: characters it forbids (most C0 controls such as ESC, unpaired
 * surrogates, U+FFFE/U+FFFF) are written as visible escapes; the XML writer escapes markup.
 */
final class XmlText {

    private XmlText() {
    }

    static String safe(String s) {
        StringBuilder b = null;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (!allowed && b == null) {
                b = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (b != null) {
                if (allowed) {
                    b.appendCodePoint(cp);
                } else {
                    b.append(cp <= 0xff ? String.format("\\x%02x", cp) : String.format("\\u%04x", cp));
                }
            }
            i += n;
        }
        return b == null ? s : b.toString();
    }
}
