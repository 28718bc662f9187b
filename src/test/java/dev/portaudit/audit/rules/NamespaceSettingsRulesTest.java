package dev.portaudit.audit.rules;

import static dev.portaudit.audit.rules.RuleChecks.check;
import static dev.portaudit.audit.rules.RuleChecks.only;
import static dev.portaudit.testing.Scenarios.owner;
import static dev.portaudit.testing.Scenarios.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.Container;
import dev.portaudit.model.Finding;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.NetNamespace;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Severity;
import dev.portaudit.policy.RuleConfig;
import dev.portaudit.testing.Scenarios;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Under --all-namespaces each listener is judged by its own namespace's port settings, not the host's. */
class NamespaceSettingsRulesTest {

    private static final ProcessOwner WWW = owner(4400, "httpd", "www", 1000, "/bin/httpd -f -p 80", "/bin/busybox");
    private static final Container WEB = new Container("podman", "0db8865075d59fd045b6a9c0a8e170f51ba3212142ced407475a61e"
            + "35598cfed", Optional.empty(), Optional.of("web1"), Optional.of("localhost/pa-busybox:test"),
            Optional.empty());

    private static NetNamespace ns(Optional<Container> c, Optional<KernelSettings> settings) {
        return new NetNamespace(4026532254L, c, settings);
    }

    private static KernelSettings settings(int first, int last, int unprivileged) {
        return new KernelSettings(OptionalInt.of(first), OptionalInt.of(last), OptionalInt.of(unprivileged),
                Optional.of(false));
    }

    @Test
    void aContainersOwnUnprivilegedPortStartIsUsed() {
        Listener onHostSettings = tcp("0.0.0.0", 80, WWW).inNamespace(ns(Optional.of(WEB), Optional.of(
                settings(32768, 60999, 1024))));
        Finding handed = only(check(new PrivilegedBindRule(), onHostSettings));
        assertEquals(Severity.MEDIUM, handed.severity(), "1024 in the namespace: bound with privileges, handed over");
        Listener lowered = tcp("0.0.0.0", 80, WWW).inNamespace(ns(Optional.of(WEB), Optional.of(
                settings(32768, 60999, 0))));
        Finding own = only(check(new PrivilegedBindRule(), lowered));
        assertEquals(Severity.LOW, own.severity(), own.message());
        assertTrue(own.message().contains("ip_unprivileged_port_start is 0 in podman:web1's own network "
                + "namespace, as container engines set it"), own.message());
        assertFalse(own.message().contains("handed over"), "the false reason is gone");
        Listener hostLowered = tcp("0.0.0.0", 80, WWW);
        assertEquals(Severity.HIGH, only(check(new PrivilegedBindRule(), RuleConfig.DEFAULTS,
                Scenarios.host(settings(32768, 60999, 0)), hostLowered)).severity(), "on the host itself: any user");
    }

    @Test
    void aContainersOwnEphemeralRangeIsUsed() {
        Listener inRange = tcp("0.0.0.0", 20500, WWW).inNamespace(ns(Optional.of(WEB), Optional.of(
                settings(20000, 20999, 1024))));
        Finding f = only(check(new DynamicRangeRule(), inRange));
        assertTrue(f.message().contains("inside the kernel's ephemeral range 20000-20999"), f.message());
        assertTrue(f.message().contains("(podman:web1's own)"), f.message());
        assertEquals(List.of(), check(new DynamicRangeRule(), tcp("0.0.0.0", 20500, WWW)),
                "the host's range (32768-60999) does not hold 20500");
    }

    @Test
    void unreadSettingsAreAnAssumptionSaidAloud() {
        Listener unknown = tcp("0.0.0.0", 80, WWW).inNamespace(ns(Optional.of(WEB), Optional.empty()));
        Finding f = only(check(new PrivilegedBindRule(), unknown));
        assertTrue(f.message().endsWith("(assuming the host's port settings: those of podman:web1 could not be "
                + "read)"), f.message());
        Finding read = only(check(new PrivilegedBindRule(), tcp("0.0.0.0", 80, WWW).inNamespace(ns(Optional.of(WEB),
                Optional.of(settings(32768, 60999, 1024))))));
        assertFalse(read.message().contains("assuming"), read.message());
    }
}
