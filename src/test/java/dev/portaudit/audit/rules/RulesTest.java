package dev.portaudit.audit.rules;

import static dev.portaudit.audit.rules.RuleChecks.check;
import static dev.portaudit.audit.rules.RuleChecks.only;
import static dev.portaudit.testing.Scenarios.CADDY;
import static dev.portaudit.testing.Scenarios.CHRONY;
import static dev.portaudit.testing.Scenarios.FLASK;
import static dev.portaudit.testing.Scenarios.JAVA;
import static dev.portaudit.testing.Scenarios.NGINX_MASTER;
import static dev.portaudit.testing.Scenarios.NGINX_WORKER_1;
import static dev.portaudit.testing.Scenarios.SSHD;
import static dev.portaudit.testing.Scenarios.tcp;
import static dev.portaudit.testing.Scenarios.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.Finding;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Severity;
import dev.portaudit.policy.Policy;
import dev.portaudit.policy.RuleConfig;
import dev.portaudit.testing.Scenarios;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RulesTest {

    private static List<Finding> checkOn(HostFacts host, Rule rule, Listener l) {
        return RuleChecks.check(rule, RuleConfig.DEFAULTS, host, l);
    }

    private static HostFacts kernel(int first, int last, int unprivStart) {
        return Scenarios.host(new KernelSettings(OptionalInt.of(first), OptionalInt.of(last),
                OptionalInt.of(unprivStart), Optional.of(false)));
    }

    // privileged-bind

    @Test
    void privilegedBindByRootIsInformational() {
        Finding f = only(check(new PrivilegedBindRule(), tcp("0.0.0.0", 22, SSHD)));
        assertEquals("privileged-bind", f.rule());
        assertEquals(Severity.INFO, f.severity());
        assertTrue(f.message().contains("tcp 0.0.0.0:22 binds well-known port 22 (ssh)"), f.message());
        assertTrue(f.message().contains("sshd (pid 812, user root)"), f.message());
    }

    @Test
    void sharedSocketWithARootMasterIsRootBound() {
        Finding f = only(check(new PrivilegedBindRule(), tcp("0.0.0.0", 80, NGINX_MASTER, NGINX_WORKER_1)));
        assertEquals(Severity.INFO, f.severity());
        assertTrue(f.message().contains("nginx (pid 1000, user root), nginx (pid 1001, user www-data)"), f.message());
    }

    @Test
    void nonRootWithCapabilityIsLow() {
        Finding f = only(check(new PrivilegedBindRule(), tcp("0.0.0.0", 443, CADDY)));
        assertEquals(Severity.LOW, f.severity(), "least privilege is no worse than root");
        assertTrue(f.message().contains("without root: the process holds CAP_NET_BIND_SERVICE"), f.message());
    }

    @Test
    void nonRootThroughALoweredSysctlIsHighAndNamesTheSetting() {
        Finding f = only(checkOn(kernel(32768, 60999, 80), new PrivilegedBindRule(), tcp("0.0.0.0", 80, FLASK)));
        assertEquals(Severity.HIGH, f.severity());
        assertTrue(f.message().contains("net.ipv4.ip_unprivileged_port_start is 80"), f.message());
    }

    @Test
    void nonRootWithoutCapabilityGotAHandedOverSocket() {
        Finding f = only(check(new PrivilegedBindRule(), tcp("0.0.0.0", 80, NGINX_WORKER_1)));
        assertEquals(Severity.MEDIUM, f.severity());
        assertTrue(f.message().contains("handed over"), f.message());
    }

    @Test
    void unknownOwnerOnAWellKnownPortIsLow() {
        Finding f = only(check(new PrivilegedBindRule(), tcp("0.0.0.0", 25)));
        assertEquals(Severity.LOW, f.severity());
        assertTrue(f.message().contains("owner could not be seen"), f.message());
    }

    @Test
    void aDaemonThatBoundAsRootAndDroppedPrivilegesIsInformational() {
        // chronyd, named, rpcbind, snmpd: the socket's creator is root, the holder a service user
        Finding f = only(check(new PrivilegedBindRule(), udp("0.0.0.0", 123, CHRONY).withSocketUid(0)));
        assertEquals(Severity.INFO, f.severity());
        assertTrue(f.message().contains("bound by root and held by chronyd (pid 600, user _chrony): the daemon "
                + "dropped its privileges after binding"), f.message());
        assertTrue(f.remediation().startsWith("Expected for system daemons"), f.remediation());
        assertEquals(Severity.INFO, only(check(new PrivilegedBindRule(), tcp("0.0.0.0", 25).withSocketUid(0)))
                .severity(), "bound by root even when the holder cannot be seen");
    }

    @Test
    void aSocketCreatedByAnotherUserIsGradedByHowItCouldBind() {
        Finding cap = only(check(new PrivilegedBindRule(), tcp("0.0.0.0", 443, CADDY).withSocketUid(998)));
        assertEquals(Severity.LOW, cap.severity());
        assertTrue(cap.message().contains("bound by uid 998: the process holds CAP_NET_BIND_SERVICE"), cap.message());
        Finding sysctl = only(checkOn(kernel(32768, 60999, 80), new PrivilegedBindRule(),
                tcp("0.0.0.0", 80, FLASK).withSocketUid(1000)));
        assertEquals(Severity.HIGH, sysctl.severity());
        Finding rootHolder = only(check(new PrivilegedBindRule(), tcp("0.0.0.0", 80, NGINX_WORKER_1)
                .withSocketUid(33)));
        assertEquals(Severity.MEDIUM, rootHolder.severity());
        assertTrue(rootHolder.message().contains("created by uid 33"), rootHolder.message());
    }

    @Test
    void registeredPortsAreNotPrivileged() {
        assertTrue(check(new PrivilegedBindRule(), tcp("0.0.0.0", 1024, FLASK)).isEmpty());
        assertEquals(1, check(new PrivilegedBindRule(), tcp("0.0.0.0", 1023, FLASK)).size());
    }

    // dynamic-range-listener

    @Test
    void dynamicAndEphemeral() {
        Finding f = only(check(new DynamicRangeRule(), udp("::1", 50123, JAVA)));
        assertEquals(Severity.LOW, f.severity());
        assertTrue(f.message().contains("IANA's dynamic/private range 49152-65535 and in the kernel's ephemeral "
                + "range 32768-60999"), f.message());
        assertTrue(f.message().contains("java (pid 4300, user app)"), f.message());
    }

    @Test
    void dynamicButOutsideTheKernelRange() {
        Finding f = only(check(new DynamicRangeRule(), tcp("0.0.0.0", 62000, JAVA)));
        assertTrue(f.message().contains("never assigned"), f.message());
    }

    @Test
    void kernelEphemeralRangeThatDiffersFromIanasIsFlaggedToo() {
        Finding f = only(check(new DynamicRangeRule(), tcp("127.0.0.1", 40000, JAVA)));
        assertTrue(f.message().contains("inside the kernel's ephemeral range 32768-60999"), f.message());
        assertTrue(checkOn(kernel(49152, 65535, 1024), new DynamicRangeRule(), tcp("127.0.0.1", 40000, JAVA)).isEmpty(),
                "a kernel range equal to IANA's adds nothing");
        assertTrue(check(new DynamicRangeRule(), tcp("127.0.0.1", 32767, JAVA)).isEmpty());
        assertEquals(1, check(new DynamicRangeRule(), tcp("127.0.0.1", 32768, JAVA)).size());
    }

    @Test
    void unknownKernelRangeOnlyChecksIanas() {
        HostFacts unknown = Scenarios.host(KernelSettings.UNKNOWN);
        assertTrue(checkOn(unknown, new DynamicRangeRule(), tcp("127.0.0.1", 40000, JAVA)).isEmpty());
        assertEquals(1, checkOn(unknown, new DynamicRangeRule(), tcp("127.0.0.1", 49152, JAVA)).size());
    }

    // the table rules

    @Test
    void unofficialUseNamesTheKnownUses() {
        Finding f = only(check(TableStatusRule.unofficialUse(), tcp("0.0.0.0", 25565, FLASK)));
        assertEquals("unofficial-use", f.rule());
        assertTrue(f.message().contains("25565/tcp, which IANA does not assign; it is known only from unofficial uses: Minecraft"),
                f.message());
        assertTrue(f.entries().stream().allMatch(e -> e.status().id().equals("unofficial")));
    }

    @Test
    void unofficialUseIsSilentWhereIanaAssigns() {
        assertTrue(check(TableStatusRule.unofficialUse(), tcp("127.0.0.1", 5000, FLASK)).isEmpty(),
                "5000/tcp is assigned to commplex-main");
        assertTrue(check(TableStatusRule.unofficialUse(), tcp("0.0.0.0", 22, SSHD)).isEmpty());
    }

    @Test
    void unassignedPort() {
        Finding f = only(check(TableStatusRule.unassignedPort(), tcp("10.0.0.5", 4, JAVA)));
        assertEquals("unassigned-port", f.rule());
        assertTrue(f.message().contains("4/tcp, which IANA does not assign and no known service uses"), f.message());
        assertTrue(check(TableStatusRule.unassignedPort(), tcp("0.0.0.0", 22, SSHD)).isEmpty());
        assertTrue(check(TableStatusRule.unassignedPort(), udp("::1", 50123, JAVA)).isEmpty(),
                "the dynamic range is left to dynamic-range-listener");
    }

    @Test
    void aLoopbackListenerOnAReservedOrUnassignedPortCollidesWithNoOne() {
        assertTrue(check(TableStatusRule.unassignedPort(), tcp("127.0.0.1", 4, JAVA)).isEmpty());
        assertTrue(check(TableStatusRule.reservedPort(), udp("127.0.0.1", 1024, CHRONY)).isEmpty());
        assertTrue(check(TableStatusRule.reservedPort(), udp("::1", 1024, CHRONY)).isEmpty());
        assertEquals(1, check(TableStatusRule.reservedPort(), udp("10.0.0.5", 1024, CHRONY)).size(),
                "a private address is reachable by others");
    }

    @Test
    void aDaemonThatTakesARandomPortByDesignIsInformational() {
        ProcessOwner statd = Scenarios.owner(1700, "rpc.statd", "statd", 107, "/sbin/rpc.statd", "/sbin/rpc.statd");
        Finding f = only(check(new DynamicRangeRule(), udp("0.0.0.0", 40123, statd)));
        assertEquals(Severity.INFO, f.severity());
        assertTrue(f.message().endsWith("rpc.statd takes a port at start and registers it with rpcbind by design"),
                f.message());
        assertTrue(f.remediation().contains("/etc/nfs.conf"), f.remediation());
        ProcessOwner avahi = Scenarios.owner(1800, "avahi-daemon", "avahi", 108, "avahi-daemon: running", "");
        assertEquals(Severity.INFO, only(check(new DynamicRangeRule(), udp("0.0.0.0", 51234, avahi))).severity());
        assertEquals(Severity.LOW, only(check(new DynamicRangeRule(), udp("0.0.0.0", 40123, JAVA))).severity(),
                "any other program keeps the rule's grade");
    }

    @Test
    void aPortInTheEphemeralRangeIsCountedOnceAsDynamic() {
        // rpc.statd on a port rpcbind handed out from the kernel's ephemeral range 32768-60999
        Listener statd = tcp("0.0.0.0", 40001, JAVA);
        assertEquals(1, check(new DynamicRangeRule(), statd).size());
        assertTrue(check(TableStatusRule.unassignedPort(), statd).isEmpty(), "not also unassigned-port");
        assertEquals(1, RuleChecks.check(TableStatusRule.unassignedPort(), new RuleConfig(Map.of(
                "dynamic-range-listener", new Policy.RuleSettings(Optional.of(false), Optional.empty(), Map.of()))),
                Scenarios.host(), statd).size(), "with dynamic-range-listener off, unassigned-port speaks for it");
    }

    @Test
    void reservedPort() {
        Finding f = only(check(TableStatusRule.reservedPort(), tcp("0.0.0.0", 1024)));
        assertEquals("reserved-port", f.rule());
        assertTrue(f.message().contains("1024/tcp, which IANA reserves"), f.message());
        assertEquals(1, check(TableStatusRule.reservedPort(), udp("0.0.0.0", 49151)).size());
        assertTrue(check(TableStatusRule.unassignedPort(), tcp("0.0.0.0", 1024)).isEmpty());
        assertTrue(check(TableStatusRule.unofficialUse(), tcp("0.0.0.0", 1024)).isEmpty());
    }

    @Test
    void catalogueHasTheListenerRulesWithDistinctIds() {
        assertEquals(List.of("privileged-bind", "dynamic-range-listener", "unofficial-use", "unassigned-port",
                "reserved-port", "cleartext-protocol", "wildcard-exposure", "address-exposure", "service-mismatch",
                "unpackaged-listener"),
                RuleCatalog.defaults().stream().map(Rule::id).toList());
    }
}
