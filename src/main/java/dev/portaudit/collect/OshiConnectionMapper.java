package dev.portaudit.collect;

import dev.portaudit.model.Addresses;
import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Transport;
import java.util.Locale;
import oshi.software.os.InternetProtocolStats.IPConnection;
import oshi.software.os.InternetProtocolStats.TcpState;

/**
 * Turns OSHI's {@link IPConnection} into a {@link RawSocket}, or says why it is not a listener.
 * Every OSHI sentinel stops here: {@code tcp46}/{@code udp46} types, empty or all-zero wildcard
 * addresses, IPv4-mapped IPv6 addresses, the UDP states CLOSED/NONE/UNKNOWN, connected UDP
 * sockets and pid -1.
 */
public final class OshiConnectionMapper {

    /** Outcome of mapping one connection. */
    public sealed interface Outcome permits Listening, NotListening, Unparsable {
    }

    public record Listening(RawSocket socket) implements Outcome {
    }

    /** A socket that is not a listener (established TCP, connected UDP, unbound UDP, ...). */
    public record NotListening(String why) implements Outcome {
    }

    /** OSHI reported something we cannot interpret. */
    public record Unparsable(String why) implements Outcome {
    }

    private OshiConnectionMapper() {
    }

    public static Outcome map(IPConnection c) {
        String type = c.getType() == null ? "" : c.getType().toLowerCase(Locale.ROOT);
        Transport protocol;
        if (type.startsWith("tcp")) {
            protocol = Transport.TCP;
        } else if (type.startsWith("udp")) {
            protocol = Transport.UDP;
        } else {
            return new Unparsable("unknown socket type '" + type + "'");
        }
        String version = type.substring(3);
        boolean dualStack = version.equals("46");
        IpFamily declared;
        switch (version) {
            case "4" -> declared = IpFamily.IPV4;
            case "6", "46" -> declared = IpFamily.IPV6;
            default -> {
                return new Unparsable("unknown socket type '" + type + "'");
            }
        }
        int port = c.getLocalPort();
        if (port < 0 || port > 65535) {
            return new Unparsable("local port " + port + " outside 0-65535");
        }
        TcpState state = c.getState() == null ? TcpState.UNKNOWN : c.getState();
        if (protocol == Transport.TCP && state != TcpState.LISTEN) {
            return new NotListening("tcp in state " + state);
        }
        if (protocol == Transport.UDP) {
            if (port == 0) {
                return new NotListening("udp socket not bound to a port");
            }
            boolean connected = c.getForeignPort() != 0
                    || !(c.getForeignAddress() == null || Addresses.allZero(c.getForeignAddress()));
            if (connected || state == TcpState.ESTABLISHED) {
                return new NotListening("udp socket connected to a peer");
            }
        }
        if (port == 0) {
            return new Unparsable("listening tcp socket on port 0");
        }
        Addresses.Parsed address;
        try {
            address = Addresses.parse(c.getLocalAddress(), declared);
        } catch (IllegalArgumentException e) {
            return new Unparsable("local " + e.getMessage());
        }
        boolean wildcard = address.text().equals("::") || address.text().equals("0.0.0.0");
        if (dualStack && wildcard) {
            address = new Addresses.Parsed(IpFamily.IPV6, "::");
        }
        int pid = Math.max(c.getowningProcessId(), 0);
        return new Listening(new RawSocket(protocol, address.family(), address.text(), port,
                dualStack && wildcard, pid));
    }
}
