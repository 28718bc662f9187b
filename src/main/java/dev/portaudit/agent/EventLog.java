package dev.portaudit.agent;

import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.Severity;
import dev.portaudit.report.TerminalText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Each journal event also goes to the log, on {@value #LOGGER}, with the journal's fields as
 * key-value pairs: findings raised at high or critical as WARN, everything else as INFO.
 */
final class EventLog {

    static final String LOGGER = "portaudit.events";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private EventLog() {
    }

    /** What was not seen is null, as in the JSON report, never an empty string that reads as a value. */
    private static String orNull(String s) {
        return s.isEmpty() ? null : s;
    }

    static void log(JournalEvent e) {
        log(e, LOG);
    }

    /** To this logger: the tests of the shipped logging configurations log as the agent does. */
    static void log(JournalEvent e, Logger logger) {
        boolean loud = e.type() == JournalEvent.Type.FINDING_RAISED
                && e.finding().orElseThrow().severity().atLeast(Severity.HIGH);
        LoggingEventBuilder b = loud ? logger.atWarn() : logger.atInfo();
        b = b.addKeyValue("event", e.type().id()).addKeyValue("seq", e.seq()).addKeyValue("host", e.host())
                .addKeyValue("protocol", e.listener().identity().protocol().id())
                .addKeyValue("address", e.listener().address())
                .addKeyValue("port", e.listener().identity().port())
                .addKeyValue("exposure", e.listener().identity().exposure().id())
                .addKeyValue("executable", orNull(e.listener().identity().executable()));
        if (e.listener().owner().isPresent()) {
            b = b.addKeyValue("pid", e.listener().owner().get().pid())
                    .addKeyValue("process", orNull(e.listener().owner().get().process()))
                    .addKeyValue("user", orNull(e.listener().owner().get().user()))
                    .addKeyValue("unit", orNull(e.listener().owner().get().unit()))
                    .addKeyValue("package", orNull(e.listener().owner().get().pkg()));
        }
        if (e.inventory()) {
            b = b.addKeyValue("inventory", true);
        }
        if (e.listener().reach().isPresent()) {
            b = b.addKeyValue("reach", e.listener().reach().get());
        }
        if (e.type() == JournalEvent.Type.EXPOSURE_CHANGED) {
            b = b.addKeyValue("previous_reach", e.previousReach().orElse(null));
        }
        String text = e.type().id() + " " + e.listener().endpoint();
        if (e.finding().isPresent()) {
            b = b.addKeyValue("rule", e.finding().get().rule()).addKeyValue("severity", e.finding().get().severity().id())
                    .addKeyValue("fingerprint", e.finding().get().fingerprint());
            text += " " + e.finding().get().rule() + " (" + e.finding().get().severity().id() + "): "
                    + e.finding().get().message();
        } else if (e.type() == JournalEvent.Type.EXPOSURE_CHANGED) {
            text += ": reachable " + e.previousReach().orElse("not judged") + " → " + e.listener().reach().orElse("")
                    + (e.listener().decidedBy().isEmpty() ? "" : " (" + String.join("; ", e.listener().decidedBy())
                    + ")");
        } else {
            text += e.listener().owner().map(o -> " held by " + o.process() + " (pid " + o.pid() + ", user " + o.user()
                    + (o.unit().isEmpty() ? "" : ", " + o.unit()) + (o.pkg().isEmpty() ? "" : ", package " + o.pkg())
                    + ")").orElse(" (owner not seen)");
        }
        if (e.inventory()) {
            text += " [starting inventory: there before the agent's first scan]";
        }
        b.log(TerminalText.safe(text)); // names from the system: the key-value pairs keep them exact
    }
}
