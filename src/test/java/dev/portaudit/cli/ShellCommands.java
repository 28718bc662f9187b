package dev.portaudit.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Finds portaudit's command lines in shell text (CI recipes, the docs) and parses them with the real CLI. */
final class ShellCommands {

    private ShellCommands() {
    }

    /** The argument lists of every portaudit invocation in shell text, variables stood in for. */
    static List<List<String>> invocations(String script) {
        List<List<String>> found = new ArrayList<>();
        String joined = script.replace("\\\n", " ");
        for (String line : joined.split("\n")) {
            List<String> tokens = tokens(line);
            for (int i = 0; i < tokens.size(); i++) {
                if (tokens.get(i).equals("portaudit") || tokens.get(i).endsWith("/portaudit")) {
                    List<String> args = new ArrayList<>();
                    for (int j = i + 1; j < tokens.size() && !List.of("|", ";", "&&", "||", ")", ">", "2>")
                            .contains(tokens.get(j)); j++) {
                        String t = tokens.get(j);
                        String previous = args.isEmpty() ? "" : args.get(args.size() - 1);
                        args.add(t.contains("$") ? (previous.equals("--target-pid") ? "1" : "value") : t);
                    }
                    found.add(args);
                }
            }
        }
        return found;
    }

    /** Splits a shell line into words, keeping quoted text together and |, ;, ) as words of their own. */
    static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && cur.length() == 0) {
                break; // a comment runs to the end of the line
            } else if (Character.isWhitespace(c) || c == '|' || c == ';' || c == ')' || c == '(') {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
                if (!Character.isWhitespace(c)) {
                    out.add(String.valueOf(c));
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    static void assertParses(List<String> args) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        try {
            Cli.commandLine(sink, sink, Environment.live()).parseArgs(args.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError("'portaudit " + String.join(" ", args) + "' does not parse: " + e.getMessage());
        }
    }

}
