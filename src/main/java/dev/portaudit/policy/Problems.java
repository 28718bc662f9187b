package dev.portaudit.policy;

import dev.portaudit.model.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Errors and warnings found in our own input files, each with its position. They are reported
 * file by file (in the order the files were read), then by line and column.
 */
public final class Problems {

    private record Problem(String source, int line, int column, String text) {
    }

    private final List<Problem> errors = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();
    private final Map<String, Integer> fileOrder = new LinkedHashMap<>();

    public void error(String source, Node at, String message) {
        errors.add(problem(source, at, message));
    }

    public void warning(String source, Node at, String message) {
        warnings.add(problem(source, at, "warning: " + message));
    }

    /** A problem already phrased with its position. */
    public void error(String message) {
        errors.add(new Problem("", Integer.MAX_VALUE, 0, message));
    }

    public void addAll(InvalidInputException e) {
        e.problems().forEach(this::error);
    }

    private Problem problem(String source, Node at, String message) {
        fileOrder.putIfAbsent(source, fileOrder.size());
        Mark m = at == null ? null : at.getStartMark();
        return new Problem(source, m == null ? 0 : m.getLine(), m == null ? 0 : m.getColumn(),
                SafeYaml.at(source, m) + ": " + message);
    }

    private List<String> sorted(List<Problem> list) {
        return list.stream().sorted(Comparator.<Problem>comparingInt(p -> fileOrder.getOrDefault(p.source(),
                        Integer.MAX_VALUE)).thenComparingInt(Problem::line).thenComparingInt(Problem::column))
                .map(Problem::text).toList();
    }

    public List<String> errors() {
        return sorted(errors);
    }

    public List<String> warnings() {
        return sorted(warnings);
    }

    public int errorCount() {
        return errors.size();
    }

    /** Throws every error at once; warnings travel with it. */
    public void throwIfErrors() {
        if (!errors.isEmpty()) {
            List<String> all = new ArrayList<>(errors());
            all.addAll(warnings());
            throw new InvalidInputException(all);
        }
    }
}
