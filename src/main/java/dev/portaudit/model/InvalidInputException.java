package dev.portaudit.model;

import java.util.List;

/**
 * Input that the user gave us (a file, a value) is wrong. Carries every problem found, each
 * already phrased as {@code file:line:col: what is wrong (what is allowed)}. Maps to exit code 2.
 */
public class InvalidInputException extends RuntimeException {
    private final List<String> problems;

    public InvalidInputException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
