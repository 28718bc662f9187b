package dev.portaudit.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import dev.portaudit.report.TerminalText;
import java.time.Instant;
import org.slf4j.event.KeyValuePair;

/**
 * Formats an event as an RFC 5424 syslog message:
 * {@code <PRI>1 TIMESTAMP HOSTNAME portaudit PROCID MSGID [portaudit@ENTERPRISE key="value" ...] MSG}.
 * The event's key-value pairs become structured data; MSGID is the journal event type where there is
 * one.
 */
public final class Rfc5424Layout extends LayoutBase<ILoggingEvent> {

    private int facility = 3;   // daemon
    private String appName = "portaudit";
    /** RFC 5612's enterprise number for documentation; set your own for production use. */
    private String enterpriseId = "32473";
    private String host;
    private final String procId = Long.toString(ProcessHandle.current().pid());

    public void setFacility(int facility) {
        this.facility = facility;
    }

    public void setAppName(String appName) {
        this.appName = appName;
    }

    public void setEnterpriseId(String enterpriseId) {
        this.enterpriseId = enterpriseId;
    }

    public void setHost(String host) {
        this.host = host;
    }

    @Override
    public String doLayout(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(256);
        b.append('<').append(facility * 8 + severity(e.getLevel())).append(">1 ");
        b.append(Instant.ofEpochMilli(e.getTimeStamp())).append(' ');
        b.append(header(host != null ? host : context == null ? null : context.getProperty(CoreConstants.HOSTNAME_KEY),
                255)).append(' ');
        b.append(header(appName, 48)).append(' ');
        b.append(header(procId, 128)).append(' ');
        String msgId = "-";
        StringBuilder sd = new StringBuilder();
        if (e.getKeyValuePairs() != null && !e.getKeyValuePairs().isEmpty()) {
            sd.append("[portaudit@").append(enterpriseId);
            for (KeyValuePair kv : e.getKeyValuePairs()) {
                if (kv.value == null) {
                    continue; // not seen: structured data leaves the parameter out
                }
                if ("event".equals(kv.key)) {
                    msgId = header(String.valueOf(kv.value), 32);
                }
                sd.append(' ').append(name(kv.key)).append("=\"").append(param(String.valueOf(kv.value))).append('"');
            }
            sd.append(']');
        }
        b.append(msgId).append(' ').append(sd.length() == 0 ? "-" : sd).append(' ');
        b.append(TerminalText.safe(e.getFormattedMessage()));
        return b.toString();
    }

    static int severity(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> 3;
            case Level.WARN_INT -> 4;
            case Level.INFO_INT -> 6;
            default -> 7;
        };
    }

    /** Header fields are printable US-ASCII without spaces, "-" when empty. */
    static String header(String s, int max) {
        if (s == null || s.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c > 32 && c < 127) {
                b.append(c);
            }
            if (b.length() == max) {
                break;
            }
        }
        return b.length() == 0 ? "-" : b.toString();
    }

    /** SD-NAMEs exclude '=', ' ', ']', '"' and are at most 32 characters. */
    static String name(String s) {
        String h = header(s, 32);
        return h.replaceAll("[=\\]\"]", "_");
    }

    /**
     * PARAM-VALUEs escape '"', '\' and ']' with a backslash, after control characters are made
     * visible as for a terminal (syslog is read on one).
     */
    static String param(String s) {
        return TerminalText.safe(s).replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
    }
}
