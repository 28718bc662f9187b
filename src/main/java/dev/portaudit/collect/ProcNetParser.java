package dev.portaudit.collect;

import dev.portaudit.model.Addresses;
import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Transport;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the kernel's socket tables ({@code /proc/net/tcp}, {@code tcp6}, {@code udp}, {@code udp6})
 * and keeps the listening sockets: TCP in LISTEN (state 0A) and UDP bound to a port with no peer.
 * Lines it cannot read are counted, not fatal.
 */
public final class ProcNetParser {

    /** A listening socket of the table and its inode. */
    public record ProcSocket(RawSocket socket, long inode, long uid) {
    }

    /** The listening sockets of one table and how many lines could not be read. */
    public record Result(List<ProcSocket> sockets, int unparsable) {
    }

    private static final int TCP_LISTEN = 0x0A;
    private static final int TCP_ESTABLISHED = 0x01;

    private ProcNetParser() {
    }

    public static Result parse(String text, Transport protocol, IpFamily family) {
        return parse(text.getBytes(StandardCharsets.ISO_8859_1), protocol, family);
    }

    /**
     * Parses the table's bytes. Hosts can have tens of thousands of established sockets, so each
     * line's state is read first and only listening lines are parsed further.
     */
    public static Result parse(byte[] d, Transport protocol, IpFamily family) {
        List<ProcSocket> out = new ArrayList<>();
        int bad = 0;
        int pos = 0;
        int n = d.length;
        // skip the header line
        while (pos < n && d[pos] != '\n') {
            pos++;
        }
        pos++;
        int[] start = new int[10];
        int[] end = new int[10];
        while (pos < n) {
            // most lines are established sockets: read up to the state field, and only for a
            // listening line the rest of it
            int fields = tokenize(d, pos, n, start, end, 0, 4);
            int eol = fields == 0 ? pos : end[fields - 1];
            while (eol < n && d[eol] != '\n') {
                eol++;
            }
            pos = eol + 1;
            if (fields == 0) {
                continue;
            }
            if (fields < 4) {
                bad++;
                continue;
            }
            int state = hex(d, start[3], end[3]);
            if (state < 0) {
                bad++;
                continue;
            }
            if (protocol == Transport.TCP ? state != TCP_LISTEN : state == TCP_ESTABLISHED) {
                continue;
            }
            if (tokenize(d, end[3], eol, start, end, 4, 10) < 10) {
                bad++;
                continue;
            }
            try {
                int colon = indexOf(d, start[1], end[1], (byte) ':');
                int rcolon = indexOf(d, start[2], end[2], (byte) ':');
                if (colon < 0 || rcolon < 0) {
                    bad++;
                    continue;
                }
                int port = hex(d, colon + 1, end[1]);
                int remotePort = hex(d, rcolon + 1, end[2]);
                if (port < 0 || remotePort < 0 || port > 0xFFFF || remotePort > 0xFFFF) {
                    bad++;
                    continue;
                }
                if (protocol == Transport.UDP) {
                    if (port == 0 || remotePort != 0 || !zeros(d, start[2], rcolon)) {
                        continue;
                    }
                }
                String local = new String(d, start[1], colon - start[1], StandardCharsets.ISO_8859_1);
                Addresses.Parsed addr = Addresses.parse(kernelHex(local), family);
                long uid = Long.parseLong(new String(d, start[7], end[7] - start[7],
                        StandardCharsets.ISO_8859_1));
                long inode = Long.parseLong(new String(d, start[9], end[9] - start[9],
                        StandardCharsets.ISO_8859_1));
                out.add(new ProcSocket(new RawSocket(protocol, addr.family(), addr.text(), port, false, 0), inode, uid));
            } catch (IllegalArgumentException e) {
                bad++;
            }
        }
        return new Result(out, bad);
    }

    /**
     * Splits fields separated by spaces from {@code from}, stopping at a line break, {@code to},
     * or when {@code last} fields are known; fields are stored from index {@code first}.
     *
     * @return how many fields are known (first + those found)
     */
    private static int tokenize(byte[] d, int from, int to, int[] start, int[] end, int first, int last) {
        int fields = first;
        int i = from;
        while (fields < last) {
            while (i < to && d[i] == ' ') {
                i++;
            }
            if (i >= to || d[i] == '\n') {
                break;
            }
            start[fields] = i;
            while (i < to && d[i] != ' ' && d[i] != '\n') {
                i++;
            }
            end[fields] = i;
            fields++;
        }
        return fields;
    }

    private static int hex(byte[] d, int from, int to) {
        if (from >= to || to - from > 8) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            int c = Character.digit(d[i], 16);
            if (c < 0) {
                return -1;
            }
            v = (v << 4) | c;
        }
        return v;
    }

    private static int indexOf(byte[] d, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (d[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean zeros(byte[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            if (d[i] != '0') {
                return false;
            }
        }
        return true;
    }

    /**
     * The kernel prints addresses as 32-bit words in host byte order; on the little-endian
     * machines Linux mostly runs on, each word's bytes are reversed.
     */
    static byte[] kernelHex(String hex) {
        if (hex.length() != 8 && hex.length() != 32) {
            throw new IllegalArgumentException("address field of " + hex.length() + " hex digits");
        }
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            for (int w = 0; w < b.length; w += 4) {
                byte t = b[w];
                b[w] = b[w + 3];
                b[w + 3] = t;
                t = b[w + 1];
                b[w + 1] = b[w + 2];
                b[w + 2] = t;
            }
        }
        return b;
    }
}
