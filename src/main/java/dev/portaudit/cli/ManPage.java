package dev.portaudit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The manual page, written in roff from the command tree itself, so every command, option and
 * exit code in it is the one the program parses. Hidden commands and options stay out of it.
 */
final class ManPage {

    private ManPage() {
    }

    static String render(CommandLine root, String version) {
        StringBuilder m = new StringBuilder();
        CommandSpec spec = root.getCommandSpec();
        m.append(".TH PORTAUDIT 1 \"\" ").append(quoted("portaudit " + version)).append(" \"User Commands\"\n");
        m.append(".SH NAME\nportaudit \\- audit the ports this host listens on and who holds them\n");
        m.append(".SH SYNOPSIS\n.B portaudit\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n.br\n.B portaudit\n")
                .append("[\\fB\\-h\\fR | \\fB\\-\\-help\\fR | \\fB\\-V\\fR | \\fB\\-\\-version\\fR]\n");
        m.append(".SH DESCRIPTION\n");
        paragraphs(m, spec.usageMessage().description());
        m.append(text("Each command below has its own options; portaudit COMMAND --help prints them too.")).append('\n');
        m.append(".SH COMMANDS\n");
        for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
            command(m, e.getValue(), "portaudit " + e.getKey());
        }
        m.append(".SH EXIT STATUS\n");
        for (Map.Entry<String, String> c : spec.usageMessage().exitCodeList().entrySet()) {
            m.append(".TP\n.B ").append(c.getKey()).append('\n').append(text(c.getValue().strip())).append('\n');
        }
        m.append(".SH ENVIRONMENT\n");
        item(m, "JAVA_HOME", "The Java runtime (17 or newer) to run; otherwise java on the PATH.");
        item(m, "PORTAUDIT_JAVA_OPTS", "Extra options for the Java virtual machine.");
        item(m, "PORTAUDIT_CDS", "off runs without the class-data-sharing archive that shortens start-up.");
        item(m, "PORTAUDIT_CDS_DIR", "Where the class-data-sharing archive is looked for and made first.");
        item(m, "PORTAUDIT_JAR", "The portaudit.jar to run instead of the installed one.");
        m.append(".SH FILES\n");
        item(m, "/etc/portaudit/policy.yaml", "The local policy; name it with --policy. Kept when the package is "
                + "upgraded or removed.");
        item(m, "/etc/default/portaudit", "Options of the systemd units: PORTAUDIT_AGENT_OPTS and PORTAUDIT_REPORT_OPTS.");
        item(m, "/usr/share/portaudit/rules", "The bundled rules: the port table, the service catalog, example policies.");
        item(m, "/var/cache/portaudit", "The class-data-sharing archive made at installation.");
        item(m, "~/.cache/portaudit", "The archive made on a user's first run when no installed one fits the Java runtime.");
        m.append(".SH EXAMPLES\n");
        item(m, "portaudit scan", "What listens here, who holds it, and what is wrong with it.");
        item(m, "portaudit scan --policy /etc/portaudit/policy.yaml --fail-on high --output sarif=scan.sarif",
                "A CI gate: fail on high findings and keep a SARIF report.");
        item(m, "portaudit lookup 5432/tcp", "What the port table says about a port.");
        m.append(".SH SEE ALSO\n.BR ss (8),\n.BR lsof (8),\n.BR systemd.service (5)\n");
        return m.toString();
    }

    private static void command(StringBuilder m, CommandLine cmd, String name) {
        CommandSpec spec = cmd.getCommandSpec();
        if (spec.usageMessage().hidden()) {
            return;
        }
        m.append(".SS ").append(quoted(name)).append('\n');
        paragraphs(m, spec.usageMessage().description());
        List<PositionalParamSpec> positionals = new ArrayList<>();
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                positionals.add(p);
            }
        }
        for (PositionalParamSpec p : positionals) {
            m.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n");
            m.append(text(description(p))).append('\n');
        }
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            m.append(".TP\n");
            List<String> names = new ArrayList<>();
            for (String n : o.names()) {
                names.add("\\fB" + escape(n) + "\\fR");
            }
            m.append(String.join(", ", names));
            if (o.arity().max() > 0) {
                m.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
            }
            m.append('\n').append(text(description(o))).append('\n');
        }
        for (Map.Entry<String, CommandLine> e : cmd.getSubcommands().entrySet()) {
            command(m, e.getValue(), name + " " + e.getKey());
        }
    }

    /** An argument's description with picocli's variables filled in, as --help shows it. */
    private static String description(ArgSpec arg) {
        String d = String.join(" ", arg.description());
        String defaultValue = arg.defaultValueString();
        d = d.replace("${DEFAULT-VALUE}", defaultValue == null ? "" : defaultValue);
        StringBuilder candidates = new StringBuilder();
        if (arg.completionCandidates() != null) {
            for (String c : arg.completionCandidates()) {
                candidates.append(candidates.length() == 0 ? "" : ", ").append(c);
            }
        }
        return d.replace("${COMPLETION-CANDIDATES}", candidates).replace("%n", " ");
    }

    private static void paragraphs(StringBuilder m, String[] lines) {
        String joined = String.join("\n", lines).replace("%n", "\n").strip();
        for (String para : joined.split("\n\\s*\n")) {
            if (!para.isBlank()) {
                m.append(".PP\n").append(text(para.replace('\n', ' '))).append('\n');
            }
        }
    }

    private static void item(StringBuilder m, String tag, String body) {
        m.append(".TP\n.B ").append(escape(tag)).append('\n').append(text(body)).append('\n');
    }

    /** Running text: escaped, and kept from starting a line with a control character. */
    static String text(String s) {
        String e = escape(s.strip());
        return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
    }

    /**
     * Roff's special characters: the escape character itself and the hyphen, which roff may hyphenate;
     * anything beyond ASCII as a named Unicode character, which every roff reads (a raw one it may not).
     */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> b.append("\\e");
                case '-' -> b.append("\\-");
                case '\n', '\r' -> b.append(' ');
                default -> {
                    if (c < 0x80) {
                        b.append((char) c);
                    } else {
                        b.append(String.format("\\[u%04X]", c));
                    }
                }
            }
        });
        return b.toString();
    }

    private static String quoted(String s) {
        return "\"" + escape(s).replace("\"", "\\(dq") + "\"";
    }
}
