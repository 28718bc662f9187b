package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.portaudit.agent.logging.Rfc5424StreamSyslogAppender;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 5424 over TCP with octet counting into a real rsyslog (Debian's rsyslogd, imtcp, on loopback),
 * and over TLS into a TLS server whose certificate the appender must verify.
 */
class SyslogStreamIT {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static LoggerContext context(Rfc5424StreamSyslogAppender appender) {
        LoggerContext ctx = new LoggerContext();
        ctx.putProperty("HOSTNAME", "web-1");
        appender.setContext(ctx);
        appender.setSyslogHost("localhost");
        appender.start();
        Logger events = ctx.getLogger("portaudit.events");
        events.addAppender(appender);
        return ctx;
    }

    private static void logEvents(LoggerContext ctx, int n) {
        Logger events = ctx.getLogger("portaudit.events");
        for (int i = 1; i <= n; i++) {
            events.atInfo().addKeyValue("event", "listener-opened").addKeyValue("seq", (long) i)
                    .addKeyValue("process", "evil\"]name\nsecond line")
                    .log("listener-opened tcp 0.0.0.0:" + (1000 + i) + "\nnot a new message");
        }
    }

    @Test
    void rsyslogReceivesEveryMessageWhole(@TempDir Path dir) throws Exception {
        Path rsyslogd = Path.of("/usr/sbin/rsyslogd");
        assertTrue(Files.isExecutable(rsyslogd), "rsyslog is installed by .ci/run");
        int port = freePort();
        Path out = dir.resolve("out.log");
        Path conf = dir.resolve("rsyslog.conf");
        Files.writeString(conf, "global(workDirectory=\"" + dir + "\")\n"
                + "module(load=\"imtcp\")\n"
                + "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + port + "\")\n"
                + "template(name=\"fields\" type=\"string\" string=\"%hostname%|%app-name%|%msgid%|%structured-data%|%msg%\\n\")\n"
                + "*.* action(type=\"omfile\" file=\"" + out + "\" template=\"fields\")\n");
        Process server = new ProcessBuilder(rsyslogd.toString(), "-n", "-iNONE", "-f", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.log").toFile()).start();
        try {
            for (int i = 0; i < 100 && !listening(port); i++) { // up to 10 s to start
                Thread.sleep(100);
            }
            Rfc5424StreamSyslogAppender appender = new Rfc5424StreamSyslogAppender();
            appender.setTransport("tcp");
            appender.setPort(port);
            LoggerContext ctx = context(appender);
            logEvents(ctx, 50);
            ctx.stop(); // drains the queue
            List<String> lines = List.of();
            for (int i = 0; i < 100; i++) { // up to 10 s for rsyslog to write them out
                lines = Files.exists(out) ? Files.readAllLines(out) : List.of();
                if (lines.size() >= 50) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals(50, lines.size(), "each framed message is one message, newlines and all: " + lines
                    + Files.readString(dir.resolve("rsyslogd.log")));
            String first = lines.get(0);
            assertTrue(first.startsWith("web-1|portaudit|listener-opened|[portaudit@32473 event=\"listener-opened\" "
                    + "seq=\"1\" process=\"evil\\\"\\]name"), first);
            assertTrue(lines.get(49).contains("tcp 0.0.0.0:1050"), "the last one too, in order");
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void tlsSendsOctetCountedFramesToAVerifiedServer(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("server.p12");
        Path trust = dir.resolve("trust.p12");
        Path cert = dir.resolve("server.crt");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        for (List<String> cmd : List.of(
                List.of(keytool, "-genkeypair", "-alias", "syslog", "-keyalg", "EC", "-dname", "CN=localhost",
                        "-ext", "san=dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                        keys.toString(), "-storepass", "secret"),
                List.of(keytool, "-exportcert", "-alias", "syslog", "-keystore", keys.toString(), "-storepass",
                        "secret", "-file", cert.toString()),
                List.of(keytool, "-importcert", "-noprompt", "-alias", "ca", "-file", cert.toString(), "-storetype",
                        "PKCS12", "-keystore", trust.toString(), "-storepass", "secret"))) {
            assertEquals(0, JarRunner.exec(new ProcessBuilder(cmd), 60).code(), String.join(" ", cmd));
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys)) {
            ks.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "secret".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        try (SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(15_000);
            Rfc5424StreamSyslogAppender appender = new Rfc5424StreamSyslogAppender();
            appender.setTransport("tls");
            appender.setPort(server.getLocalPort());
            appender.setTrustStore(trust.toString());
            appender.setTrustStorePassword("secret");
            LoggerContext ctx = context(appender);
            logEvents(ctx, 3);
            List<String> frames = new ArrayList<>();
            try (var conn = server.accept(); InputStream in = new BufferedInputStream(conn.getInputStream())) {
                conn.setSoTimeout(15_000);
                for (int i = 0; i < 3; i++) {
                    frames.add(readFrame(in));
                }
            }
            ctx.stop();
            assertEquals(3, frames.size());
            assertTrue(frames.get(0).startsWith("<30>1 "), frames.get(0));
            assertTrue(frames.get(2).contains("listener-opened tcp 0.0.0.0:1003"), frames.get(2));
        }
    }

    /** One RFC 6587 frame: digits, a space, that many octets. */
    private static String readFrame(InputStream in) throws Exception {
        int length = 0;
        for (int c = in.read(); c != ' '; c = in.read()) {
            assertTrue(c >= '0' && c <= '9', "a length in digits, not " + c);
            length = length * 10 + (c - '0');
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(in.readNBytes(length));
        assertEquals(length, b.size(), "the whole message");
        return b.toString(StandardCharsets.UTF_8);
    }
}
