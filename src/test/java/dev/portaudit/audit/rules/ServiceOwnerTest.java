package dev.portaudit.audit.rules;

import static dev.portaudit.audit.rules.RuleChecks.check;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.SoftwarePackage;
import dev.portaudit.testing.Scenarios;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * service-mismatch knows a renamed process by what installed it and what runs it: the package its
 * executable came from, or the systemd service it runs in, named after one of the service's.
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
}
