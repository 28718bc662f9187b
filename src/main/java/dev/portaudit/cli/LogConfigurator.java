package dev.portaudit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.portaudit.agent.logging.JournalStream;

/**
 * The default logging, set up in code rather than from an XML file so that a command-line run does
 * not pay for an XML parser: warnings and errors on stderr as {@code portaudit: LEVEL logger: message},
 * nothing on stdout. A configuration named with {@code -Dlogback.configurationFile} (see
 * dist/logback/) takes over instead.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        PlainLayout layout = new PlainLayout();
        layout.setContext(ctx);
        layout.start();
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(ctx);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        ctx.getLogger("oshi").setLevel(Level.ERROR);
        ctx.getLogger("portaudit.findings").setLevel(Level.OFF);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * {@code portaudit: WARN Journal: message}, with the exception's one-line summary when there is one;
     * under systemd, led by journald's priority prefix ({@code <4>}) so the journal files it at its level.
     */
    static final class PlainLayout extends LayoutBase<ILoggingEvent> {
        private final boolean journal;

        PlainLayout() {
            this(JournalStream.stderr());
        }

        PlainLayout(boolean journal) {
            this.journal = journal;
        }

        @Override
        public String doLayout(ILoggingEvent e) {
            String logger = e.getLoggerName();
            String shortName = logger.substring(logger.lastIndexOf('.') + 1);
            StringBuilder b = new StringBuilder(96).append(journal ? JournalStream.prefix(e.getLevel()) : "")
                    .append("portaudit: ").append(e.getLevel()).append(' ')
                    .append(shortName).append(": ").append(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                b.append(" (").append(e.getThrowableProxy().getClassName()).append(": ")
                        .append(e.getThrowableProxy().getMessage()).append(')');
            }
            return b.append(System.lineSeparator()).toString();
        }
    }
}
