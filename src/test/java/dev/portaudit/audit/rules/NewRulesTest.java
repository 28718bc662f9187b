package dev.portaudit.audit.rules;

import static dev.portaudit.audit.rules.RuleChecks.check;
import static dev.portaudit.audit.rules.RuleChecks.config;
import static dev.portaudit.audit.rules.RuleChecks.only;
import static dev.portaudit.testing.Scenarios.JAVA;
import static dev.portaudit.testing.Scenarios.NETCAT;
import static dev.portaudit.testing.Scenarios.POSTGRES;
import static dev.portaudit.testing.Scenarios.SSHD;
import static dev.portaudit.testing.Scenarios.TELNETD;
import static dev.portaudit.testing.Scenarios.owner;
import static dev.portaudit.testing.Scenarios.tcp;
import static dev.portaudit.testing.Scenarios.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.Finding;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.IpFamily;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.NetNamespace;
import dev.portaudit.model.Probe;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Transport;
import dev.portaudit.policy.RuleConfig;
import dev.portaudit.testing.Scenarios;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class NewRulesTest {

    // cleartext-protocol

    @Test
    void telnetOnEveryInterfaceIsHigh() {
        Finding f = only(check(new CleartextRule(), tcp("0.0.0.0", 23, TELNETD)));
        assertEquals("cleartext-protocol", f.rule());
        assertEquals(Severity.HIGH, f.severity());
        assertTrue(f.message().contains("serves telnet on 23/tcp, which carries credentials and data in the clear, "
                + "reachable from every interface"), f.message());
        assertTrue(f.remediation().startsWith("Replace it with SSH"), f.remediation());
    }

    @Test
    void cleartextOnLoopbackIsGradedDown() {
        ProcessOwner snmpd = owner(300, "snmpd", "Debian-snmp", 110, "/usr/sbin/snmpd", "/usr/sbin/snmpd");
        Finding f = only(check(new CleartextRule(), udp("127.0.0.1", 161, snmpd)));
        assertEquals(Severity.LOW, f.severity());
        assertTrue(f.remediation().contains("SNMPv3"), f.remediation());
        assertEquals(Severity.MEDIUM, only(check(new CleartextRule(),
                config("cleartext-protocol", Map.of("loopback-severity", Severity.MEDIUM)), Scenarios.host(),
                udp("127.0.0.1", 161, snmpd))).severity());
    }

    @Test
    void aProtocolThatCanSwitchToTlsMayCarryCredentialsInTheClear() {
        ProcessOwner dovecot = owner(1400, "dovecot", "root", 0, "/usr/sbin/dovecot", "/usr/sbin/dovecot");
        Finding imap = only(check(new CleartextRule(), tcp("0.0.0.0", 143, dovecot)));
        assertEquals(Severity.MEDIUM, imap.severity(), "STARTTLS may be mandatory on this server");
        assertTrue(imap.message().contains("which may carry credentials and data in the clear: the protocol can "
                + "switch to TLS"), imap.message());
        assertTrue(imap.remediation().startsWith("Make TLS mandatory"), imap.remediation());
        Finding submission = only(check(new CleartextRule(), tcp("0.0.0.0", 587, owner(1450, "master", "root", 0,
                "/usr/lib/postfix/sbin/master -w", "/usr/lib/postfix/sbin/master"))));
        assertEquals(Severity.MEDIUM, submission.severity(), "mail clients log in on submission, STARTTLS or not");
        Finding tftp = only(check(new CleartextRule(), udp("0.0.0.0", 69, owner(1500, "in.tftpd", "root", 0,
                "/usr/sbin/in.tftpd", "/usr/sbin/in.tftpd"))));
        assertEquals(Severity.HIGH, tftp.severity());
        assertTrue(tftp.message().contains("which has no authentication at all and sends files in the clear"),
                tftp.message());
        Finding snmp = only(check(new CleartextRule(), udp("127.0.0.1", 161, owner(1600, "snmpd", "Debian-snmp", 112,
                "/usr/sbin/snmpd", "/usr/sbin/snmpd"))));
        assertEquals(Severity.LOW, snmp.severity());
        assertTrue(snmp.message().contains("community strings"), snmp.message());
        assertFalse(snmp.remediation().contains("bind it to loopback"), "it is on loopback already: "
                + snmp.remediation());
    }

    @Test
    void aProbeSettlesWhatThePortCouldNot() {
        ProcessOwner dovecot = owner(1400, "dovecot", "root", 0, "/usr/sbin/dovecot", "/usr/sbin/dovecot");
        Listener imap = tcp("0.0.0.0", 143, dovecot);
        Probe refused = new Probe(imap.key(), "imap", true, Optional.of(true), Optional.of(false),
                "IMAP server; STARTTLS offered; password login refused before TLS (LOGINDISABLED)");
        Finding ok = only(RuleChecks.checkProbed(new CleartextRule(), imap, refused));
        assertEquals(Severity.INFO, ok.severity());
        assertTrue(ok.message().contains("which offers TLS and refuses password logins before it (probed: IMAP server"),
                ok.message());
        Probe plain = new Probe(imap.key(), "imap", true, Optional.of(false), Optional.of(true),
                "IMAP server; no STARTTLS; password login accepted before TLS");
        assertEquals(Severity.HIGH, only(RuleChecks.checkProbed(new CleartextRule(), imap, plain)).severity());
        Probe local = new Probe(imap.key(), "imap", true, Optional.of(true), Optional.of(true),
                "IMAP server; STARTTLS offered; password login offered to this machine before TLS");
        Finding trusted = only(RuleChecks.checkProbed(new CleartextRule(), imap, local));
        assertEquals(Severity.MEDIUM, trusted.severity(), "a server may trust its own host: no verdict from here");
        assertTrue(trusted.message().contains("what remote clients get cannot be told from here"), trusted.message());
        Probe silent = new Probe(imap.key(), "imap", false, Optional.empty(), Optional.empty(), "no IMAP greeting");
        assertEquals(Severity.MEDIUM, only(RuleChecks.checkProbed(new CleartextRule(), imap, silent)).severity(),
                "no answer settles nothing");

        Listener ssh = tcp("0.0.0.0", 22, owner(1900, "tinysshd", "root", 0, "/usr/sbin/tinysshd", "/usr/sbin/tinysshd"));
        assertEquals(Severity.MEDIUM, only(check(new ServiceMismatchRule(), ssh)).severity());
        Finding speaks = only(RuleChecks.checkProbed(new ServiceMismatchRule(), ssh, new Probe(ssh.key(), "ssh", true,
                Optional.empty(), Optional.empty(), "SSH banner SSH-2.0-tinysshd")));
        assertEquals(Severity.INFO, speaks.severity());
        assertTrue(speaks.message().contains("but it speaks ssh (probed: SSH banner SSH-2.0-tinysshd"), speaks.message());
    }

    @Test
    void cleartextIgnoreListAndEncryptedPorts() {
        assertTrue(check(new CleartextRule(), config("cleartext-protocol", Map.of("ignore", List.of("telnet"))),
                Scenarios.host(), tcp("0.0.0.0", 23, TELNETD)).isEmpty());
        ProcessOwner dovecot = owner(400, "dovecot", "root", 0, "/usr/sbin/dovecot", "/usr/sbin/dovecot");
        assertTrue(check(new CleartextRule(), tcp("0.0.0.0", 993, dovecot)).isEmpty(), "IMAPS is encrypted");
        assertEquals(1, check(new CleartextRule(), tcp("0.0.0.0", 143, dovecot)).size(), "IMAP is not");
        assertTrue(check(new CleartextRule(), tcp("0.0.0.0", 22, SSHD)).isEmpty());
    }

    // wildcard-exposure

    @Test
    void databaseOnEveryInterfaceIsWorseThanAWebServer() {
        Finding db = only(check(new WildcardExposureRule(), tcp("0.0.0.0", 5432, POSTGRES)));
        assertEquals(Severity.HIGH, db.severity());
        assertTrue(db.message().contains("tcp 0.0.0.0:5432 (postgresql, a database service), held by postgres (pid 700, user postgres), listens on every IPv4 interface"),
                db.message());
        ProcessOwner nginx = owner(1, "nginx", "root", 0, "nginx", "/usr/sbin/nginx");
        assertEquals(Severity.INFO, only(check(new WildcardExposureRule(), tcp("0.0.0.0", 80, nginx))).severity());
        assertEquals(Severity.LOW, only(check(new WildcardExposureRule(), tcp("0.0.0.0", 9999, JAVA))).severity(),
                "uncategorised listeners get the rule's severity");
        ProcessOwner dockerd = owner(2, "dockerd", "root", 0, "dockerd", "/usr/bin/dockerd");
        assertEquals(Severity.CRITICAL, only(check(new WildcardExposureRule(), tcp("::", 2375, dockerd))).severity());
    }

    @Test
    void specificAddressesAreNotWildcards() {
        assertTrue(check(new WildcardExposureRule(), tcp("127.0.0.1", 5432, POSTGRES)).isEmpty());
        assertTrue(check(new WildcardExposureRule(), tcp("10.1.2.3", 5432, POSTGRES)).isEmpty());
        assertTrue(check(new WildcardExposureRule(), tcp("::1", 5432, POSTGRES)).isEmpty());
    }

    @Test
    void categoryGradesComeFromThePolicy() {
        assertEquals(Severity.CRITICAL, only(check(new WildcardExposureRule(),
                config("wildcard-exposure", Map.of("categories", Map.of("database", Severity.CRITICAL))),
                Scenarios.host(), tcp("0.0.0.0", 5432, POSTGRES))).severity());
    }

    @Test
    void wildcardAdviceIsTrueOfTheService() {
        Finding mdns = only(check(new WildcardExposureRule(), udp("0.0.0.0", 5353, owner(1800, "avahi-daemon",
                "avahi", 108, "avahi-daemon: running", "/usr/sbin/avahi-daemon"))));
        assertTrue(mdns.remediation().startsWith("mDNS answers on the local link by design"), mdns.remediation());
        Finding postgres = only(check(new WildcardExposureRule(), tcp("0.0.0.0", 5432, POSTGRES)));
        assertTrue(postgres.remediation().startsWith("Bind it to 127.0.0.1"), "category advice otherwise");
    }

    @Test
    void dualStackIsToldApart() {
        HostFacts v6onlyDefault = Scenarios.host(new KernelSettings(OptionalInt.of(32768), OptionalInt.of(60999),
                OptionalInt.of(1024), Optional.of(true)));
        HostFacts unknown = Scenarios.host(KernelSettings.UNKNOWN);
        Listener v6 = tcp("::", 5432, POSTGRES);
        assertTrue(only(check(new WildcardExposureRule(), v6)).message().contains(
                "every interface, IPv4 and IPv6, unless the socket set IPV6_V6ONLY (net.ipv6.bindv6only is 0, so a socket "
                        + "on :: accepts IPv4 too by default)"));
        assertTrue(only(check(new WildcardExposureRule(), RuleConfig.DEFAULTS, v6onlyDefault, v6)).message()
                .contains("every IPv6 interface (net.ipv6.bindv6only is 1"));
        assertTrue(only(check(new WildcardExposureRule(), RuleConfig.DEFAULTS, unknown, v6)).message()
                .contains("and IPv4 too unless the socket is IPv6-only"));
        assertTrue(only(check(new WildcardExposureRule(), v6, tcp("0.0.0.0", 5432, POSTGRES))).message()
                .contains("IPv6-only: a separate socket holds 0.0.0.0:5432"));
        Listener tcp46 = new Listener(Transport.TCP, IpFamily.IPV6, "::", 5432, true, List.of(POSTGRES));
        assertTrue(only(check(new WildcardExposureRule(), RuleConfig.DEFAULTS, v6onlyDefault, tcp46)).message()
                .contains("the OS reports the socket as dual-stack"));
    }

    @Test
    void aSeparateIpv4SocketCountsOnlyInItsOwnNamespace() {
        NetNamespace container = new NetNamespace(4026532254L, Optional.empty());
        NetNamespace other = new NetNamespace(4026532301L, Optional.empty());
        Listener inContainer = tcp("::", 8080, JAVA).inNamespace(container);
        String bothStacks = "every interface, IPv4 and IPv6, unless the socket set IPV6_V6ONLY";
        assertTrue(only(check(new WildcardExposureRule(), inContainer, tcp("0.0.0.0", 8080, JAVA))).message()
                .contains(bothStacks), "the host's 0.0.0.0:8080 says nothing of the container's [::]:8080");
        assertTrue(only(check(new WildcardExposureRule(), inContainer,
                tcp("0.0.0.0", 8080, JAVA).inNamespace(other))).message().contains(bothStacks),
                "nor does another container's");
        assertTrue(only(check(new WildcardExposureRule(), inContainer,
                tcp("0.0.0.0", 8080, JAVA).inNamespace(container))).message()
                .contains("IPv6-only: a separate socket holds 0.0.0.0:8080"), "the container's own does");
        assertTrue(only(check(new WildcardExposureRule(), tcp("::", 8080, JAVA),
                tcp("0.0.0.0", 8080, JAVA).inNamespace(container))).message().contains(bothStacks),
                "and a container's socket says nothing of the host's");
    }

    // address-exposure

    @Test
    void aCacheOnAPublicAddressIsAsExposedAsOnEveryInterface() {
        ProcessOwner redis = owner(710, "redis-server", "redis", 106, "redis-server 203.0.113.7:6379",
                "/usr/bin/redis-server");
        Finding f = only(check(new AddressExposureRule(), tcp("203.0.113.7", 6379, redis)));
        assertEquals(Severity.HIGH, f.severity(), "graded like a wildcard cache");
        assertTrue(f.message().contains("tcp 203.0.113.7:6379 (redis, a cache service), held by redis-server (pid 710, "
                + "user redis), listens on the public address 203.0.113.7"), f.message());
        assertTrue(f.remediation().startsWith("Bind it to 127.0.0.1 or the private interface"), f.remediation());
        Finding lan = only(check(new AddressExposureRule(), tcp("10.0.0.5", 6379, redis)));
        assertEquals(Severity.INFO, lan.severity(), "a private address is where a cache belongs");
        assertTrue(lan.message().contains("reachable by hosts on the private network of 10.0.0.5"), lan.message());
        assertEquals(Severity.INFO, only(check(new AddressExposureRule(), tcp("fe80::1", 6379, redis))).severity());
        assertTrue(check(new AddressExposureRule(), tcp("127.0.0.1", 6379, redis)).isEmpty());
        assertTrue(check(new AddressExposureRule(), tcp("0.0.0.0", 6379, redis)).isEmpty(),
                "wildcard-exposure speaks for every interface");
        assertEquals(Severity.LOW, only(check(new AddressExposureRule(), tcp("203.0.113.7", 4, JAVA))).severity(),
                "a service the catalogue does not know gets the rule's severity");
        assertEquals(Severity.CRITICAL, only(check(new AddressExposureRule(),
                config("address-exposure", Map.of("categories", Map.of("cache", Severity.CRITICAL))),
                Scenarios.host(), tcp("203.0.113.7", 6379, redis))).severity());
    }

    // service-mismatch

    @Test
    void wellKnownPortHeldByAnotherProgram() {
        Finding f = only(check(new ServiceMismatchRule(), tcp("0.0.0.0", 22, NETCAT)));
        assertEquals("service-mismatch", f.rule());
        assertEquals(Severity.MEDIUM, f.severity());
        assertTrue(f.message().contains("is the port of ssh, but it is held by nc (pid 6000, user mallory), which is "
                + "not known to serve ssh (expected: sshd, sshd-session, dropbear)"), f.message());
    }

    @Test
    void theRightProgramByNameExecutableOrGlobIsFine() {
        assertTrue(check(new ServiceMismatchRule(), tcp("0.0.0.0", 22, SSHD)).isEmpty());
        assertTrue(check(new ServiceMismatchRule(), tcp("127.0.0.1", 5432, POSTGRES)).isEmpty());
        ProcessOwner renamed = owner(5, "postgres: main", "postgres", 105, "postgres: checkpointer",
                "/usr/lib/postgresql/15/bin/postgres");
        assertTrue(check(new ServiceMismatchRule(), tcp("127.0.0.1", 5432, renamed)).isEmpty(),
                "the executable's name counts when the process renamed itself");
        ProcessOwner resolved = owner(6, "systemd-resolve", "systemd-resolve", 990, "/lib/systemd/systemd-resolved",
                "/lib/systemd/systemd-resolved");
        assertTrue(check(new ServiceMismatchRule(), udp("127.0.0.53", 53, resolved)).isEmpty());
    }

    @Test
    void socketActivationProxiesAndUnseenOwnersAreLeftAlone() {
        ProcessOwner systemd = owner(1, "systemd", "root", 0, "/sbin/init", "/usr/lib/systemd/systemd");
        assertTrue(check(new ServiceMismatchRule(), tcp("0.0.0.0", 22, systemd)).isEmpty());
        ProcessOwner proxy = owner(7, "docker-proxy", "root", 0, "docker-proxy -host-port 5432",
                "/usr/bin/docker-proxy");
        assertTrue(check(new ServiceMismatchRule(), tcp("0.0.0.0", 5432, proxy)).isEmpty());
        assertTrue(check(new ServiceMismatchRule(), tcp("0.0.0.0", 22)).isEmpty());
        assertTrue(check(new ServiceMismatchRule(), tcp("0.0.0.0", 9999, NETCAT)).isEmpty(), "not a catalogue port");
        assertEquals(1, check(new ServiceMismatchRule(), config("service-mismatch", Map.of("ignore-programs",
                List.of("docker-proxy"))), Scenarios.host(), tcp("0.0.0.0", 22, systemd)).size(),
                "the ignore list is the policy's");
    }
}
