package dev.portaudit.cli;

import dev.portaudit.collect.Collector;
import dev.portaudit.model.Snapshot;
import dev.portaudit.testing.Scenarios;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Runs the command line in-process with fixed clocks (every scan takes 0 ms) and a snapshot instead of the host. */
public final class CliRunner {

    /** What one run printed and returned. */
    public record Run(int code, String out, String err) {
    }

    private CliRunner() {
    }

    public static Run run(Supplier<Snapshot> snapshot, String... args) {
        return run(snapshot, Map.of(), Optional.empty(), args);
    }

    /** A run with these environment variables and this system configuration directory. */
    public static Run run(Supplier<Snapshot> snapshot, Map<String, String> variables, Optional<Path> configDir,
            String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Collector collector = snapshot::get;
        Environment env = new Environment(() -> collector, Clock.fixed(Scenarios.AT, ZoneOffset.UTC), () -> 0L,
                variables, configDir);
        int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static Run run(String... args) {
        return run(Scenarios::mixed, args);
    }
}
