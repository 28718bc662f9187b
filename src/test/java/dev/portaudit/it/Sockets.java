package dev.portaudit.it;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

/** Loopback sockets opened by the test JVM, closed together. */
final class Sockets implements Closeable {

    /** An open listener: protocol, the address as portaudit prints it, and the port the kernel gave. */
    record Opened(String protocol, String address, int port) {
    }

    final List<Opened> opened = new ArrayList<>();
    private final List<Closeable> resources = new ArrayList<>();

    Opened tcp(String host) throws IOException {
        InetAddress a = InetAddress.getByName(host);
        ServerSocketChannel ch = ServerSocketChannel.open(a instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        resources.add(ch);
        ch.bind(new InetSocketAddress(a, 0));
        Opened o = new Opened("tcp", host, ((InetSocketAddress) ch.getLocalAddress()).getPort());
        opened.add(o);
        return o;
    }

    Opened udp(String host) throws IOException {
        InetAddress a = InetAddress.getByName(host);
        DatagramChannel ch = DatagramChannel.open(a instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        resources.add(ch);
        ch.bind(new InetSocketAddress(a, 0));
        Opened o = new Opened("udp", host, ((InetSocketAddress) ch.getLocalAddress()).getPort());
        opened.add(o);
        return o;
    }

    /** A UDP socket connected to a peer: not a listener. */
    int connectedUdp(String host, int peerPort) throws IOException {
        InetAddress a = InetAddress.getByName(host);
        DatagramChannel ch = DatagramChannel.open();
        resources.add(ch);
        ch.bind(new InetSocketAddress(a, 0));
        ch.connect(new InetSocketAddress(a, peerPort));
        return ((InetSocketAddress) ch.getLocalAddress()).getPort();
    }

    @Override
    public void close() throws IOException {
        for (Closeable c : resources) {
            c.close();
        }
    }
}
