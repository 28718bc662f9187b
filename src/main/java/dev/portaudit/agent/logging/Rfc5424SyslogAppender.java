package dev.portaudit.agent.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.net.SyslogAppenderBase;
import ch.qos.logback.core.net.SyslogOutputStream;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** Sends events to a syslog server over UDP as RFC 5424 messages (see {@link Rfc5424Layout}). */
public final class Rfc5424SyslogAppender extends SyslogAppenderBase<ILoggingEvent> {

    private String enterpriseId = "32473";

    public void setEnterpriseId(String enterpriseId) {
        this.enterpriseId = enterpriseId;
    }

    @Override
    public void start() {
        if (getCharset() == null) {
            setCharset(StandardCharsets.UTF_8);
        }
        super.start();
    }

    @Override
    public SyslogOutputStream createOutputStream() throws UnknownHostException, SocketException {
        return new SyslogOutputStream(getSyslogHost(), getPort());
    }

    @Override
    public Layout<ILoggingEvent> buildLayout() {
        Rfc5424Layout layout = new Rfc5424Layout();
        layout.setContext(getContext());
        layout.setFacility(facilityStringToint(getFacility()) / 8);
        layout.setEnterpriseId(enterpriseId);
        layout.start();
        return layout;
    }

    @Override
    public int getSeverityForEvent(Object eventObject) {
        return Rfc5424Layout.severity(((ILoggingEvent) eventObject).getLevel());
    }
}
