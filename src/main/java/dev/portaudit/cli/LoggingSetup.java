package dev.portaudit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.portaudit.util.Logs;
import org.slf4j.LoggerFactory;

/**
 * Applies the command line's verbosity to Logback: warnings by default, -v info, -vv debug. A
 * configuration the user points Logback at (-Dlogback.configurationFile) is left as it is.
 */
final class LoggingSetup {

    private LoggingSetup() {
    }

    static void apply(int verbosity) {
        boolean custom = System.getProperty("logback.configurationFile") != null;
        Logs.verbose(verbosity > 0 || custom);
        if (verbosity == 0 || custom) {
            return;  // the built-in configuration already says WARN; do not start logging for nothing
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        Level level = verbosity >= 2 ? Level.DEBUG : verbosity == 1 ? Level.INFO : Level.WARN;
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);
        ctx.getLogger("oshi").setLevel(verbosity >= 2 ? Level.DEBUG : Level.ERROR);
    }

    /** The agent reports what it sees: its own progress and every journal event at INFO at least. */
    static void agent(int verbosity) {
        apply(verbosity);
        Logs.verbose(true);
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)
                || System.getProperty("logback.configurationFile") != null) {
            return;
        }
        Level level = verbosity >= 2 ? Level.DEBUG : Level.INFO;
        ctx.getLogger("dev.portaudit.agent").setLevel(level);
        ctx.getLogger("portaudit.events").setLevel(Level.INFO);
    }
}
