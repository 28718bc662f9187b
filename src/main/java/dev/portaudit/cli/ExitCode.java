package dev.portaudit.cli;

import dev.portaudit.model.Verdict;

/** The process exit codes, shown in {@code --help}. */
public enum ExitCode {
    CLEAN(0, "clean: no finding at or above --fail-on"),
    FINDINGS(1, "findings at or above --fail-on"),
    USAGE(2, "usage error, or invalid input (rules, table sources, arguments)"),
    RUNTIME(3, "runtime error: collection failed or output could not be written"),
    INCOMPLETE(4, "collection incomplete (something could not be seen) and --fail-on-incomplete given");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The code for a run's outcome, as the exit policy decided it. */
    public static ExitCode of(Verdict.Outcome outcome) {
        return switch (outcome) {
            case CLEAN -> CLEAN;
            case FINDINGS -> FINDINGS;
            case INCOMPLETE -> INCOMPLETE;
        };
    }
}
