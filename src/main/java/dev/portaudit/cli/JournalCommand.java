package dev.portaudit.cli;

import dev.portaudit.agent.JournalKeys;
import dev.portaudit.agent.JournalVerifier;
import dev.portaudit.model.JournalVerification;
import dev.portaudit.report.Json;
import dev.portaudit.report.TerminalText;
import dev.portaudit.util.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "journal", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Prove the agent's journal whole: make the key its checkpoints are signed with, and verify a "
            + "journal against the public half.", ""},
        subcommands = {JournalCommand.Keygen.class, JournalCommand.Verify.class}, synopsisSubcommandLabel = "COMMAND")
final class JournalCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required (keygen, verify)");
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Make an Ed25519 key pair for the agent's --signing-key: the secret key readable by you "
                + "alone, the public key for the assessors who verify the journal.", ""})
    static final class Keygen implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--key", paramLabel = "FILE", defaultValue = "/etc/portaudit/journal.key",
                description = "Where the secret key goes, mode 0600 (default: ${DEFAULT-VALUE}).")
        Path key;

        @Option(names = "--public-key", paramLabel = "FILE",
                description = "Where the public key goes (default: the secret key's name + .pub).")
        Path publicKey;

        @Option(names = "--force", description = "Replace keys that exist (a journal signed with the old key then "
                + "verifies only with the old public key).")
        boolean force;

        private final PrintStream out;

        Keygen(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            Path pub = publicKey != null ? publicKey : key.resolveSibling(key.getFileName() + ".pub");
            if (pub.toAbsolutePath().normalize().equals(key.toAbsolutePath().normalize())) {
                throw new ParameterException(spec.commandLine(), "--public-key must not be the secret key's file");
            }
            for (Path p : new Path[] {key, pub}) {
                if (!force && Files.exists(p)) {
                    throw new ParameterException(spec.commandLine(), p + " exists; give --force to replace it");
                }
            }
            KeyPair pair = JournalKeys.generate();
            try {
                Path dir = key.toAbsolutePath().getParent();
                if (dir != null && !Files.isDirectory(dir)) {
                    Files.createDirectories(dir);
                }
                AtomicFiles.writePrivate(key, JournalKeys.pem(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII));
                AtomicFiles.write(pub, JournalKeys.pem(pair.getPublic()).getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new RuntimeFailure("cannot write the keys: " + AtomicFiles.describe(e), e);
            }
            out.println("key " + JournalKeys.id(pair.getPublic()));
            out.println("secret key: " + TerminalText.safe(key.toString()) + " (give it to 'portaudit agent "
                    + "--signing-key'; readable by its owner only)");
            out.println("public key: " + TerminalText.safe(pub.toString()) + " (give it to whoever verifies the "
                    + "journal: portaudit journal verify --public-key)");
            out.flush();
            return ExitCode.CLEAN.code();
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Check that the journal and its rotated files are whole: every line chained to the one "
                + "before by its hash, events counted without a gap, each checkpoint's signature good (with "
                + "--public-key), nothing cut from the end. Names the first bad event's sequence number.", ""},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:verified (or, without --public-key, the hash chain is intact)",
                "5:not whole: a line changed, removed or moved, a file missing, the tail cut, a signature that does "
                    + "not verify, or events written before the chain",
                "2:usage error, or a journal, key or state file that cannot be read",
                "3:an unexpected error (-vv logs it)"})
    static final class Verify implements Callable<Integer> {

        /** The verdict of its own this command has (DESIGN.md): listed in its --help. */
        static final int BROKEN = 5;

        @Spec
        CommandSpec spec;

        @Option(names = "--journal", paramLabel = "FILE", required = true,
                description = "The journal; its rotated files (FILE.<timestamp>) are read with it.")
        Path journal;

        @Option(names = "--public-key", paramLabel = "KEY",
                description = "The public key from 'portaudit journal keygen': check every checkpoint's signature, "
                        + "and require the last event to be covered by one.")
        Path publicKey;

        @Option(names = "--state", paramLabel = "FILE",
                description = "The agent's state file, which says how far the journal reached (default: the "
                        + "journal's name + .state, when it exists).")
        Path state;

        @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
                description = "text or json (default: ${DEFAULT-VALUE}).")
        String format;

        private final PrintStream out;

        Verify(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() throws IOException {
            if (!format.equals("text") && !format.equals("json")) {
                throw new ParameterException(spec.commandLine(), "--format " + format + " is not text or json");
            }
            Optional<PublicKey> key = Optional.ofNullable(publicKey).map(JournalKeys::readPublic);
            Path stateFile = state != null ? state : journal.resolveSibling(journal.getFileName() + ".state");
            if (state != null && !Files.exists(state)) {
                throw new ParameterException(spec.commandLine(), "--state " + state + ": no such file");
            }
            JournalVerification v = JournalVerifier.verify(journal, key, Optional.of(stateFile));
            if (format.equals("json")) {
                Json.write(JournalVerifier.json(v).put("journal", journal.toString()), out);
            } else {
                out.println(TerminalText.safe(journal + ": " + v.summary()));
                v.problem().ifPresent(p -> out.println("  at " + TerminalText.safe(p.where())));
                out.println("  " + v.files() + (v.files() == 1 ? " file, " : " files, ") + v.events() + " events, "
                        + v.checkpoints() + " checkpoints" + v.lastCheckpoint().map(t -> ", the last at " + t)
                                .orElse("") + (v.keys().isEmpty() ? "" : "; signed by " + String.join(", ", v.keys())));
                v.notes().forEach(note -> out.println("  note: " + TerminalText.safe(note)));
            }
            out.flush();
            return v.whole() ? ExitCode.CLEAN.code() : BROKEN;
        }
    }
}
