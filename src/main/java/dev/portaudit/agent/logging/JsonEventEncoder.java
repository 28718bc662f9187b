package dev.portaudit.agent.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * What the JSON encoders share: one object per event and line, no header or footer, the host name
 * of the line (set, or the logging context's HOSTNAME), and a key-value pair's value written with
 * its JSON type (numbers stay numbers).
 */
abstract class JsonEventEncoder extends EncoderBase<ILoggingEvent> {

    static final JsonFactory JSON = new JsonFactory();
    private String host;

    /** The host name written in every line; defaults to the logging context's HOSTNAME. */
    public void setHost(String host) {
        this.host = host;
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    final String hostName() {
        if (host != null) {
            return host;
        }
        String h = getContext() == null ? null : getContext().getProperty(CoreConstants.HOSTNAME_KEY);
        return h == null ? "" : h;
    }

    static void value(JsonGenerator g, Object value) throws IOException {
        if (value instanceof Integer i) {
            g.writeNumber(i);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value == null) {
            g.writeNull();
        } else {
            g.writeString(String.valueOf(value));
        }
    }
}
