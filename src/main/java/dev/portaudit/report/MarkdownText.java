package dev.portaudit.report;

/** Text from the system made safe for Markdown, shared by the scan and period reports. */
final class MarkdownText {

    private MarkdownText() {
    }

    /**
     * Text for a table cell: controls made visible, HTML metacharacters as entities (renderers pass
     * inline HTML through), Markdown punctuation backslash-escaped, pipes escaped.
     */
    static String text(String s) {
        String t = TerminalText.safe(s);
        StringBuilder b = new StringBuilder(t.length() + 16);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '|' -> b.append("\\|");
                case '\\', '`', '*', '_', '[', ']', '(', ')', '#', '!', '~', '{', '}' -> b.append('\\').append(c);
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** An inline code span that no content can break out of. */
    static String code(String s) {
        String t = TerminalText.safe(s).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
        int longest = 0;
        int run = 0;
        for (char c : t.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        return fence + (t.startsWith("`") || t.endsWith("`") ? " " + t + " " : t) + fence;
    }
}
