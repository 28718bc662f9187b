package dev.portaudit.policy;

import dev.portaudit.model.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Errors and warnings found in our own input files, each with its position. */
public final class Problems {

    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public void error(String source, Node at, String message) {
        errors.add(SafeYaml.at(source, at == null ? null : at.getStartMark()) + ": " + message);
    }

    public void warning(String source, Node at, String message) {
        warnings.add(SafeYaml.at(source, at == null ? null : at.getStartMark()) + ": warning: " + message);
    }

    public void error(String message) {
        errors.add(message);
    }

    public void addAll(InvalidInputException e) {
        errors.addAll(e.problems());
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Throws every error at once; warnings travel with it. */
    public void throwIfErrors() {
        if (!errors.isEmpty()) {
            List<String> all = new ArrayList<>(errors);
            all.addAll(warnings);
            throw new InvalidInputException(all);
        }
    }
}
