package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Probe;
import dev.portaudit.model.SocketKey;
import dev.portaudit.model.Transport;
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
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The probe dialogues against servers' answers, and one probe over a real loopback socket. */
class ServiceProbesTest {

    private static final SocketKey KEY = SocketKey.local(Transport.TCP, "127.0.0.1", 143);

    private static Probe talk(String protocol, String server, ByteArrayOutputStream said) throws IOException {
        return ProbeDialogues.talk(KEY, protocol, new StringReader(server), said);
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
}
