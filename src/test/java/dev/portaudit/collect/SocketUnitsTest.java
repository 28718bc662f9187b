package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.SocketActivation;
import dev.portaudit.model.Transport;
import dev.portaudit.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Socket units from a search path laid out as systemd's: overrides, drop-ins, templates, datagrams. */
class SocketUnitsTest {

    @TempDir
    Path root;
    private List<Path> path;

    private static final ProcessOwner SYSTEMD = Scenarios.owner(1, "systemd", "root", 0, "/sbin/init", "/lib/systemd/systemd");

    @BeforeEach
    void units() throws Exception {
        Path etc = Files.createDirectories(root.resolve("etc"));
        Path lib = Files.createDirectories(root.resolve("lib"));
        Files.writeString(lib.resolve("ssh.socket"), "[Unit]\nDescription=OpenBSD Secure Shell server socket\n\n"
                + "[Socket]\nListenStream=22\nAccept=yes\n\n[Install]\nWantedBy=sockets.target\n");
        Files.writeString(lib.resolve("cups.socket"), "[Socket]\nListenStream=/run/cups/cups.sock\n");
        Files.writeString(lib.resolve("dns.socket"), "[Socket]\nListenDatagram=127.0.0.1:53\nListenStream=127.0.0.1:53\n"
                + "Service=named.service\n");
        // the administrator moved ssh to 2222 on IPv6 loopback, with a drop-in, and overrides dns.socket in /etc
        Path dropIns = Files.createDirectories(etc.resolve("ssh.socket.d"));
        Files.writeString(dropIns.resolve("port.conf"), "[Socket]\nListenStream=\nListenStream=[::1]:2222\n");
        Files.writeString(etc.resolve("dns.socket"), "[Socket]\nListenDatagram=0.0.0.0:5353\n");
        path = List.of(etc, lib);
    }

    private Optional<SocketActivation> activation(Listener l) {
        return new SocketUnits(path).complete(List.of(l)).get(0).activation();
    }

    @Test
    void theManagersSocketsAreAttributedToTheirUnits() {
        assertEquals(Optional.of(new SocketActivation("ssh.socket", "ssh@.service")),
                activation(Scenarios.tcp("::1", 2222, SYSTEMD)), "the drop-in's ListenStream, Accept=yes's template");
        assertEquals(Optional.empty(), activation(Scenarios.tcp("::", 22, SYSTEMD)), "reset by the drop-in");
        assertEquals(Optional.of(new SocketActivation("dns.socket", "dns.service")),
                activation(Scenarios.udp("0.0.0.0", 5353, SYSTEMD)), "/etc's copy wins over /lib's");
        assertEquals(Optional.empty(), activation(Scenarios.udp("127.0.0.1", 53, SYSTEMD)), "/lib's copy is masked");
    }

    @Test
    void onlyTheServiceManagersSockets() {
        ProcessOwner sshd = Scenarios.owner(812, "sshd", "root", 0, "sshd", "/usr/sbin/sshd");
        assertEquals(Optional.empty(), activation(Scenarios.tcp("::1", 2222, sshd)), "sshd binds its own");
        ProcessOwner activator = Scenarios.owner(900, "systemd-socket-activate", "root", 0,
                "systemd-socket-activate -l 127.0.0.1:2222", "/usr/bin/systemd-socket-activate");
        assertEquals(Optional.of("ssh.socket"), activation(Scenarios.tcp("::1", 2222, activator)).map(
                SocketActivation::socketUnit));
    }

    @Test
    void listenValuesAsSystemdWritesThem() {
        assertEquals(Optional.of(new SocketUnits.Listen(Transport.TCP, Optional.empty(), 22)),
                SocketUnits.listen(Transport.TCP, "22"));
        assertEquals(Optional.empty(), SocketUnits.listen(Transport.TCP, "/run/x.sock"));
        assertEquals(Optional.empty(), SocketUnits.listen(Transport.TCP, "vsock:2:1234"));
        assertEquals(Optional.empty(), SocketUnits.listen(Transport.TCP, "99999"));
        assertEquals(List.of(Path.of("/a"), Path.of("/b")), SocketUnits.searchPath("/a:/b"));
        assertEquals(Path.of("/a"), SocketUnits.searchPath("/a:").get(0));
        assertEquals(SocketUnits.DEFAULT_PATH.size() + 1, SocketUnits.searchPath("/a:").size(),
                "a trailing colon appends the default path");
    }
}
