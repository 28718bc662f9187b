package dev.portaudit.policy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A name pattern where '*' matches any run of characters and '?' one character. */
public record Glob(String text, Pattern pattern) {

    public static Glob of(String text) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return new Glob(text, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    public boolean matches(String s) {
        return pattern.matcher(s).matches();
    }

    /**
     * Whether {@code cut}, a name cut short, could be the start of a name this pattern matches: the
     * matcher either matches it or ran out of input still matching.
     */
    public boolean cutTo(String cut) {
        Matcher m = pattern.matcher(cut);
        return m.matches() || m.hitEnd();
    }

    @Override
    public String toString() {
        return text;
    }
}
