package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.IpFamily;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Transport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmallParsersTest {

    @Test
    void aLinkLocalListenerGetsTheZoneOfTheOneInterfaceWithItsAddress() {
        String ifInet6 = "fd000000000000000000000000000002 04 40 00 82     eth0\n"
                + "fe8000000000000000fc00fffe000001 04 40 20 80     eth0\n"
                + "fe800000000000000000000000000001 05 40 20 80     eth1\n"
                + "fe800000000000000000000000000001 06 40 20 80     eth2\n"
                + "00000000000000000000000000000001 01 80 10 80       lo\n";
        assertEquals(List.of("eth0"), Zones.interfacesByAddress(ifInet6).get("fe80::fc:ff:fe00:1"));
        Listener unique = new Listener(Transport.TCP, IpFamily.IPV6, "fe80::fc:ff:fe00:1", 8080, false, List.of());
        Listener shared = new Listener(Transport.TCP, IpFamily.IPV6, "fe80::1", 8081, false, List.of());
        Listener ula = new Listener(Transport.TCP, IpFamily.IPV6, "fd00::2", 8082, false, List.of());
        List<Listener> out = Zones.assign(List.of(unique, shared, ula), Optional.of(ifInet6));
        assertEquals(Optional.of("eth0"), out.get(0).zone());
        assertEquals("tcp [fe80::fc:ff:fe00:1%eth0]:8080", out.get(0).endpoint());
        assertEquals(Optional.empty(), out.get(1).zone(), "on two interfaces: which one cannot be told");
        assertEquals(Optional.empty(), out.get(2).zone(), "not link-local: no zone");
        assertEquals(List.of(unique), Zones.assign(List.of(unique), Optional.empty()), "no table: nothing known");
    }


    @Test
    void kernelSettingsCapturedBySysctl() {
        KernelSettings k = KernelSettingsParser.fromSysctl("net.ipv4.ip_local_port_range = 40000\t50000\n"
                + "net.ipv4.ip_unprivileged_port_start = 80\nnet.ipv6.bindv6only = 1\nkernel.other = x\n")
                .orElseThrow();
        assertEquals(40000, k.ephemeralFirst().getAsInt());
        assertEquals(50000, k.ephemeralLast().getAsInt());
        assertEquals(80, k.unprivilegedPortStart().getAsInt());
        assertEquals(Optional.of(true), k.ipv6BindV6Only());
        assertEquals(Optional.empty(), KernelSettingsParser.fromSysctl("kernel.hostname = web-1\n"),
                "a file with none of the three is not a capture of them");
        KernelSettings partial = KernelSettingsParser.fromSysctl("net.ipv6.bindv6only=0").orElseThrow();
        assertTrue(partial.ephemeralFirst().isEmpty(), "what was not captured stays unknown");
    }


    @Test
    void aProcessNameTheKernelCutIsCompletedFromTheExecutable() {
        assertEquals("prometheus-node-exporter", ProcessNames.full("prometheus-node",
                "/usr/bin/prometheus-node-exporter", "/usr/bin/prometheus-node-exporter --web.listen-address=:9100"));
        assertEquals("prometheus-node-exporter", ProcessNames.full("prometheus-node", "/usr/bin/prometheus-node-exporter"
                + " (deleted)", ""), "an executable replaced by an upgrade");
        assertEquals("systemd-resolved-helper", ProcessNames.full("systemd-resolve", "",
                "/usr/lib/systemd/systemd-resolved-helper -v"), "the first argument when the executable is unknown");
        assertEquals("systemd-resolved", ProcessNames.full("systemd-resolve", "/usr/lib/systemd/systemd-resolved",
                "/usr/lib/systemd/systemd-resolved"), "the kernel lists systemd-resolved one letter short");
        assertEquals("nginx", ProcessNames.full("nginx", "/usr/sbin/nginx-debug", ""), "a short name was not cut");
        assertEquals("my-renamed-work", ProcessNames.full("my-renamed-work", "/usr/bin/java", "java -jar x.jar"),
                "a name a process gave itself is kept");
    }


    @Test
    void passwdMapsUidsToNamesAndSkipsJunk() {
        Map<Long, String> users = PasswdParser.parse("""
                root:x:0:0:root:/root:/bin/bash
                # comment
                +nis
                www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
                broken-line
                toor:x:0:0::/root:/bin/sh
                bad:x:notanumber:1::/:/bin/false
                """);
        assertEquals(Map.of(0L, "root", 33L, "www-data"), users);
    }

    @Test
    void statusGivesEffectiveUidAndBindCapability() {
        ProcStatusParser.Status s = ProcStatusParser.parse("Name:\tnginx\nUid:\t0\t33\t33\t33\nCapEff:\t0000000000000400\n");
        assertEquals(33, s.effectiveUid().getAsLong());
        assertEquals(Optional.of(true), s.bindCapability());
        ProcStatusParser.Status none = ProcStatusParser.parse("Uid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000000000\n");
        assertEquals(Optional.of(false), none.bindCapability());
        assertTrue(ProcStatusParser.parse("garbage").effectiveUid().isEmpty());
    }

    @Test
    void kernelSettings() {
        KernelSettings k = KernelSettingsParser.parse(Optional.of("32768\t60999\n"), Optional.of("1024\n"),
                Optional.of("0\n"));
        assertEquals(32768, k.ephemeralFirst().getAsInt());
        assertEquals(60999, k.ephemeralLast().getAsInt());
        assertEquals(1024, k.unprivilegedPortStart().getAsInt());
        assertEquals(Optional.of(false), k.ipv6BindV6Only());
        assertTrue(k.ephemeralDiffersFromIana());
        assertTrue(k.inEphemeralRange(40000));

        KernelSettings broken = KernelSettingsParser.parse(Optional.of("60999 32768"), Optional.of("x"),
                Optional.empty());
        assertTrue(broken.ephemeralFirst().isEmpty());
        assertTrue(broken.unprivilegedPortStart().isEmpty());
        assertTrue(broken.ipv6BindV6Only().isEmpty());
    }

    @Test
    void cmdlineKeepsEveryByte() {
        byte[] raw = "python3\0-c\0\nimport os\nprint(1)\0\0x\0".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("python3", "-c", "\nimport os\nprint(1)", "", "x"), CmdlineParser.arguments(raw));
        byte[] invalid = {'a', (byte) 0xff, 'b', 0};
        assertEquals("a\uFFFDb", CmdlineParser.commandLine(invalid));
        assertEquals(List.of(), CmdlineParser.arguments(new byte[0]));
    }

    @Test
    void fdLinks() {
        assertEquals(12345, FdLinks.socketInode("socket:[12345]"));
        assertEquals(-1, FdLinks.socketInode("pipe:[12345]"));
        assertEquals(-1, FdLinks.socketInode("/dev/null"));
        assertEquals(-1, FdLinks.socketInode("socket:[abc]"));
    }
}
