package dev.portaudit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.portaudit.testing.Scenarios;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A listener's stable identity: which name it goes by, and how earlier identities are found again. */
class ListenerIdentityTest {

    private static final ProcessOwner JAVA = Scenarios.owner(4300, "java", "app", 1001, "java -jar app.jar",
            "/usr/lib/jvm/java-17/bin/java");
    private static final SoftwarePackage JDK = new SoftwarePackage("dpkg", Optional.of("openjdk-17-jre-headless"),
            Optional.of("17.0.13+11-2"));

    private static String name(Listener l) {
        return ListenerIdentity.of(l).name();
    }

    @Test
    void theNameAnOperatorUses() {
        assertEquals("unit:ssh.socket", name(Scenarios.tcp("::", 22, Scenarios.owner(1, "systemd", "root", 0,
                "/sbin/init", "/lib/systemd/systemd").withUnit("init.scope"))
                .withActivation(new SocketActivation("ssh.socket", "ssh@.service"))), "an activated socket: its unit");
        assertEquals("unit:app.service", name(Scenarios.tcp("0.0.0.0", 8080, JAVA.withUnit("app.service")
                .withSoftware(JDK))), "the service before the package");
        assertEquals("package:openjdk-17-jre-headless", name(Scenarios.tcp("0.0.0.0", 8080, JAVA
                .withUnit("session-4.scope").withSoftware(JDK))), "a session's scope comes and goes: the package");
        assertEquals("package:openjdk-17-jre-headless", name(Scenarios.tcp("0.0.0.0", 8080, JAVA
                .withUnit("run-u81.service").withSoftware(JDK))), "systemd-run's transient service: the package");
        assertEquals("", name(Scenarios.tcp("0.0.0.0", 8080, JAVA.withSoftware(SoftwarePackage.none("dpkg")))),
                "from no package and in no unit: the executable alone");
        assertEquals("", name(Scenarios.tcp("0.0.0.0", 8080)), "no owner seen");
    }

    @Test
    void equalByNameWhateverTheExecutable() {
        ListenerIdentity a = new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, 8080, "/jdk17/java", "unit:app.service");
        ListenerIdentity b = new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, 8080, "/jdk21/java", "unit:app.service");
        ListenerIdentity other = new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, 8080, "/jdk17/java",
                "unit:other.service");
        ListenerIdentity unnamed = new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, 8080, "/jdk17/java");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, other);
        assertNotEquals(a, unnamed, "equality stays transitive: a name against none is the index's question");
        assertEquals(unnamed, new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, 8080, "/jdk17/java"));
        assertNotEquals(unnamed, new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, 8080, "/jdk21/java"));
        assertEquals("tcp/8080 wildcard unit:app.service", a.toString());
        assertEquals("tcp/8080 wildcard /jdk17/java", unnamed.toString());
    }

    @Test
    void theIndexFindsEarlierIdentitiesRecordedWithoutANameByExecutable() {
        ListenerIdentity oldSsh = new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, 22, "/usr/sbin/sshd");
        ListenerIdentity named = new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, 443, "/usr/sbin/nginx",
                "unit:nginx.service");
        ListenerIdentity.Index<ListenerIdentity> index = new ListenerIdentity.Index<>(List.of(oldSsh, named),
                Function.identity());
        assertEquals(Optional.of(oldSsh), index.find(new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, 22,
                "/usr/sbin/sshd", "unit:ssh.service")), "recorded before names: by executable");
        assertEquals(Optional.of(named), index.find(new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, 443,
                "/usr/sbin/nginx")), "its unit unread this time: by executable");
        assertEquals(Optional.of(named), index.find(new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, 443,
                "/opt/nginx/sbin/nginx", "unit:nginx.service")), "by name, the executable moved");
        assertEquals(Optional.empty(), index.find(new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, 443,
                "/usr/sbin/nginx", "unit:evil.service")), "two names that differ are two listeners");
        assertEquals(Optional.empty(), index.find(new ListenerIdentity(Transport.TCP, Exposure.LOOPBACK, 22,
                "/usr/sbin/sshd")), "another address class");
    }
}
