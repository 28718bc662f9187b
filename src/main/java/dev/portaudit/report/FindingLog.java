package dev.portaudit.report;

import dev.portaudit.model.Finding;
import dev.portaudit.model.Fingerprints;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Report;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One log event per finding on the logger {@value #LOGGER}, with the finding's fields as key-value
 * pairs, so an existing log pipeline can take them (see dist/logback/). Findings are logged at
 * INFO, waived ones at DEBUG; the default configuration leaves the logger quiet.
 */
public final class FindingLog {

    public static final String LOGGER = "portaudit.findings";

    private FindingLog() {
    }

    /** Callers that keep logging off until it is wanted (the command line) ask before calling this. */
    public static void log(Report r) {
        if (r.findings().isEmpty()) {
            return;
        }
        Logger log = LoggerFactory.getLogger(LOGGER);
        for (Finding f : r.findings()) {
            LoggingEventBuilder e = f.waived() ? log.atDebug() : log.atInfo();
            if (!(f.waived() ? log.isDebugEnabled() : log.isInfoEnabled())) {
                continue;
            }
            Listener l = f.listener();
            e = e.addKeyValue("event", "finding")
                    .addKeyValue("host", r.host().hostname())
                    .addKeyValue("rule", f.rule())
                    .addKeyValue("severity", f.severity().id())
                    .addKeyValue("protocol", l.protocol().id())
                    .addKeyValue("address", l.address())
                    .addKeyValue("port", l.port())
                    .addKeyValue("exposure", l.exposure().id())
                    .addKeyValue("fingerprint", Fingerprints.of(f))
                    .addKeyValue("waived", f.waived());
            if (l.primaryOwner().isPresent()) {
                e = e.addKeyValue("pid", l.primaryOwner().get().pid())
                        .addKeyValue("process", l.primaryOwner().get().name())
                        .addKeyValue("user", l.primaryOwner().get().userLabel())
                        .addKeyValue("executable", l.primaryOwner().get().executable());
            }
            e.log(TerminalText.safe(f.message())); // the key-value pairs keep names exact
        }
    }
}
