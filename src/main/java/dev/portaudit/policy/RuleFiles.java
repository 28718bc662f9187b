package dev.portaudit.policy;

import dev.portaudit.model.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/** The files of a rules directory: the one given with --rules, or the copy bundled in the jar. */
public record RuleFiles(Optional<Path> dir) {

    public static final String BUNDLED = "portaudit/rules/";
    public static final RuleFiles BUNDLED_RULES = new RuleFiles(Optional.empty());

    public SafeYaml.Document yaml(String name) {
        if (dir.isPresent()) {
            return SafeYaml.read(dir.get().resolve(name));
        }
        try (InputStream in = RuleFiles.class.getClassLoader().getResourceAsStream(BUNDLED + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar is incomplete: " + BUNDLED + name + " is missing");
            }
            return SafeYaml.parse(in.readNBytes(SafeYaml.MAX_BYTES + 1), "bundled:" + name);
        } catch (IOException e) {
            throw new InvalidInputException("bundled:" + name + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
