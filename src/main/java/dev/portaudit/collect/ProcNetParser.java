package dev.portaudit.collect;

import dev.portaudit.model.Addresses;
import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Transport;
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
        List<ProcSocket> out = new ArrayList<>();
        int bad = 0;
        int start = 0;
        boolean header = true;
        int len = text.length();
        while (start < len) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = len;
            }
            String line = text.substring(start, end);
            start = end + 1;
            if (header) {
                header = false;
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length < 10) {
                bad++;
                continue;
            }
            try {
                int state = Integer.parseInt(f[3], 16);
                if (protocol == Transport.TCP ? state != TCP_LISTEN : state == TCP_ESTABLISHED) {
                    continue;
                }
                int colon = f[1].indexOf(':');
                int rcolon = f[2].indexOf(':');
                if (colon < 0 || rcolon < 0) {
                    bad++;
                    continue;
                }
                int port = Integer.parseInt(f[1].substring(colon + 1), 16);
                int remotePort = Integer.parseInt(f[2].substring(rcolon + 1), 16);
                byte[] remote = kernelHex(f[2].substring(0, rcolon));
                if (protocol == Transport.UDP && (port == 0 || remotePort != 0 || !Addresses.allZero(remote))) {
                    continue;
                }
                Addresses.Parsed addr = Addresses.parse(kernelHex(f[1].substring(0, colon)), family);
                long uid = Long.parseLong(f[7]);
                long inode = Long.parseLong(f[9]);
                out.add(new ProcSocket(new RawSocket(protocol, addr.family(), addr.text(), port, false, 0), inode, uid));
            } catch (IllegalArgumentException e) {
                bad++;
            }
        }
        return new Result(out, bad);
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
        if (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN) {
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
