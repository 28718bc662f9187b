package dev.portaudit.collect;

import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Listener;
import dev.portaudit.model.NetNamespace;
import dev.portaudit.model.Probe;
import dev.portaudit.model.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * {@code scan --probe}: connects to this host's own TCP listeners of protocols whose port cannot tell
 * whether credentials travel in the clear, reads the greeting, asks for the capabilities, and hangs
 * up. Nothing but the capability question is sent — no user name, no password — every connection
 * goes to an address of this host (loopback for a wildcard socket), and time is bounded per probe
 * and in all.
 */
public final class ServiceProbes {

    /** The protocols probed, by the port they are served on. */
    static final Map<Integer, String> BY_PORT = Map.ofEntries(Map.entry(21, "ftp"), Map.entry(22, "ssh"),
            Map.entry(25, "smtp"), Map.entry(587, "submission"), Map.entry(110, "pop3"), Map.entry(143, "imap"),
            Map.entry(389, "ldap"), Map.entry(5222, "xmpp-client"), Map.entry(465, "smtps"), Map.entry(993, "imaps"),
            Map.entry(995, "pop3s"), Map.entry(636, "ldaps"));
    /** Protocols spoken inside TLS from the first byte: the probe only checks that TLS answers. */
    static final Set<String> IMPLICIT_TLS = Set.of("smtps", "imaps", "pop3s", "ldaps");
    static final int CONNECT_MILLIS = 1000;
    static final int READ_MILLIS = 2000;
    static final int MAX_PROBES = 32;
    static final long TOTAL_MILLIS = 20_000;

    private ServiceProbes() {
    }

    /**
     * Probes the listeners that can be probed: those of this namespace from here, those of another
     * namespace (a container's) from a thread that entered it through one of their holders, which
     * takes root.
     */
    public static List<Probe> probe(List<Listener> listeners) {
        long deadline = System.nanoTime() + TOTAL_MILLIS * 1_000_000;
        Map<Long, List<Listener>> byNamespace = new TreeMap<>();
        for (Listener l : listeners) {
            if (BY_PORT.containsKey(l.port()) && l.protocol() == Transport.TCP) {
                byNamespace.computeIfAbsent(l.namespace().map(NetNamespace::inode).orElse(0L), k -> new ArrayList<>())
                        .add(l);
            }
        }
        List<Probe> out = new ArrayList<>();
        for (Map.Entry<Long, List<Listener>> e : byNamespace.entrySet()) {
            if (e.getKey() == 0L) {
                out.addAll(probeHere(e.getValue(), deadline, MAX_PROBES - out.size()));
                continue;
            }
            // a holder's pid is a door into its namespace; with none seen, the namespace cannot be entered
            Optional<Integer> door = e.getValue().stream().flatMap(l -> l.owners().stream()).map(o -> o.pid())
                    .findFirst();
            int room = MAX_PROBES - out.size();
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            if (door.isPresent() && room > 0 && left > 0) {
                NamespaceSettings.inside(door.get(), () -> probeHere(e.getValue(), deadline, room), left)
                        .value().ifPresent(out::addAll);
            }
        }
        return out;
    }

    private static List<Probe> probeHere(List<Listener> listeners, long deadline, int room) {
        List<Probe> out = new ArrayList<>();
        for (Listener l : listeners) {
            if (out.size() >= room || System.nanoTime() > deadline) {
                break;
            }
            out.add(probe(l, BY_PORT.get(l.port())));
        }
        return out;
    }

    /**
     * Whether the port answers a TLS handshake. Only the handshake is looked at — whose certificate
     * it is does not matter to the question — so every certificate is taken, and nothing is sent
     * through the connection.
     */
    private static Probe tls(Listener l, String protocol, Socket plain, String host) throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new AnyCertificate()}, null);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, l.port(), false)) {
                s.startHandshake();
                return new Probe(l.key(), protocol, true, Optional.of(true), Optional.of(false),
                        "TLS on the port (" + s.getSession().getProtocol() + ")");
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("no TLS: " + e.getMessage(), e);
        }
    }

    /** Takes any certificate: the probe asks whether TLS is spoken, not whom to trust. */
    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // the probe is the client
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // nothing is sent that a certificate would protect
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    static Probe probe(Listener l, String protocol) {
        String host = l.isWildcard() ? (l.family() == IpFamily.IPV6 ? "::1" : "127.0.0.1")
                : l.address();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(host), l.port()), CONNECT_MILLIS);
            s.setSoTimeout(READ_MILLIS);
            if (IMPLICIT_TLS.contains(protocol)) {
                return tls(l, protocol, s, host);
            }
            return ProbeDialogues.talk(l.key(), protocol, s.getInputStream(), s.getOutputStream());
        } catch (IOException | SecurityException e) {
            return new Probe(l.key(), protocol, false, Optional.empty(), Optional.empty(),
                    "no answer: " + e.getClass().getSimpleName().replace("Exception", "").toLowerCase(Locale.ROOT)
                            + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }
}
