package dev.portaudit.audit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Severity;
import dev.portaudit.model.SoftwarePackage;
import dev.portaudit.policy.RuleConfig;
import dev.portaudit.testing.Scenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** unpackaged-listener: only where the package database was read, graded by where the file is. */
class UnpackagedListenerRuleTest {

    private static List<Finding> check(String executable, Optional<SoftwarePackage> software) {
        ProcessOwner o = Scenarios.owner(4242, "srv", "app", 1000, executable, executable);
        if (software.isPresent()) {
            o = o.withSoftware(software.get());
        }
        Listener l = Scenarios.tcp("0.0.0.0", 4444, o);
        List<Finding> out = new ArrayList<>();
        new UnpackagedListenerRule().check(new AuditedListener(l, List.of()), new AuditContext(Scenarios.host(),
                RuleConfig.DEFAULTS, Scenarios.catalog(), List.of(l)), out);
        return out;
    }

    private static final Optional<SoftwarePackage> NONE = Optional.of(SoftwarePackage.none("dpkg"));

    @Test
    void gradedByWhereTheFileIs() {
        List<Finding> opt = check("/opt/srv/bin/srv", NONE);
        assertEquals(1, opt.size());
        assertEquals(Severity.LOW, opt.get(0).severity());
        assertTrue(opt.get(0).message().endsWith("the executable /opt/srv/bin/srv comes from no package (the dpkg "
                + "database lists none)"), opt.get(0).message());
        List<Finding> tmp = check("/tmp/.x/srv", NONE);
        assertEquals(Severity.MEDIUM, tmp.get(0).severity());
        assertTrue(tmp.get(0).message().endsWith("and it lives in /tmp/, where any user may write"), tmp.get(0)
                .message());
        List<Finding> deleted = check("/opt/srv/bin/srv (deleted)", NONE);
        assertEquals(Severity.MEDIUM, deleted.get(0).severity());
        assertTrue(deleted.get(0).message().contains("/opt/srv/bin/srv comes from no package")
                && deleted.get(0).message().endsWith("the file was deleted after the process started"));
        assertTrue(deleted.get(0).remediation().contains("/proc/4242/exe"), deleted.get(0).remediation());
    }

    @Test
    void saysNothingWithoutTheDatabaseOrForAPackagedFile() {
        assertEquals(List.of(), check("/tmp/srv", Optional.empty()), "no database read: not a guess");
        assertEquals(List.of(), check("/usr/sbin/sshd", Optional.of(new SoftwarePackage("dpkg",
                Optional.of("openssh-server"), Optional.of("1:9.2p1-2")))));
    }
}
