package dev.portaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The design's fences, read from the sources: each library is used only by the packages that own
 * it, each package depends only on the layers before it, and no class is named in full outside an
 * import (so the imports show every dependency). References are read from imports and from fully
 * qualified names in code alike; comments and string literals are not code.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/dev/portaudit");

    /** Library package prefix to the portaudit packages allowed to use it. */
    private static final Map<String, Set<String>> LIBRARIES = Map.ofEntries(
            Map.entry("oshi.", Set.of("collect")),
            Map.entry("com.sun.jna.", Set.of("collect")),
            Map.entry("picocli.", Set.of("cli")),
            Map.entry("ch.qos.logback.", Set.of("cli", "agent")),
            Map.entry("org.yaml.snakeyaml.", Set.of("policy")),
            // JSON is read or written as a file format: reports, journals, baselines, JSON snapshots, nft -j
            Map.entry("com.fasterxml.jackson.", Set.of("report", "agent", "policy", "collect", "firewall")),
            Map.entry("com.github.mustachejava.", Set.of("report")),
            Map.entry("io.prometheus.", Set.of("metrics")),
            Map.entry("at.favre.lib.", Set.of("metrics")),
            Map.entry("com.sun.net.httpserver.", Set.of("metrics")),
            Map.entry("sun.misc.", Set.of("cli")),
            Map.entry("java.io.", Set.of("collect", "ports", "policy", "report", "agent", "cli", "util", "firewall",
                    "metrics")));

    /** Each package and the portaudit packages it may use: collect/firewall → ports/policy → audit → report → agent → cli. */
    private static final Map<String, Set<String>> LAYERS = Map.ofEntries(
            Map.entry("model", Set.of()),
            Map.entry("util", Set.of()),
            Map.entry("collect", Set.of("model", "util")),
            Map.entry("firewall", Set.of("model", "util")),
            Map.entry("ports", Set.of("model", "util")),
            Map.entry("policy", Set.of("model", "ports", "util")),
            Map.entry("audit", Set.of("model", "collect", "firewall", "ports", "policy", "util")),
            Map.entry("report", Set.of("model")),
            Map.entry("agent", Set.of("model", "report", "util")),
            Map.entry("metrics", Set.of("model", "policy", "report", "agent", "util")),
            Map.entry("cli", Set.of("model", "util", "collect", "firewall", "ports", "policy", "audit", "report", "agent",
                    "metrics")));

    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.])((?:java|javax|jdk|sun|dev|com|org|oshi|picocli|ch|io)(?:\\.[a-z_][a-z0-9_]*)+)\\.[A-Z]");

    /** One reference to another package: where it is, and whether it is an import or a name in code. */
    record Ref(String file, String pkg, String target, boolean inCode) {
    }

    @Test
    void librariesStayInsideTheirFences() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Ref r : refs()) {
            LIBRARIES.forEach((prefix, allowed) -> {
                if ((r.target() + ".").startsWith(prefix) && !allowed.contains(r.pkg())) {
                    violations.add(r.file() + ": " + r.target());
                }
            });
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void packagesUseOnlyTheLayersBeforeThem() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Ref r : refs()) {
            if (r.target().startsWith("dev.portaudit.")) {
                String used = r.target().substring("dev.portaudit.".length()).split("\\.")[0];
                if (!used.equals(r.pkg()) && !LAYERS.getOrDefault(r.pkg(), Set.of()).contains(used)) {
                    violations.add(r.file() + " (" + r.pkg() + ") uses " + r.target());
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void modelUsesTheJdkOnlyAndReportsTheModelOnly() throws IOException {
        for (Ref r : refs()) {
            if (r.pkg().equals("model")) {
                assertTrue(r.target().startsWith("java.") || r.target().startsWith("dev.portaudit.model"),
                        r.file() + ": " + r.target());
            }
            if (r.pkg().equals("report") && r.target().startsWith("dev.portaudit.")) {
                assertTrue(r.target().startsWith("dev.portaudit.model") || r.target().startsWith("dev.portaudit.report"),
                        r.file() + ": " + r.target());
            }
        }
    }

    @Test
    void thePortTableDoesNotNeedItsImporter() throws IOException {
        for (Ref r : refs()) {
            if (r.target().startsWith("dev.portaudit.ports.importer")) {
                assertTrue(r.file().startsWith("ports/importer/") || r.pkg().equals("cli"),
                        r.file() + " uses the build-time importer: " + r.target());
            }
        }
    }

    @Test
    void classesAreNamedInFullOnlyInImports() throws IOException {
        List<String> inline = refs().stream().filter(Ref::inCode).map(r -> r.file() + ": " + r.target()).toList();
        assertEquals(List.of(), inline, "import the class instead, so the imports show the dependency");
    }

    /** The reader finds what the fences are about, so a test above cannot pass by reading nothing. */
    @Test
    void theReaderSeesImportsAndNamesInCodeButNotCommentsOrStrings() {
        String source = """
                package dev.portaudit.report;

                import dev.portaudit.audit.ExitPolicy;
                import static org.yaml.snakeyaml.Yaml.load;

                /** See {@link dev.portaudit.policy.RuleSpecs}. */
                final class Sneaky {
                    // oshi.SystemInfo is mentioned here only
                    String s = "picocli.CommandLine is text";
                    Object o = new com.fasterxml.jackson.databind.ObjectMapper();
                    int n = dev.portaudit.collect.LinuxProc.parsePid("1"); /* ch.qos.logback.X */
                }
                """;
        List<Ref> found = read("Sneaky.java", "report", source);
        Set<String> targets = new TreeSet<>();
        found.forEach(r -> targets.add(r.target() + (r.inCode() ? " (code)" : "")));
        assertEquals(new TreeSet<>(List.of("dev.portaudit.audit.ExitPolicy", "org.yaml.snakeyaml.Yaml",
                "com.fasterxml.jackson.databind (code)", "dev.portaudit.collect (code)")), targets);
    }

    private static List<Ref> refs() throws IOException {
        List<Ref> all = new ArrayList<>();
        Map<Path, String> sources = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                sources.put(p, Files.readString(p));
            }
        }
        sources.forEach((p, text) -> all.addAll(read(MAIN.relativize(p).toString(),
                MAIN.relativize(p).getName(0).toString(), text)));
        assertTrue(all.size() > 500, "the sources were read: " + all.size() + " references");
        return all;
    }

    /** The packages or classes a source refers to: imports name the class, code the package. */
    static List<Ref> read(String file, String pkg, String source) {
        List<Ref> refs = new ArrayList<>();
        for (String line : withoutCommentsAndStrings(source).split("\n")) {
            String t = line.strip();
            Matcher imp = Pattern.compile("^import (?:static )?([\\w.]+?)(?:\\.\\*)?;").matcher(t);
            if (imp.find()) {
                String target = imp.group(1);
                if (t.startsWith("import static ")) {
                    target = target.substring(0, target.lastIndexOf('.'));
                }
                refs.add(new Ref(file, pkg, target, false));
                continue;
            }
            if (t.startsWith("package ")) {
                continue;
            }
            Matcher m = QUALIFIED.matcher(line);
            while (m.find()) {
                refs.add(new Ref(file, pkg, m.group(1), true));
            }
        }
        return refs;
    }

    /** The source with comments and string, text-block and character literals blanked, lines kept. */
    static String withoutCommentsAndStrings(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                s.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> b.append('\n'));
                i = end;
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                end = end < 0 ? s.length() : end + 3;
                s.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> b.append('\n'));
                b.append("\"\"");
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c && s.charAt(j) != '\n') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                b.append(c).append(c);
                i = Math.min(j + 1, s.length());
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }
}
