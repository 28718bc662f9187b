package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Probe;
import dev.portaudit.model.SocketKey;
import dev.portaudit.model.Transport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe dialogues against servers' answers, and one probe over a real loopback socket. */
class ServiceProbesTest {

    private static final SocketKey KEY = SocketKey.local(Transport.TCP, "127.0.0.1", 143);

    private static Probe talk(String protocol, String server, ByteArrayOutputStream said) throws IOException {
        return ProbeDialogues.talk(KEY, protocol, new ByteArrayInputStream(server.getBytes(StandardCharsets.ISO_8859_1)),
                said);
    }

    @Test
    void imapThatRefusesPlaintextLogins() throws IOException {
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        Probe p = talk("imap", "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Dovecot ready.\r\n"
                + "* CAPABILITY IMAP4rev1 SASL-IR STARTTLS LOGINDISABLED\r\na1 OK Pre-login capabilities listed\r\n",
                said);
        assertTrue(p.spoke());
        assertEquals(Optional.of(true), p.startTls());
        assertEquals(Optional.of(false), p.plaintextLogin());
        assertEquals("a1 CAPABILITY\r\na2 LOGOUT\r\n", said.toString(StandardCharsets.US_ASCII),
                "a capability question and goodbye: no credentials");
    }

    @Test
    void pop3AndSmtpAndFtpAndSsh() throws IOException {
        Probe pop = talk("pop3", "+OK Dovecot ready.\r\n+OK\r\nCAPA\r\nTOP\r\nUSER\r\nSTLS\r\n.\r\n",
                new ByteArrayOutputStream());
        assertEquals(Optional.of(true), pop.startTls());
        assertEquals(Optional.of(true), pop.plaintextLogin(), "USER before STLS: passwords in the clear accepted");
        Probe smtp = talk("smtp", "220 mail.example ESMTP Postfix\r\n250-mail.example\r\n250-STARTTLS\r\n"
                + "250 8BITMIME\r\n", new ByteArrayOutputStream());
        assertEquals(Optional.of(true), smtp.startTls());
        assertEquals(Optional.of(false), smtp.plaintextLogin());
        Probe ftp = talk("ftp", "220-Welcome\r\n220 (vsFTPd 3.0.3)\r\n211-Features:\r\n EPSV\r\n211 End\r\n",
                new ByteArrayOutputStream());
        assertTrue(ftp.spoke());
        assertEquals(Optional.of(false), ftp.startTls(), "no AUTH TLS among the features");
        Probe ssh = talk("ssh", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n", new ByteArrayOutputStream());
        assertTrue(ssh.spoke());
        assertTrue(ssh.seen().startsWith("SSH banner SSH-2.0-OpenSSH_9.2p1"), ssh.seen());
        assertFalse(talk("ssh", "HTTP/1.1 400 Bad Request\r\n", new ByteArrayOutputStream()).spoke());
        assertFalse(talk("imap", "", new ByteArrayOutputStream()).spoke(), "silence is no IMAP server");
    }

    /** Bytes as the text the dialogue reads them from (ISO-8859-1 keeps each byte). */
    private static String ber(int... bytes) {
        StringBuilder b = new StringBuilder();
        for (int x : bytes) {
            b.append((char) x);
        }
        return b.toString();
    }

    @Test
    void ldapStartTlsAndXmppFeatures() throws IOException {
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        // ExtendedResponse, resultCode success, as slapd answers the StartTLS request
        Probe ldap = talk("ldap", ber(0x30, 0x0c, 0x02, 0x01, 0x01, 0x78, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00),
                said);
        assertEquals(Optional.of(true), ldap.startTls(), ldap.seen());
        assertTrue(said.toString(StandardCharsets.ISO_8859_1).contains("1.3.6.1.4.1.1466.20037"),
                "the StartTLS request, and nothing else");
        Probe refused = talk("ldap", ber(0x30, 0x0c, 0x02, 0x01, 0x01, 0x78, 0x07, 0x0a, 0x01, 0x02, 0x04, 0x00, 0x04,
                0x00), new ByteArrayOutputStream());
        assertEquals(Optional.of(false), refused.startTls());
        Probe xmpp = talk("xmpp-client", "<?xml version='1.0'?><stream:stream xmlns='jabber:client' id='1'>"
                + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
                + "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism></mechanisms>"
                + "</stream:features>", new ByteArrayOutputStream());
        assertEquals(Optional.of(true), xmpp.startTls());
        assertEquals(Optional.of(false), xmpp.plaintextLogin(), "STARTTLS required: no password before TLS");
        Probe optional = talk("xmpp-client", "<stream:stream><stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
                + "<mechanisms><mechanism>PLAIN</mechanism></mechanisms></stream:features>", new ByteArrayOutputStream());
        assertEquals("XMPP server; STARTTLS offered, not required", optional.seen());
        assertEquals(Optional.of(true), optional.plaintextLogin());
    }

    @Test
    void aLineIsReadOnlyUpToItsLimit() throws IOException {
        String endless = "SSH-2.0-" + "x".repeat(100_000) + "\n";
        assertEquals(1024, ProbeDialogues.line(new StringReader(endless)).length());
    }

    /** A real socket on loopback playing an SSH server: the probe connects, reads the banner, hangs up. */
    @Test
    void probesARealListenerOnLoopback() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread t = new Thread(() -> {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream(); InputStream in = s.getInputStream()) {
                    out.write("SSH-2.0-TestServer\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    in.read(); // until the probe hangs up
                } catch (IOException e) {
                    // the probe hung up
                }
            });
            t.setDaemon(true);
            t.start();
            Listener l = new Listener(Transport.TCP, IpFamily.IPV4, "0.0.0.0", server.getLocalPort(), false, List.of());
            Probe p = ServiceProbes.probe(l, "ssh");
            assertTrue(p.spoke(), p.seen());
            assertEquals("SSH banner SSH-2.0-TestServer", p.seen());
            t.join(5000);
        }
        int free;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = gone.getLocalPort(); // closed again before the probe: nobody listens there
        }
        Listener closed = new Listener(Transport.TCP, IpFamily.IPV4, "127.0.0.1", free, false, List.of());
        assertFalse(ServiceProbes.probe(closed, "ssh").spoke(), "nothing there: no answer, said so");
    }

    /** A real TLS server on loopback (a key made for the test): the probe sees TLS answer and hangs up. */
    @Test
    void implicitTlsIsSeenAnswering(@TempDir Path tmp) throws Exception {
        Path ks = tmp.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-alias",
                "server", "-keyalg", "EC", "-dname", "CN=imap.test.invalid", "-validity", "2").redirectErrorStream(true)
                .start();
        keytool.getInputStream().readAllBytes();
        assertEquals(0, keytool.waitFor(), "keytool made the key");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        try (SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                    s.getInputStream().read(); // until the probe hangs up
                } catch (IOException e) {
                    // the probe hung up
                }
            });
            t.setDaemon(true);
            t.start();
            Listener l = new Listener(Transport.TCP, IpFamily.IPV4, "127.0.0.1", server.getLocalPort(), false,
                    List.of());
            Probe p = ServiceProbes.probe(l, "imaps");
            assertTrue(p.spoke(), p.seen());
            assertTrue(p.seen().startsWith("TLS on the port (TLSv1."), p.seen());
            t.join(5000);
        }
    }
}
