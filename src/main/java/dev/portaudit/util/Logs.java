package dev.portaudit.util;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging that costs nothing until something is worth logging. Starting the logging framework
 * takes tens of milliseconds; a default command-line run logs nothing below WARN, so progress
 * messages ask {@link #verbose()} before touching a logger, and loggers are fetched when first used.
 */
public final class Logs {

    private static volatile boolean verbose = true;

    private Logs() {
    }

    /** Whether INFO and DEBUG messages can reach a log at all. The command line narrows this. */
    public static boolean verbose() {
        return verbose;
    }

    /** Set by the command line: false for a default run with the built-in configuration. */
    public static void verbose(boolean on) {
        verbose = on;
    }

    /** The logger for a class, fetched now (for messages that are always wanted, such as warnings). */
    public static Logger of(Class<?> c) {
        return LoggerFactory.getLogger(c);
    }
}
