package dev.portaudit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where a run's settings come from, highest first: the command line, then {@code PORTAUDIT_*}
 * variables, then the configuration files ({@code /etc/portaudit/policy.yaml}, then the user's
 * {@code ~/.config/portaudit/policy.yaml}), then the built-in defaults. {@code -v} says which.
 */
final class Configuration {

    static final String POLICY_FILE = "policy.yaml";
    static final String POLICY_VARIABLE = "PORTAUDIT_POLICY";
    static final String NO_DEFAULT_POLICY_VARIABLE = "PORTAUDIT_NO_DEFAULT_POLICY";
    /** The options a variable may set, in any command that has them (they mean the same in each). */
    static final Set<String> FROM_VARIABLES = Set.of("--baseline", "--rules", "--collector");
    /**
     * Those a variable may set for {@code scan} only: {@code report} and {@code lookup} have a --format of
     * their own, with other formats. The other options are choices of one run: command line only.
     */
    static final Set<String> SCAN_FROM_VARIABLES = Set.of("--format", "--fail-on", "--fail-on-incomplete",
            "--min-severity");

    private Configuration() {
    }

    /** "PORTAUDIT_FAIL_ON" for --fail-on. */
    static String variableFor(String option) {
        return "PORTAUDIT_" + option.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** Gives the options of {@link #FROM_VARIABLES} their variable's value when the command line has none. */
    static CommandLine.IDefaultValueProvider defaults(Environment env) {
        return (ArgSpec arg) -> {
            if (arg instanceof OptionSpec o && fromVariable(o)) {
                return env.variable(variableFor(o.longestName())).orElse(null);
            }
            return null;
        };
    }

    static boolean fromVariable(OptionSpec o) {
        String name = o.longestName();
        return FROM_VARIABLES.contains(name) || SCAN_FROM_VARIABLES.contains(name) && o.command() != null
                && "scan".equals(o.command().name());
    }

    /** A policy file and why it was read. */
    record PolicySource(Path file, String origin) {
    }

    /**
     * The policy files a run merges over the bundled defaults: those of --policy; else those of
     * PORTAUDIT_POLICY (separated by ':'); else, unless opted out, the system file and the user's, those
     * that exist.
     */
    static List<PolicySource> policies(List<Path> flags, boolean noDefault, Environment env) {
        List<PolicySource> out = new ArrayList<>();
        if (!flags.isEmpty()) {
            flags.forEach(f -> out.add(new PolicySource(f, "--policy")));
            return out;
        }
        Optional<String> variable = env.variable(POLICY_VARIABLE);
        if (variable.isPresent()) {
            for (String f : variable.get().split(":")) {
                if (!f.isEmpty()) {
                    out.add(new PolicySource(Path.of(f), POLICY_VARIABLE));
                }
            }
            return out;
        }
        boolean optedOut = noDefault || env.variable(NO_DEFAULT_POLICY_VARIABLE)
                .map(v -> !v.equals("0") && !v.equalsIgnoreCase("false")).orElse(false);
        if (optedOut) {
            return out;
        }
        env.configDir().map(d -> d.resolve(POLICY_FILE)).filter(Files::exists)
                .ifPresent(f -> out.add(new PolicySource(f, "system configuration")));
        userConfig(env).map(d -> d.resolve(POLICY_FILE)).filter(Files::exists)
                .ifPresent(f -> out.add(new PolicySource(f, "user configuration")));
        return out;
    }

    /** $XDG_CONFIG_HOME/portaudit, else ~/.config/portaudit; none without either variable or without a system directory. */
    static Optional<Path> userConfig(Environment env) {
        if (env.configDir().isEmpty()) {
            return Optional.empty(); // a run that reads no configuration reads no user's either
        }
        return env.variable("XDG_CONFIG_HOME").map(Path::of)
                .or(() -> env.variable("HOME").map(h -> Path.of(h, ".config")))
                .filter(Path::isAbsolute).map(p -> p.resolve("portaudit"));
    }

    /** What -v prints: each setting that came from outside the command line, and from where. */
    static List<String> describe(CommandLine.ParseResult parsed, Environment env, List<PolicySource> policies) {
        List<String> lines = new ArrayList<>();
        for (OptionSpec o : parsed.commandSpec().options()) {
            String name = o.longestName();
            if (fromVariable(o) && !parsed.hasMatchedOption(name)
                    && env.variable(variableFor(name)).isPresent()) {
                lines.add(name + " " + env.variable(variableFor(name)).get() + " (from " + variableFor(name) + ")");
            }
        }
        if (policies.isEmpty()) {
            lines.add("policy: the built-in defaults only");
        }
        policies.forEach(p -> lines.add("policy: " + p.file() + " (" + p.origin() + ")"));
        return lines;
    }
}
