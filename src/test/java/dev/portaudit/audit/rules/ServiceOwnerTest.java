package dev.portaudit.audit.rules;

import static dev.portaudit.audit.rules.RuleChecks.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.Describe;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.SocketActivation;
import dev.portaudit.model.SoftwarePackage;
import dev.portaudit.testing.Scenarios;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Rules speak of owners in an operator's words: service-mismatch knows a renamed process by the
 * package its executable came from or the systemd service it runs in; remediation names the unit.
 */
class ServiceOwnerTest {

    private static ProcessOwner renamed(String name) {
        return Scenarios.owner(5000, name, "postgres", 105, name + ": main", "/usr/lib/postgresql/15/bin/" + name);
    }

    @Test
    void aRenamedProcessIsKnownByItsPackageOrUnit() {
        ServiceMismatchRule rule = new ServiceMismatchRule();
        assertEquals(1, check(rule, Scenarios.tcp("0.0.0.0", 5432, renamed("pgworker"))).size(),
                "a program the catalogue does not name, and nothing else known of it");
        assertEquals(0, check(rule, Scenarios.tcp("0.0.0.0", 5432, renamed("pgworker").withSoftware(
                new SoftwarePackage("dpkg", Optional.of("postgresql-15"), Optional.of("15.8-0+deb12u1"))))).size(),
                "from postgresql-15, which the catalogue's postgresql-* names");
        assertEquals(0, check(rule, Scenarios.tcp("0.0.0.0", 5432, renamed("pgworker").withUnit(
                "postgresql@15-main.service"))).size(), "run by postgresql@15-main.service");
        assertEquals(1, check(rule, Scenarios.tcp("0.0.0.0", 5432, renamed("pgworker").withUnit("session-3.scope")
                .withSoftware(SoftwarePackage.none("dpkg")))).size(), "a session, no package: still a stranger");
        assertEquals(0, check(rule, Scenarios.tcp("0.0.0.0", 80, Scenarios.owner(6000, "worker", "www-data", 33,
                "worker", "/usr/sbin/worker").withUnit("nginx.service"))).size(), "http run by nginx.service");
    }

    /** Remediation names the unit to disable: the socket unit of an activated socket, else the service. */
    @Test
    void remediationNamesTheUnit() {
        ProcessOwner systemd = Scenarios.owner(1, "systemd", "root", 0, "/sbin/init", "/lib/systemd/systemd")
                .withUnit("init.scope");
        Listener telnet = Scenarios.tcp("0.0.0.0", 23, systemd).withActivation(new SocketActivation("telnet.socket",
                "telnet@.service"));
        Finding f = check(new CleartextRule(), telnet).get(0);
        assertTrue(f.remediation().endsWith("To stop it for good: systemctl disable --now telnet.socket."),
                f.remediation());
        assertTrue(f.message().contains("held by systemd (pid 1, user root) for telnet.socket \u2192 telnet@.service"),
                f.message());
        Finding plain = check(new CleartextRule(), Scenarios.tcp("0.0.0.0", 23, Scenarios.TELNETD)).get(0);
        assertTrue(!plain.remediation().contains("systemctl"), "no unit known, no command guessed");
        assertEquals(Optional.of("systemctl disable --now nginx.service"), Describe.stopCommand(Scenarios.tcp("0.0.0.0",
                80, Scenarios.NGINX_MASTER)));
        assertEquals(Optional.empty(), Describe.stopCommand(Scenarios.tcp("0.0.0.0", 80, Scenarios.NGINX_MASTER
                .withUnit("session-3.scope"))), "a session is not disabled");
    }
}
