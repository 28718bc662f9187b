package dev.portaudit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The training run behind the launcher's class-data-sharing archive: it runs the common commands
 * once, with their output discarded, so the archive holds the classes they load. Never shown in help.
 */
@Command(name = "cds-train", hidden = true, description = "Run common commands once for a class-data-sharing archive.")
final class CdsTrainCommand implements Callable<Integer> {

    private final Environment env;

    CdsTrainCommand(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        Path dir = Files.createTempDirectory("portaudit-cds");
        try {
            Path policy = dir.resolve("policy.yaml");
            try (InputStream in = getClass().getClassLoader()
                    .getResourceAsStream("portaudit/rules/examples/web-server.yaml")) {
                if (in != null) {
                    Files.write(policy, in.readAllBytes());
                }
            }
            for (List<String> args : List.of(List.of("scan", "--format", "json"), List.of("scan"),
                    List.of("scan", "--policy", policy.toString(), "--format", "sarif"), List.of("lookup", "22"),
                    List.of("policy", "validate", policy.toString()))) {
                Cli.run(args.toArray(new String[0]), sink, sink, env);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
        return ExitCode.CLEAN.code();
    }
}
