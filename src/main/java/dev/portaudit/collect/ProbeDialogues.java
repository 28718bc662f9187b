package dev.portaudit.collect;

import dev.portaudit.model.Probe;
import dev.portaudit.model.SocketKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The few lines portaudit says to a service it probes, and what it makes of the answers: the
 * greeting, one capability question, goodbye. Kept apart from the sockets so that tests can play the
 * server's part.
 */
final class ProbeDialogues {

    private static final int MAX_LINE = 1024;
    private static final int MAX_LINES = 64;

    private ProbeDialogues() {
    }

    static Probe talk(SocketKey key, String protocol, InputStream raw, OutputStream out) throws IOException {
        if (protocol.equals("ldap")) {
            return ldap(key, raw, out); // BER, not text
        }
        Reader in = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8));
        return switch (protocol) {
            case "ssh" -> ssh(key, in);
            case "ftp" -> ftp(key, in, out);
            case "smtp", "submission" -> smtp(key, protocol, in, out);
            case "pop3" -> pop3(key, in, out);
            case "imap" -> imap(key, in, out);
            case "xmpp-client" -> xmpp(key, in, out);
            default -> throw new IllegalArgumentException("no dialogue for " + protocol);
        };
    }

    private static Probe ssh(SocketKey key, Reader in) throws IOException {
        String banner = line(in);
        boolean ssh = banner.startsWith("SSH-");
        return new Probe(key, "ssh", ssh, Optional.empty(), Optional.empty(),
                ssh ? "SSH banner " + cut(banner) : "no SSH banner (" + cut(banner) + ")");
    }

    private static Probe ftp(SocketKey key, Reader in, OutputStream out) throws IOException {
        List<String> greeting = reply(in, "220");
        if (greeting.isEmpty()) {
            return silent(key, "ftp");
        }
        say(out, "FEAT");
        List<String> feat = reply(in, "211");
        boolean tls = feat.stream().anyMatch(s -> s.toUpperCase(Locale.ROOT).contains("AUTH TLS"));
        say(out, "QUIT");
        return new Probe(key, "ftp", true, Optional.of(tls), Optional.empty(),
                "FTP server; " + (tls ? "AUTH TLS offered" : "no AUTH TLS"));
    }

    private static Probe smtp(SocketKey key, String protocol, Reader in, OutputStream out) throws IOException {
        if (reply(in, "220").isEmpty()) {
            return silent(key, protocol);
        }
        say(out, "EHLO portaudit.invalid");
        List<String> ehlo = reply(in, "250");
        boolean tls = ehlo.stream().anyMatch(s -> s.toUpperCase(Locale.ROOT).contains("STARTTLS"));
        boolean auth = ehlo.stream().map(s -> s.toUpperCase(Locale.ROOT))
                .anyMatch(s -> s.contains("AUTH") && (s.contains("PLAIN") || s.contains("LOGIN")));
        say(out, "QUIT");
        return new Probe(key, protocol, true, Optional.of(tls), Optional.of(auth), "SMTP server; "
                + (tls ? "STARTTLS offered" : "no STARTTLS") + "; " + (auth ? "password login offered to this machine before TLS"
                        : "no password login before TLS"));
    }

    private static Probe pop3(SocketKey key, Reader in, OutputStream out) throws IOException {
        if (!line(in).startsWith("+OK")) {
            return silent(key, "pop3");
        }
        say(out, "CAPA");
        List<String> capa = new ArrayList<>();
        if (line(in).startsWith("+OK")) {
            for (int i = 0; i < MAX_LINES; i++) {
                String s = line(in);
                if (s.equals(".")) {
                    break;
                }
                capa.add(s.toUpperCase(Locale.ROOT));
            }
        }
        boolean tls = capa.stream().anyMatch(s -> s.equals("STLS"));
        boolean plain = capa.stream().anyMatch(s -> s.equals("USER") || s.startsWith("SASL")
                && (s.contains("PLAIN") || s.contains("LOGIN")));
        say(out, "QUIT");
        return new Probe(key, "pop3", true, Optional.of(tls), Optional.of(plain), "POP3 server; "
                + (tls ? "STLS offered" : "no STLS") + "; " + (plain ? "password login offered to this machine before TLS"
                        : "password login refused before TLS"));
    }

    private static Probe imap(SocketKey key, Reader in, OutputStream out) throws IOException {
        if (!line(in).startsWith("* OK")) {
            return silent(key, "imap");
        }
        say(out, "a1 CAPABILITY");
        String caps = "";
        for (int i = 0; i < MAX_LINES; i++) {
            String s = line(in);
            if (s.startsWith("* CAPABILITY")) {
                caps = s.toUpperCase(Locale.ROOT);
            }
            if (s.startsWith("a1 ") || s.isEmpty()) {
                break;
            }
        }
        boolean tls = caps.contains("STARTTLS");
        boolean plain = !caps.contains("LOGINDISABLED");
        say(out, "a2 LOGOUT");
        return new Probe(key, "imap", true, Optional.of(tls), Optional.of(plain), "IMAP server; "
                + (tls ? "STARTTLS offered" : "no STARTTLS") + "; " + (plain ? "password login offered to this machine before TLS"
                        : "password login refused before TLS (LOGINDISABLED)"));
    }

    /** The LDAP StartTLS extended request (RFC 4511 4.14), message 1, in BER. */
    private static final byte[] START_TLS = ldapStartTls();

    private static byte[] ldapStartTls() {
        byte[] oid = "1.3.6.1.4.1.1466.20037".getBytes(StandardCharsets.US_ASCII);
        byte[] m = new byte[7 + 2 + oid.length];
        int i = 0;
        m[i++] = 0x30; // LDAPMessage
        m[i++] = (byte) (3 + 2 + 2 + oid.length);
        m[i++] = 0x02; // messageID
        m[i++] = 0x01;
        m[i++] = 0x01;
        m[i++] = 0x77; // [APPLICATION 23] ExtendedRequest
        m[i++] = (byte) (2 + oid.length);
        m[i++] = (byte) 0x80; // [0] requestName
        m[i++] = (byte) oid.length;
        System.arraycopy(oid, 0, m, i, oid.length);
        return m;
    }

    private static Probe ldap(SocketKey key, InputStream in, OutputStream out) throws IOException {
        out.write(START_TLS);
        out.flush();
        byte[] answer = in.readNBytes(64);
        // ExtendedResponse [APPLICATION 24], then resultCode: ENUMERATED (0x0a), length 1, the code
        for (int i = 0; i + 3 < answer.length; i++) {
            if ((answer[i] & 0xff) == 0x78) {
                for (int j = i + 2; j + 2 < answer.length; j++) {
                    if (answer[j] == 0x0a && answer[j + 1] == 0x01) {
                        boolean ok = answer[j + 2] == 0;
                        return new Probe(key, "ldap", true, Optional.of(ok), Optional.empty(), "LDAP server; "
                                + (ok ? "StartTLS offered" : "StartTLS refused (result " + answer[j + 2] + ")"));
                    }
                }
            }
        }
        return silent(key, "ldap");
    }

    private static Probe xmpp(SocketKey key, Reader in, OutputStream out) throws IOException {
        say(out, "<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' "
                + "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>");
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c >= 0 && b.length() < 16 * MAX_LINE; c = in.read()) {
            b.append((char) c);
            if (b.indexOf("</stream:features>") >= 0) {
                break;
            }
        }
        String s = b.toString();
        if (!s.contains("<stream:stream") && !s.contains("<stream:features")) {
            return silent(key, "xmpp-client");
        }
        int tlsAt = s.indexOf("<starttls");
        boolean tls = tlsAt >= 0;
        String element = "";
        if (tls) {
            int close = s.indexOf("</starttls>", tlsAt);
            int empty = s.indexOf("/>", tlsAt);
            int end = close >= 0 && (empty < 0 || close < empty || s.indexOf('>', tlsAt) < empty) ? close : empty;
            element = end > tlsAt ? s.substring(tlsAt, end) : s.substring(tlsAt);
        }
        boolean required = element.contains("<required");
        boolean plain = s.contains(">PLAIN<");
        say(out, "</stream:stream>");
        return new Probe(key, "xmpp-client", true, Optional.of(tls),
                required ? Optional.of(false) : Optional.of(plain), "XMPP server; " + (!tls ? "no STARTTLS"
                        : required ? "STARTTLS required" : "STARTTLS offered, not required"));
    }

    private static Probe silent(SocketKey key, String protocol) {
        return new Probe(key, protocol, false, Optional.empty(), Optional.empty(),
                "no " + protocol.toUpperCase(Locale.ROOT) + " greeting");
    }

    /** A reply of numbered lines ("250-...", last "250 ..."); empty when it does not start with {@code code}. */
    private static List<String> reply(Reader in, String code) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < MAX_LINES; i++) {
            String s = line(in);
            if (!s.startsWith(code)) {
                return lines.isEmpty() ? List.of() : lines;
            }
            lines.add(s);
            if (s.length() <= 3 || s.charAt(3) != '-') {
                break;
            }
        }
        return lines;
    }

    /** One line, without its line break, at most {@value #MAX_LINE} characters; empty at the end of input. */
    static String line(Reader in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (b.length() < MAX_LINE && c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private static void say(OutputStream out, String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String cut(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
