package dev.portaudit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Applies the command line's verbosity to Logback: warnings by default, -v info, -vv debug. */
final class LoggingSetup {

    private LoggingSetup() {
    }

    static void apply(int verbosity) {
        if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx)) {
            return;
        }
        Level level = verbosity >= 2 ? Level.DEBUG : verbosity == 1 ? Level.INFO : Level.WARN;
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);
        ctx.getLogger("oshi").setLevel(verbosity >= 2 ? Level.DEBUG : Level.ERROR);
    }
}
