package dev.portaudit.collect;

import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Probe;
import dev.portaudit.model.Transport;
import java.io.IOException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code scan --probe}: connects to this host's own TCP listeners of protocols whose port cannot tell
 * whether credentials travel in the clear, reads the greeting, asks for the capabilities, and hangs
 * up. Nothing but the capability question is sent — no user name, no password — every connection
 * goes to an address of this host (loopback for a wildcard socket), and time is bounded per probe
 * and in all.
 */
public final class ServiceProbes {

    /** The protocols probed, by the port they are served on. */
    static final Map<Integer, String> BY_PORT = Map.of(21, "ftp", 22, "ssh", 25, "smtp", 587, "smtp", 110, "pop3",
            143, "imap");
    static final int CONNECT_MILLIS = 1000;
    static final int READ_MILLIS = 2000;
    static final int MAX_PROBES = 32;
    static final long TOTAL_MILLIS = 20_000;

    private ServiceProbes() {
    }

    /** Probes the listeners that can be probed; a listener in another namespace cannot be reached from here. */
    public static List<Probe> probe(List<Listener> listeners) {
        List<Probe> out = new ArrayList<>();
        long deadline = System.nanoTime() + TOTAL_MILLIS * 1_000_000;
        for (Listener l : listeners) {
            String protocol = BY_PORT.get(l.port());
            if (protocol == null || l.protocol() != Transport.TCP || l.namespace().isPresent()
                    || out.size() >= MAX_PROBES || System.nanoTime() > deadline) {
                continue;
            }
            out.add(probe(l, protocol));
        }
        return out;
    }

    static Probe probe(Listener l, String protocol) {
        String host = l.isWildcard() ? (l.family() == IpFamily.IPV6 ? "::1" : "127.0.0.1")
                : l.address();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(host), l.port()), CONNECT_MILLIS);
            s.setSoTimeout(READ_MILLIS);
            Reader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            return ProbeDialogues.talk(l.key(), protocol, in, out);
        } catch (IOException | SecurityException e) {
            return new Probe(l.key(), protocol, false, Optional.empty(), Optional.empty(),
                    "no answer: " + e.getClass().getSimpleName().replace("Exception", "").toLowerCase(Locale.ROOT)
                            + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }
}
