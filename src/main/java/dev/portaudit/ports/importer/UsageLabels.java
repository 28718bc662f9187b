package dev.portaudit.ports.importer;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a usage row's description into a short label that names the software or protocol, so the
 * shipped table carries facts and not the source's sentences; and tells whether a description
 * names an IANA service.
 */
final class UsageLabels {

    static final int MAX_WORDS = 6;
    static final int MAX_CHARS = 48;
    private static final String[] CUTS = {", ", "; ", ". ", ": ", " — ", "—", " – ", "–", " - ", " used ",
        " which ", " that ", " for ", " and ", " to ", " (used", " (see", " (formerly", " (previously"};
    /** Lead-ins that say how a thing is used rather than what it is. */
    private static final Pattern LEAD_IN = Pattern.compile("^(?:(?:the )?default(?: port)?(?: for| of| used by)?"
            + "|(?:commonly|often|also|typically|mainly|primarily|originally)? ?used (?:by|for|on|in|with)"
            + "|(?:the )?port (?:used )?(?:for|by)"
            + "|(?:a |the )?range (?:of ports )?(?:from which|in which|used by|for))\\s+", Pattern.CASE_INSENSITIVE);
    private static final Pattern TOKENS = Pattern.compile("[^a-z0-9]+");

    private UsageLabels() {
    }

    static String shorten(String description) {
        String d = description.strip().replaceAll("\\s+", " ");
        String rest = LEAD_IN.matcher(d).replaceFirst("");
        if (!rest.isEmpty() && rest.length() < d.length()) {
            d = Character.toUpperCase(rest.charAt(0)) + rest.substring(1);
        }
        int cut = d.length();
        for (String sep : CUTS) {
            int at = d.indexOf(sep);
            if (at > 0 && at < cut) {
                cut = at;
            }
        }
        String label = d.substring(0, cut);
        String[] words = label.split(" ");
        if (words.length > MAX_WORDS) {
            label = String.join(" ", Arrays.copyOf(words, MAX_WORDS));
        }
        if (label.length() > MAX_CHARS) {
            int space = label.lastIndexOf(' ', MAX_CHARS);
            label = label.substring(0, space > 0 ? space : MAX_CHARS);
        }
        label = balanceParentheses(label);
        return label.replaceAll("[\\s,;:.(\\-–—]+$", "");
    }

    private static String balanceParentheses(String s) {
        int open = 0;
        int lastUnclosed = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                if (open == 0) {
                    lastUnclosed = i;
                }
                open++;
            } else if (c == ')' && open > 0) {
                open--;
            }
        }
        return open > 0 ? s.substring(0, lastUnclosed).strip() : s;
    }

    /**
     * Whether the description names the IANA service: a word of it equals the service name, its
     * daemon form ("memcache" / "memcached"), or its name without hyphens.
     */
    static boolean namesService(String description, String service) {
        String name = service.toLowerCase(Locale.ROOT);
        if (name.length() < 3) {
            return false;
        }
        Set<String> words = new HashSet<>(Arrays.asList(TOKENS.split(description.toLowerCase(Locale.ROOT))));
        return words.contains(name) || words.contains(name + "d")
                || (name.endsWith("d") && words.contains(name.substring(0, name.length() - 1)))
                || words.contains(name.replace("-", ""));
    }
}
