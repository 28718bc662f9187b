package dev.portaudit.cli;

import dev.portaudit.audit.Pipeline;
import dev.portaudit.collect.EarlyScan;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.report.TerminalText;
import dev.portaudit.util.Logs;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/** Builds the command line and maps every outcome to an exit code; never lets a stack trace out. */
public final class Cli {


    private Cli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        EarlyScan.startIfPlainScan(args); // the host is read while the command is built
        return run(args, out, err, Environment.live());
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Environment env) {
        CommandLine cmd = commandLine(args.length > 0 ? args[0] : "", out, err, env);
        return cmd.execute(args);
    }

    /** The commands, in the order --help lists them. */
    private static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("scan", ScanCommand.class);
        m.put("agent", AgentCommand.class);
        m.put("report", ReportCommand.class);
        m.put("journal", JournalCommand.class);
        m.put("lookup", LookupCommand.class);
        m.put("policy", PolicyCommand.class);
        m.put("baseline", BaselineCommand.class);
        m.put("table", TableCommand.class);
        return m;
    }

    /** The whole command tree. */
    static CommandLine commandLine(PrintStream out, PrintStream err, Environment env) {
        return commandLine("", out, err, env);
    }

    /**
     * The command tree for a run whose first argument is {@code first}. Building a command's model
     * costs start-up time, so a run of one known command builds only that one; anything else (help,
     * completion, an unknown word) gets the whole tree.
     */
    static CommandLine commandLine(String first, PrintStream out, PrintStream err, Environment env) {
        Factory factory = new Factory(out, err, env);
        CommandLine cmd = new CommandLine(new PortauditCommand(), factory);
        try {
            if (first.equals("--version") || first.equals("-V")) {
                // the version needs no commands
            } else if (first.equals("cds-train")) {
                cmd.addSubcommand(first, new CommandLine(new CdsTrainCommand(env), factory));
            } else if (COMMANDS.containsKey(first)) {
                cmd.addSubcommand(first, new CommandLine(factory.create(COMMANDS.get(first)), factory));
            } else if (first.equals("manpage")) {
                addAll(cmd, factory);
                // hidden: the release build writes the manual page with it
                CommandSpec man = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> {
                    out.print(ManPage.render(cmd, Version.get()));
                    out.flush();
                    return ExitCode.CLEAN.code();
                });
                man.usageMessage().hidden(true);
                cmd.addSubcommand("manpage", man);
            } else {
                addAll(cmd, factory);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the command line", e);
        }
        cmd.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cmd.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setDefaultValueProvider(Configuration.defaults(env));
        cmd.setParameterExceptionHandler(Cli::usageError);
        cmd.setExecutionExceptionHandler((ex, line, parseResult) -> failure(ex, line));
        Map<String, String> codes = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) {
            codes.put(Integer.toString(c.code()), c.meaning());
        }
        applyExitCodes(cmd, codes);
        return cmd;
    }

    /** Every command of the tree, with help and completion. */
    private static void addAll(CommandLine cmd, Factory factory) throws Exception {
        for (Map.Entry<String, Class<?>> c : COMMANDS.entrySet()) {
            cmd.addSubcommand(c.getKey(), new CommandLine(factory.create(c.getValue()), factory));
        }
        cmd.addSubcommand("help", new CommandLine.HelpCommand());
        CommandLine completion = new CommandLine(new picocli.AutoComplete.GenerateCompletion());
        completion.getCommandSpec().usageMessage().hidden(false)
                .description("Print a bash/zsh completion script: source <(portaudit completion)");
        cmd.addSubcommand("completion", completion);
    }

    private static void applyExitCodes(CommandLine cmd, Map<String, String> codes) {
        CommandSpec spec = cmd.getCommandSpec();
        if (spec.usageMessage().exitCodeList().isEmpty()) { // a command with a verdict of its own keeps its list
            spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        }
        for (CommandLine sub : cmd.getSubcommands().values()) {
            applyExitCodes(sub, codes);
        }
    }

    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("portaudit: " + TerminalText.safe(String.valueOf(ex.getMessage())));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        }
        err.flush();
        return ExitCode.USAGE.code();
    }

    private static int failure(Exception ex, CommandLine cmd) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof InvalidInputException invalid) {
            for (String p : invalid.problems()) {
                err.println("portaudit: " + TerminalText.safe(p));
            }
            err.flush();
            return ExitCode.USAGE.code();
        }
        if (ex instanceof CommandLine.ParameterException pe) {
            return usageError(pe, new String[0]);
        }
        if (ex instanceof Pipeline.CollectionFailedException cf) {
            return failure(new RuntimeFailure(cf.getMessage(), cf.getCause()), cmd);
        }
        if (ex instanceof RuntimeFailure rf) {
            err.println("portaudit: " + TerminalText.safe(String.valueOf(rf.getMessage())));
            err.flush();
            if (Logs.verbose()) {
                LoggerFactory.getLogger(Cli.class).debug("runtime failure", rf);
            }
            return ExitCode.RUNTIME.code();
        }
        err.println("portaudit: internal error: " + TerminalText.safe(ex.toString()) + " (run with -vv for details)");
        err.flush();
        if (Logs.verbose()) {
            LoggerFactory.getLogger(Cli.class).debug("internal error", ex);
        }
        return ExitCode.RUNTIME.code();
    }

    /** Supplies commands with the streams and environment of this run. */
    private record Factory(PrintStream out, PrintStream err, Environment env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == ScanCommand.class) {
                return cls.cast(new ScanCommand(out, err, env));
            }
            if (cls == LookupCommand.class) {
                return cls.cast(new LookupCommand(out, err));
            }
            if (cls == PolicyCommand.Validate.class) {
                return cls.cast(new PolicyCommand.Validate(out, err, env.clock()));
            }
            if (cls == BaselineCommand.Save.class) {
                return cls.cast(new BaselineCommand.Save(err, env));
            }
            if (cls == AgentCommand.class) {
                return cls.cast(new AgentCommand(err, env));
            }
            if (cls == ReportCommand.class) {
                return cls.cast(new ReportCommand(out, err, env.clock()));
            }
            if (cls == JournalCommand.Keygen.class) {
                return cls.cast(new JournalCommand.Keygen(out));
            }
            if (cls == JournalCommand.Verify.class) {
                return cls.cast(new JournalCommand.Verify(out));
            }
            if (cls == TableImportCommand.class) {
                return cls.cast(new TableImportCommand(err));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
