package dev.portaudit.agent.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.net.SyslogAppenderBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * RFC 5424 messages over TCP (RFC 6587, octet counting: "LENGTH SP MESSAGE") or TLS (RFC 5425, the
 * same framing), for an audit trail UDP would lose. A background thread sends; the agent never waits
 * on the network: up to {@code queueSize} messages wait while the server is away (the oldest are
 * dropped past that, and the count of dropped ones is reported once the connection is back), and
 * the connection is retried with a growing pause up to a minute. TLS checks the server's certificate
 * against the JVM's trust store (or the PKCS#12 one {@code trustStore} names) and its host name.
 */
public final class Rfc5424StreamSyslogAppender extends AppenderBase<ILoggingEvent> {

    private String host = "localhost";
    private int port = 6514;
    private boolean tls;
    private String enterpriseId = "32473";
    private String facility = "DAEMON";
    private int queueSize = 10_000;
    private int connectTimeoutMillis = 5_000;
    private String trustStore = "";
    private String trustStorePassword = "";

    private Rfc5424Layout layout;
    private BlockingQueue<byte[]> queue;
    private final AtomicLong dropped = new AtomicLong();
    private Thread sender;
    private volatile boolean running;

    public void setSyslogHost(String host) {
        this.host = host;
    }

    public void setPort(int port) {
        this.port = port;
    }

    /** {@code tcp} (RFC 6587) or {@code tls} (RFC 5425). */
    public void setTransport(String transport) {
        switch (transport.strip()) {
            case "tcp" -> tls = false;
            case "tls" -> tls = true;
            default -> throw new IllegalArgumentException("transport is tcp or tls, not " + transport);
        }
    }

    public void setEnterpriseId(String enterpriseId) {
        this.enterpriseId = enterpriseId;
    }

    public void setFacility(String facility) {
        this.facility = facility;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public void setConnectTimeoutMillis(int millis) {
        this.connectTimeoutMillis = millis;
    }

    /** A PKCS#12 trust store holding the syslog server's CA, instead of the JVM's. */
    public void setTrustStore(String path) {
        this.trustStore = path;
    }

    public void setTrustStorePassword(String password) {
        this.trustStorePassword = password;
    }

    @Override
    public void start() {
        if (queueSize < 1 || port < 1 || port > 65535) {
            addError("queueSize must be at least 1 and port within 1-65535");
            return;
        }
        layout = new Rfc5424Layout();
        layout.setContext(getContext());
        layout.setFacility(SyslogAppenderBase.facilityStringToint(facility) / 8);
        layout.setEnterpriseId(enterpriseId);
        layout.start();
        queue = new ArrayBlockingQueue<>(queueSize);
        running = true;
        sender = new Thread(this::send, "portaudit-syslog-" + (tls ? "tls" : "tcp"));
        sender.setDaemon(true);
        sender.start();
        super.start();
    }

    @Override
    public void stop() {
        running = false;
        if (sender != null) {
            try {
                sender.join(2_000); // what is queued gets two seconds to leave
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sender.interrupt();
        }
        super.stop();
    }

    @Override
    protected void append(ILoggingEvent e) {
        byte[] message = layout.doLayout(e).getBytes(StandardCharsets.UTF_8);
        while (!queue.offer(message)) {
            if (queue.poll() != null) {
                dropped.incrementAndGet();
            }
        }
    }

    /** One frame: the message's length in octets, a space, the message (RFC 6587 section 3.4.1). */
    static byte[] frame(byte[] message) {
        byte[] length = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[length.length + message.length];
        System.arraycopy(length, 0, out, 0, length.length);
        System.arraycopy(message, 0, out, length.length, message.length);
        return out;
    }

    private void send() {
        long pause = 500;
        byte[] next = null;
        while (running || !queue.isEmpty()) {
            try (Socket s = connect(); OutputStream out = s.getOutputStream()) {
                pause = 500;
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    addWarn(lost + " syslog messages were dropped while the server could not be reached");
                }
                while (running || !queue.isEmpty()) {
                    if (next == null) {
                        next = queue.poll(200, TimeUnit.MILLISECONDS);
                    }
                    if (next != null) {
                        out.write(frame(next));
                        out.flush();
                        next = null; // kept for the next connection if the write failed
                    }
                }
                return;
            } catch (IOException ex) {
                addWarn("syslog server " + host + ":" + port + " not reachable (" + ex.getMessage() + "); retrying");
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    return;
                }
                pause = Math.min(pause * 2, 60_000);
                if (!running) {
                    return; // stopping, and the server is away: what is queued cannot be sent
                }
            } catch (InterruptedException ie) {
                return;
            }
        }
    }

    private SSLSocketFactory sockets() throws IOException {
        if (trustStore.isEmpty()) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        try (InputStream in = Files.newInputStream(Path.of(trustStore))) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, trustStorePassword.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("trust store " + trustStore + ": " + e.getMessage(), e);
        }
    }

    private Socket connect() throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
        if (!tls) {
            return plain;
        }
        SSLSocket s = (SSLSocket) sockets().createSocket(plain, host, port, true);
        var params = s.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
        s.setSSLParameters(params);
        s.startHandshake();
        return s;
    }
}
