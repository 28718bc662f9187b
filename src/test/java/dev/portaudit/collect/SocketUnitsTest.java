package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.SocketActivation;
import dev.portaudit.model.Transport;
import dev.portaudit.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    @Test
    void bindIpv6OnlyTellsWhetherTheWildcardTakesIpv4() throws Exception {
        Path dir = Files.createDirectories(root.resolve("v6"));
        Files.writeString(dir.resolve("both.socket"), "[Socket]\nListenStream=7001\nBindIPv6Only=both\n");
        Files.writeString(dir.resolve("only.socket"), "[Socket]\nListenStream=7002\nBindIPv6Only=ipv6-only\n");
        Files.writeString(dir.resolve("kernel.socket"), "[Socket]\nListenStream=7003\nFreeBind=yes\n");
        SocketUnits units = new SocketUnits(List.of(dir));
        Listener both = units.complete(List.of(Scenarios.tcp("::", 7001, SYSTEMD))).get(0);
        assertEquals(Optional.of(false), both.v6Only());
        assertTrue(both.dualStack(), "IPV6_V6ONLY cleared: IPv4 too");
        Listener only = units.complete(List.of(Scenarios.tcp("::", 7002, SYSTEMD))).get(0);
        assertEquals(Optional.of(true), only.v6Only());
        assertFalse(only.dualStack());
        Listener kernel = units.complete(List.of(Scenarios.tcp("::", 7003, SYSTEMD))).get(0);
        assertEquals(Optional.empty(), kernel.v6Only(), "default: the kernel's bindv6only decides, as before");
        assertEquals(Optional.of("kernel.socket"), kernel.activation().map(SocketActivation::socketUnit));
        Listener measured = units.complete(List.of(Scenarios.tcp("::", 7002, SYSTEMD).withV6Only(false))).get(0);
        assertEquals(Optional.of(false), measured.v6Only(), "the kernel's own flag, where read, is not overridden");
    }

    @Test
    void theRunningManagersAccountIsRead() throws Exception {
        String show = Files.readString(Path.of("src/test/resources/fixtures/systemd/systemctl-show-sockets.txt"));
        List<SocketUnits.Unit> units = ServiceManagers.parse(show);
        assertEquals(List.of("demo2.socket", "demo.socket", "ssh.socket"), units.stream().map(SocketUnits.Unit::name)
                .toList(), "path and netlink sockets are not IP listeners");
        assertEquals(new SocketUnits.Unit("demo2.socket", "demo.service", List.of(
                new SocketUnits.Listen(Transport.TCP, Optional.of("::"), 47124),
                new SocketUnits.Listen(Transport.UDP, Optional.of("::1"), 47125)), Optional.of(true)), units.get(0));
        assertEquals("ssh.service", units.get(2).service(), "nothing triggered: the unit's own name");
        assertEquals(Optional.of(false), units.get(2).v6Only());
    }

    @Test
    void theManagersViewBeatsTheFilesAndEachManagerIsAskedOnce() {
        List<Integer> asked = new ArrayList<>();
        ServiceManagers.Query query = m -> {
            asked.add(m.pid());
            return Optional.of(ServiceManagers.parse("Id=sshd.socket\nListen=[::1]:2222 (Stream)\n"
                    + "Triggers=sshd.service\nBindIPv6Only=default\n"));
        };
        SocketUnits units = new SocketUnits(path, query);
        List<Listener> out = units.complete(List.of(Scenarios.tcp("::1", 2222, SYSTEMD),
                Scenarios.udp("0.0.0.0", 5353, SYSTEMD)));
        assertEquals(Optional.of(new SocketActivation("sshd.socket", "sshd.service")), out.get(0).activation(),
                "the loaded unit, where the files say ssh.socket");
        assertEquals(Optional.empty(), out.get(1).activation(), "the files' dns.socket is not loaded in the manager");
        assertEquals(List.of(1), asked);
        SocketUnits silent = new SocketUnits(path, m -> Optional.empty());
        assertEquals(Optional.of("ssh.socket"), silent.complete(List.of(Scenarios.tcp("::1", 2222, SYSTEMD))).get(0)
                .activation().map(SocketActivation::socketUnit), "a manager that cannot be asked: the files answer");
    }

    @Test
    void aUserManagersRuntimeDirectoryFromItsEnvironment() throws Exception {
        Path environ = root.resolve("environ");
        Files.write(environ, "HOME=/home/alice\0XDG_RUNTIME_DIR=/run/user/1000\0LANG=C.UTF-8\0".getBytes());
        assertEquals(Optional.of("/run/user/1000"), ServiceManagers.runtimeDirectory(environ));
        assertEquals(Optional.empty(), ServiceManagers.runtimeDirectory(root.resolve("gone")));
    }
}
