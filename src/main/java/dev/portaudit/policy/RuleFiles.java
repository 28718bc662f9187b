package dev.portaudit.policy;

import dev.portaudit.model.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The files of a rules directory: the one given with --rules, or the copy bundled in the jar. */
public record RuleFiles(Optional<Path> dir) {

    public static final String BUNDLED = "portaudit/rules/";
    public static final RuleFiles BUNDLED_RULES = new RuleFiles(Optional.empty());

    /** How a bundled file is named in messages and checkpoints. */
    public static final String BUNDLED_SOURCE = "bundled:";

    public SafeYaml.Document yaml(String name) {
        if (dir.isPresent()) {
            return SafeYaml.read(dir.get().resolve(name));
        }
        return SafeYaml.parse(bytes(name), BUNDLED_SOURCE + name);
    }

    /** The directory's file if it has one, else the bundled one: for files a site's older directory may lack. */
    public SafeYaml.Document yamlOrBundled(String name) {
        return dir.isPresent() && !Files.exists(dir.get().resolve(name)) ? BUNDLED_RULES.yaml(name) : yaml(name);
    }

    /** A bundled file's bytes (the directory's are read, size-checked, by {@link SafeYaml#read}). */
    byte[] bytes(String name) {
        try (InputStream in = RuleFiles.class.getClassLoader().getResourceAsStream(BUNDLED + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar is incomplete: " + BUNDLED + name + " is missing");
            }
            return in.readNBytes(SafeYaml.MAX_BYTES + 1);
        } catch (IOException e) {
            throw new InvalidInputException(BUNDLED_SOURCE + name + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
