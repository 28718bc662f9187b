package dev.portaudit.cli;

/** A failure of the run itself (collection, writing output): exit code 3, message only. */
final class RuntimeFailure extends RuntimeException {
    RuntimeFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
