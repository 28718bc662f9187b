package dev.portaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/**
 * The README and the pages under docs/ stay true: every portaudit command they show parses with the
 * real command line, every option they name inline exists, and every link between them resolves.
 */
class DocsTest {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern INLINE = Pattern.compile("`(?:[\\w./-]*/)?portaudit ([^`]+)`");

    /** The README, every page of docs/ and the rules' README. */
    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), Path.of("rules/README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertTrue(pages.size() >= 10, "the pages are there: " + pages);
        return pages;
    }

    /** Shell blocks whole, and the lines of other blocks typed at a prompt ({@code $ portaudit ...}). */
    static List<String> shellText(String markdown) {
        List<String> out = new ArrayList<>();
        String fence = null;
        StringBuilder block = new StringBuilder();
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                if (fence == null) {
                    fence = line.substring(3).strip();
                    block.setLength(0);
                } else {
                    out.add(block.toString());
                    fence = null;
                }
            } else if (fence != null && (fence.equals("sh") || fence.equals("bash"))) {
                block.append(line).append('\n');
            } else if (fence != null && line.startsWith("$ ")) {
                block.append(line.substring(2)).append('\n');
            }
        }
        return out;
    }

    @Test
    void everyCommandShownParses() throws IOException {
        int commands = 0;
        for (Path page : pages()) {
            for (String block : shellText(Files.readString(page))) {
                for (List<String> args : ShellCommands.invocations(block)) {
                    try {
                        ShellCommands.assertParses(args);
                    } catch (AssertionError e) {
                        throw new AssertionError(page + ": " + e.getMessage(), e);
                    }
                    commands++;
                }
            }
        }
        assertTrue(commands >= 25, "the pages show portaudit's commands: " + commands + " found");
    }

    @Test
    void everyOptionNamedInlineExists() throws IOException {
        List<String> problems = new ArrayList<>();
        int spans = 0;
        for (Path page : pages()) {
            Matcher m = INLINE.matcher(Files.readString(page));
            while (m.find()) {
                spans++;
                unknownOption(m.group(1)).ifPresent(p -> problems.add(page + ": `portaudit " + m.group(1) + "`: " + p));
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(spans >= 10, "inline commands found: " + spans);
    }

    /** The first word of a command fragment that is not an option of the command it names, if any. */
    static Optional<String> unknownOption(String fragment) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        CommandLine cmd = Cli.commandLine(sink, sink, Environment.live());
        for (String raw : ShellCommands.tokens(fragment)) {
            String word = raw.replace("[", "").replace("]", "");
            if (cmd.getSubcommands().containsKey(word)) {
                cmd = cmd.getSubcommands().get(word);
                continue;
            }
            if (!word.startsWith("-") || word.equals("-")) {
                continue;
            }
            String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            CommandSpec spec = cmd.getCommandSpec();
            boolean known = spec.findOption(name) != null || (name.matches("-[A-Za-z]{2,}")
                    && name.substring(1).chars().allMatch(c -> spec.findOption((char) c) != null));
            if (!known) {
                return Optional.of("no option " + name + " in '" + spec.qualifiedName() + "'");
            }
        }
        return Optional.empty();
    }

    @Test
    void linksResolve() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages()) {
            Matcher m = LINK.matcher(withoutCode(Files.readString(page)));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // https:, mailto: — outside the repository
                }
                links++;
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : "";
                Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (!anchor.isEmpty() && !anchors(Files.readString(resolved)).contains(anchor)) {
                    broken.add(page + ": " + target + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
        assertTrue(links >= 20, "links found: " + links);
    }

    @Test
    void theReadmeIsReadInFiveMinutes() throws IOException {
        long lines = Files.readAllLines(Path.of("README.md")).size();
        assertTrue(lines <= 200, "README.md has " + lines + " lines; move detail to a page under docs/");
    }

    @Test
    void theChecksCanFail() {
        assertThrows(AssertionError.class, () -> ShellCommands.invocations(String.join("\n",
                shellText("```sh\nportaudit scan --fail-on severe\n```\n"))).forEach(ShellCommands::assertParses));
        assertEquals(List.of(List.of("policy", "validate", "site.yaml")),
                ShellCommands.invocations(shellText("```\n$ portaudit policy validate site.yaml\n"
                        + "portaudit: site.yaml:4:3: unknown rule\n```\n").get(0)));
        assertTrue(unknownOption("agent --journal-max-sise 4M").isPresent());
        assertTrue(unknownOption("scan -vv --fail-on-incomplete").isEmpty());
        assertEquals(Set.of("the-agent", "findings-in-the-log", "json-report", "a-b"),
                anchors("# The agent\n## Findings in the log\n### JSON report\n```\n# not a heading\n```\n## A, b\n"));
    }

    /** GitHub's anchors for the headings of a page: lower case, punctuation dropped, spaces as dashes. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        for (String line : withoutCode(markdown).split("\n")) {
            if (line.matches("#{1,6} .*")) {
                anchors.add(line.replaceFirst("#+ ", "").strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    /** The page without its fenced code blocks, where '#' and '[...](...)' are not markdown. */
    private static String withoutCode(String markdown) {
        StringBuilder b = new StringBuilder();
        boolean code = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                code = !code;
            } else if (!code) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }
}
