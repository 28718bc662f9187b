package dev.portaudit.audit;

import static dev.portaudit.testing.Scenarios.CHRONY;
import static dev.portaudit.testing.Scenarios.JAVA;
import static dev.portaudit.testing.Scenarios.NGINX_MASTER;
import static dev.portaudit.testing.Scenarios.NGINX_WORKER_1;
import static dev.portaudit.testing.Scenarios.POSTGRES;
import static dev.portaudit.testing.Scenarios.SSHD;
import static dev.portaudit.testing.Scenarios.TELNETD;
import static dev.portaudit.testing.Scenarios.owner;
import static dev.portaudit.testing.Scenarios.tcp;
import static dev.portaudit.testing.Scenarios.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.Container;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Report;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Snapshot;
import dev.portaudit.model.SocketActivation;
import dev.portaudit.model.SoftwarePackage;
import dev.portaudit.policy.Baseline;
import dev.portaudit.policy.BaselineFile;
import dev.portaudit.cli.CliRunner;
import dev.portaudit.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Allow, deny, waivers, rule settings and baselines, end to end through the auditor. */
class PolicyAuditTest {

    @TempDir
    Path tmp;

    private Path policy(String yaml) throws Exception {
        return Files.writeString(Files.createTempFile(tmp, "policy", ".yaml"), yaml);
    }

    private static Snapshot host(Listener... listeners) {
        return new Snapshot(Scenarios.host(), List.of(listeners), List.of());
    }

    private static Report audit(Snapshot s, Path... policies) {
        return Scenarios.report(s, Scenarios.settings(Optional.empty(), policies));
    }

    private static List<Finding> rule(Report r, String rule) {
        return r.findings().stream().filter(f -> f.rule().equals(rule)).toList();
    }

    private static List<Integer> ports(List<Finding> findings) {
        return findings.stream().map(f -> f.listener().port()).sorted().toList();
    }

    @Test
    void allowListMakesEveryOtherListenerUnexpected() throws Exception {
        Path p = policy("""
                allow:
                  - name: ssh
                    protocol: tcp
                    port: 22
                    process: sshd
                  - name: web
                    port: [80, 443]
                    user: www-data
                  - name: local app range
                    port: 8000-8099
                    address: loopback
                """);
        Report r = audit(host(tcp("0.0.0.0", 22, SSHD), tcp("0.0.0.0", 80, NGINX_MASTER, NGINX_WORKER_1),
                tcp("127.0.0.1", 8080, JAVA), tcp("0.0.0.0", 8081, JAVA), udp("0.0.0.0", 22, SSHD),
                tcp("0.0.0.0", 2222, SSHD), tcp("0.0.0.0", 25)), p);
        List<Finding> unexpected = rule(r, "unexpected-listener");
        assertEquals(List.of(22, 25, 2222, 8081), ports(unexpected));
        Finding f = unexpected.stream().filter(x -> x.listener().port() == 25).findFirst().orElseThrow();
        assertEquals(Severity.MEDIUM, f.severity());
        assertTrue(f.message().contains("matches no allow entry of the policy (3 entries, in " + p + ")"), f.message());
        assertTrue(f.message().contains("with its owner unseen"), f.message());
    }

    @Test
    void withoutAllowEntriesNothingIsUnexpected() {
        assertTrue(rule(Scenarios.report(Scenarios.mixed()), "unexpected-listener").isEmpty());
    }

    @Test
    void denyRaisesThePolicysOwnMessageAndSeverity() throws Exception {
        Path p = policy("""
                deny:
                  - name: no telnet
                    service: telnet
                    severity: critical
                    message: telnet sends passwords in the clear
                  - name: databases on wildcard
                    category: database
                    address: wildcard
                """);
        Report r = audit(host(tcp("0.0.0.0", 23, TELNETD), tcp("0.0.0.0", 5432, POSTGRES),
                tcp("127.0.0.1", 5432, POSTGRES), tcp("::", 5432, POSTGRES)), p);
        List<Finding> denied = rule(r, "denied-listener");
        assertEquals(3, denied.size(), denied.toString());
        Finding telnet = denied.stream().filter(f -> f.listener().port() == 23).findFirst().orElseThrow();
        assertEquals(Severity.CRITICAL, telnet.severity());
        assertTrue(telnet.message().endsWith("is denied by 'no telnet' (" + p + ":2:5): telnet sends passwords in "
                + "the clear"), telnet.message());
        assertTrue(denied.stream().filter(f -> f.listener().port() == 5432)
                .allMatch(f -> f.severity() == Severity.HIGH && f.listener().isWildcard()));
    }

    @Test
    void aDeniedListenerIsReportedOnceNotAlsoAsUnexpected() throws Exception {
        Path p = policy("""
                allow:
                  - name: ssh
                    port: 22
                deny:
                  - name: no telnet
                    service: telnet
                """);
        Report r = audit(host(tcp("0.0.0.0", 22, SSHD), tcp("0.0.0.0", 23, TELNETD), tcp("127.0.0.1", 8080, JAVA)), p);
        assertEquals(List.of(23), ports(rule(r, "denied-listener")));
        assertEquals(List.of(8080), ports(rule(r, "unexpected-listener")), "telnet is denied, so not also unexpected");
        Path off = policy("""
                rules:
                  denied-listener:
                    enabled: false
                """);
        assertEquals(List.of(23, 8080), ports(rule(audit(host(tcp("0.0.0.0", 22, SSHD), tcp("0.0.0.0", 23, TELNETD),
                tcp("127.0.0.1", 8080, JAVA)), p, off), "unexpected-listener")),
                "with denied-listener off, a denied listener is still unexpected");
    }

    @Test
    void aNameTheKernelCutMatchesTheWholeNameInAPolicy() throws Exception {
        Path p = policy("""
                allow:
                  - name: metrics
                    port: 9100
                    process: prometheus-node-exporter
                """);
        ProcessOwner cut = owner(950, "prometheus-node", "prometheus", 110, "", "");
        ProcessOwner other = owner(951, "prometheus-nodX", "prometheus", 110, "", "");
        Report r = audit(host(tcp("0.0.0.0", 9100, cut), tcp("0.0.0.0", 9101, other)), p);
        assertEquals(List.of(9101), ports(rule(r, "unexpected-listener")),
                "an ss snapshot's 15-character name matches the name it begins, and only that");
    }

    @Test
    void anAllowEntryCanAcceptItsListenersFindingsForGood() throws Exception {
        Path p = policy("""
                allow:
                  - name: postgres for the app servers
                    port: 5432
                    process: postgres
                    accept: [wildcard-exposure]
                    reason: the firewall admits the app subnet only
                    owner: dba@example.com
                  - name: telnet, all of it
                    port: 23
                    accept: all
                    reason: lab switch console, isolated network
                """);
        Report r = audit(host(tcp("0.0.0.0", 5432, POSTGRES), tcp("0.0.0.0", 23, TELNETD), tcp("0.0.0.0", 22, SSHD)),
                p);
        Finding pg = rule(r, "wildcard-exposure").stream().filter(f -> f.listener().port() == 5432).findFirst()
                .orElseThrow();
        assertTrue(pg.waived(), "accepted");
        assertEquals(Optional.empty(), pg.waiver().orElseThrow().expires(), "an acceptance has no expiry");
        assertEquals("dba@example.com", pg.waiver().orElseThrow().owner());
        assertEquals(p + ":2:5", pg.waiver().orElseThrow().source());
        assertTrue(r.findings().stream().filter(f -> f.listener().port() == 23).allMatch(Finding::waived),
                "accept: all takes every rule's findings on the listener");
        assertTrue(rule(r, "wildcard-exposure").stream().filter(f -> f.listener().port() == 22).noneMatch(
                Finding::waived), "a listener no accepting entry matches keeps its findings");
        assertEquals(0, ExitPolicy.decide(r.findings().stream().filter(f -> f.listener().port() != 22).toList(),
                r.coverage(), failOn(Severity.INFO)).failing(), "expected and approved: nothing fails");
        assertTrue(rule(r, "waiver-expired").isEmpty(), "an acceptance never expires");
    }

    @Test
    void gradingOneCategoryKeepsTheOthersDefaults() throws Exception {
        Path p = policy("""
                rules:
                  wildcard-exposure:
                    categories: {time: info}
                """);
        Path more = policy("""
                rules:
                  wildcard-exposure:
                    categories: {web: low}
                """);
        Report r = audit(host(tcp("0.0.0.0", 5432, POSTGRES), udp("0.0.0.0", 123, CHRONY),
                tcp("0.0.0.0", 443, NGINX_MASTER)), p, more);
        Map<Integer, Severity> bySeverity = new TreeMap<>();
        rule(r, "wildcard-exposure").forEach(f -> bySeverity.put(f.listener().port(), f.severity()));
        assertEquals(Map.of(123, Severity.INFO, 443, Severity.LOW, 5432, Severity.HIGH), bySeverity,
                "the database keeps its default, time from the first file, web from the second");
    }

    @Test
    void ruleSettingsTurnRulesOffChangeSeveritiesAndParameters() throws Exception {
        Path p = policy("""
                rules:
                  wildcard-exposure:
                    enabled: false
                  privileged-bind:
                    severity: high
                    ports: [0-99]
                  dynamic-range-listener:
                    ranges: [40000-40100]
                    kernel-ephemeral-range: false
                """);
        Report r = audit(host(tcp("0.0.0.0", 22, SSHD), tcp("0.0.0.0", 443, NGINX_MASTER),
                tcp("127.0.0.1", 40050, JAVA), udp("::1", 50123, JAVA)), p);
        assertTrue(rule(r, "wildcard-exposure").isEmpty());
        List<Finding> priv = rule(r, "privileged-bind");
        assertEquals(List.of(22), ports(priv));
        assertEquals(Severity.HIGH, priv.get(0).severity(), "a policy severity replaces the rule's grade");
        assertEquals(List.of(40050), ports(rule(r, "dynamic-range-listener")));
        assertTrue(rule(r, "dynamic-range-listener").get(0).message().contains("the policy's dynamic range 40000-40100"));
    }

    @Test
    void laterPolicyFilesOverrideEarlierOnesKeyByKey() throws Exception {
        Path first = policy("""
                rules:
                  privileged-bind:
                    severity: high
                    ports: [0-99]
                """);
        Path second = policy("""
                rules:
                  privileged-bind:
                    severity: low
                """);
        Report r = audit(host(tcp("0.0.0.0", 22, SSHD), tcp("0.0.0.0", 443, NGINX_MASTER)), first, second);
        List<Finding> priv = rule(r, "privileged-bind");
        assertEquals(List.of(22), ports(priv), "the first file's ports still hold");
        assertEquals(Severity.LOW, priv.get(0).severity(), "the second file's severity wins");
    }

    @Test
    void waiverMarksTheFindingAndKeepsItOutOfTheExitDecision() throws Exception {
        Path p = policy("""
                waivers:
                  - rule: wildcard-exposure
                    port: 5432
                    process: postgres
                    reason: firewalled at the edge until the migration
                    owner: dba@example.com
                    expires: 2027-01-31
                """);
        Report r = audit(host(tcp("0.0.0.0", 5432, POSTGRES), tcp("0.0.0.0", 6379,
                owner(710, "redis-server", "redis", 106, "redis-server *:6379", "/usr/bin/redis-server"))), p);
        Finding pg = rule(r, "wildcard-exposure").stream().filter(f -> f.listener().port() == 5432).findFirst()
                .orElseThrow();
        assertTrue(pg.waived());
        assertEquals("dba@example.com", pg.waiver().orElseThrow().owner());
        assertEquals(p + ":2:5", pg.waiver().orElseThrow().source());
        Finding redis = rule(r, "wildcard-exposure").stream().filter(f -> f.listener().port() == 6379).findFirst()
                .orElseThrow();
        assertFalse(redis.waived(), "the waiver names postgres on 5432 only");
        assertEquals(1, r.summary().waived());
        assertEquals(1, ExitPolicy.decide(r.findings(), r.coverage(), failOn(Severity.HIGH)).failing(),
                "only redis counts");
        assertTrue(rule(r, "waiver-expired").isEmpty());
    }

    @Test
    void expiredWaiverCountsAgainAndSaysSo() throws Exception {
        Path p = policy("""
                waivers:
                  - rule: [wildcard-exposure, privileged-bind]
                    port: 5432
                    reason: firewalled at the edge until the migration
                    owner: dba@example.com
                    expires: 2026-11-21
                """);
        Report r = audit(host(tcp("0.0.0.0", 5432, POSTGRES)), p);
        Finding pg = rule(r, "wildcard-exposure").get(0);
        assertFalse(pg.waived());
        List<Finding> expired = rule(r, "waiver-expired");
        assertEquals(1, expired.size());
        assertEquals(Severity.MEDIUM, expired.get(0).severity());
        assertTrue(expired.get(0).message().contains("expired on 2026-11-21; its findings count again"),
                expired.get(0).message());
        assertTrue(expired.get(0).message().contains("owner dba@example.com"), expired.get(0).message());
        assertEquals(2, ExitPolicy.decide(r.findings(), r.coverage(), failOn(Severity.MEDIUM)).failing());
    }

    @Test
    void waiverOnItsLastDayStillHolds() throws Exception {
        Path p = policy("""
                waivers:
                  - rule: wildcard-exposure
                    port: 5432
                    reason: r
                    owner: o
                    expires: 2026-11-22
                """);
        assertTrue(rule(audit(host(tcp("0.0.0.0", 5432, POSTGRES)), p), "wildcard-exposure").get(0).waived());
    }

    // baselines

    private Report withBaseline(Snapshot before, Snapshot now) throws Exception {
        Baseline b = BaselineFile.of(before.listeners(), Scenarios.AT.minusSeconds(86400), "web-1");
        Path file = tmp.resolve("baseline.json");
        BaselineFile.write(file, b);
        return Scenarios.report(now, Scenarios.settings(Optional.of(BaselineFile.read(file))));
    }

    @Test
    void restartWithANewPidIsNotAChange() throws Exception {
        Snapshot before = host(tcp("0.0.0.0", 22, SSHD), tcp("127.0.0.1", 5432, POSTGRES));
        Snapshot after = host(tcp("0.0.0.0", 22, owner(9999, "sshd", "root", 0, "sshd -D", "/usr/sbin/sshd")),
                tcp("127.0.0.1", 5432, owner(8888, "postgres", "postgres", 105, "postgres", POSTGRES.executable())));
        Report r = withBaseline(before, after);
        assertTrue(rule(r, "baseline-added").isEmpty());
        assertTrue(rule(r, "baseline-removed").isEmpty());
    }

    @Test
    void theBaselineKeysOnTheStableName() throws Exception {
        ProcessOwner jdk17 = owner(4300, "java", "app", 1001, "java -jar app.jar", "/usr/lib/jvm/java-17/bin/java")
                .withUnit("app.service");
        ProcessOwner jdk21 = owner(4301, "java", "app", 1001, "java -jar app.jar", "/usr/lib/jvm/java-21/bin/java")
                .withUnit("app.service");
        Report upgraded = withBaseline(host(tcp("127.0.0.1", 8080, jdk17)), host(tcp("127.0.0.1", 8080, jdk21)));
        assertTrue(rule(upgraded, "baseline-added").isEmpty(), "a new executable path under the same unit");
        assertTrue(rule(upgraded, "baseline-removed").isEmpty());
        assertTrue(Files.readString(tmp.resolve("baseline.json")).contains("\"name\" : \"unit:app.service\""),
                "the baseline file records the name");
        Report moved = withBaseline(host(tcp("127.0.0.1", 8080, jdk17)), host(tcp("127.0.0.1", 8080,
                jdk17.withUnit("other.service"))));
        assertTrue(rule(moved, "baseline-added").get(0).message().contains("(tcp/8080 loopback unit:other.service)"),
                "the same executable under another unit is another listener");
        assertEquals(1, rule(moved, "baseline-removed").size());
    }

    @Test
    void aBaselineSavedWithoutNamesStillMatches() throws Exception {
        Path file = tmp.resolve("old-baseline.json");
        // as versions before stable names wrote it: by executable only
        Files.writeString(file, """
                {"format": "portaudit-baseline", "version": 1, "created": "2026-11-01T00:00:00Z", "host": "web-1",
                 "listeners": [{"protocol": "tcp", "exposure": "wildcard", "port": 22, "executable": "/usr/sbin/sshd",
                                "address": "0.0.0.0", "process": "sshd", "user": "root"}]}
                """);
        Report r = Scenarios.report(host(tcp("0.0.0.0", 22, SSHD)), Scenarios.settings(Optional.of(
                BaselineFile.read(file))));
        assertTrue(rule(r, "baseline-added").isEmpty(), "sshd under ssh.service is the entry recorded by executable");
        assertTrue(rule(r, "baseline-removed").isEmpty());
    }

    @Test
    void addedAndRemovedListeners() throws Exception {
        Report r = withBaseline(host(tcp("0.0.0.0", 22, SSHD), tcp("127.0.0.1", 5432, POSTGRES)),
                host(tcp("0.0.0.0", 22, SSHD), tcp("0.0.0.0", 8080, JAVA)));
        assertEquals(List.of(8080), ports(rule(r, "baseline-added")));
        List<Finding> removed = rule(r, "baseline-removed");
        assertEquals(List.of(5432), ports(removed));
        assertEquals(Severity.LOW, removed.get(0).severity());
        assertTrue(removed.get(0).message().contains("tcp 127.0.0.1:5432, held by postgres (user postgres) from "
                + "/usr/lib/postgresql/15/bin/postgres at the baseline of 2026-11-21T10:00:00Z, no longer listens"),
                removed.get(0).message());
        assertEquals(Severity.MEDIUM, rule(r, "baseline-added").get(0).severity());
    }

    @Test
    void movingToAnotherPortOrInterfaceIsAChange() throws Exception {
        Report port = withBaseline(host(tcp("127.0.0.1", 5432, POSTGRES)), host(tcp("127.0.0.1", 5433, POSTGRES)));
        assertEquals(List.of(5433), ports(rule(port, "baseline-added")));
        assertEquals(List.of(5432), ports(rule(port, "baseline-removed")));
        Report iface = withBaseline(host(tcp("127.0.0.1", 5432, POSTGRES)), host(tcp("0.0.0.0", 5432, POSTGRES)));
        assertEquals(1, rule(iface, "baseline-added").size());
        assertTrue(rule(iface, "baseline-added").get(0).message().contains("(tcp/5432 wildcard "
                + "/usr/lib/postgresql/15/bin/postgres)"), rule(iface, "baseline-added").get(0).message());
        assertEquals(1, rule(iface, "baseline-removed").size());
    }

    @Test
    void baselineFindingsCanBeWaivedAndDisabled() throws Exception {
        Path p = policy("""
                rules:
                  baseline-removed:
                    enabled: false
                waivers:
                  - rule: baseline-added
                    port: 8080
                    reason: new service, rolled out this week
                    owner: app-team
                    expires: 2026-12-01
                """);
        Baseline b = BaselineFile.of(List.of(tcp("127.0.0.1", 5432, POSTGRES)), Scenarios.AT, "web-1");
        Report r = Scenarios.report(host(tcp("0.0.0.0", 8080, JAVA)), Scenarios.settings(Optional.of(b), p));
        assertTrue(rule(r, "baseline-added").get(0).waived());
        assertTrue(rule(r, "baseline-removed").isEmpty());
    }

    private static ExitPolicy.Thresholds failOn(Severity s) {
        return new ExitPolicy.Thresholds(Optional.of(s), false);
    }

    /** unit: matches the systemd unit an owner runs in, by name or glob; an owner in none matches no unit. */
    @Test
    void unitsSelectListeners() throws Exception {
        Path p = policy("""
                allow:
                  - name: units of this host
                    unit: [ssh.service, "nginx*.service"]
                """);
        Report r = audit(host(tcp("0.0.0.0", 22, SSHD), tcp("0.0.0.0", 80, NGINX_MASTER, NGINX_WORKER_1),
                tcp("0.0.0.0", 23, TELNETD), tcp("0.0.0.0", 2222, SSHD.withUnit("ssh-backup.service"))), p);
        assertEquals(List.of(23, 2222), ports(rule(r, "unexpected-listener")),
                "telnetd runs in no unit; the backup sshd in another");
        Path socket = policy("""
                allow:
                  - unit: ssh.socket
                """);
        CliRunner.Run validated = CliRunner.run("policy", "validate", socket.toString());
        assertEquals(0, validated.code(), validated.err());
        assertTrue(validated.err().contains("warning: unit 'ssh.socket' can never match"), validated.err());
    }

    /** package: and container: match what the owners came from and run in, with wildcards. */
    @Test
    void packagesAndContainersSelectListeners() throws Exception {
        Path p = policy("""
                deny:
                  - name: nothing from outside the archive
                    package: ["*"]
                    port: 22
                  - name: no web container but the shop
                    container: ["web-*", "registry.example.com/*"]
                    severity: medium
                """);
        ProcessOwner inContainer = new ProcessOwner(4000, "httpd", Optional.of("www"), OptionalLong.of(33),
                "httpd", "/usr/sbin/httpd", Optional.empty(), Optional.of(new Container("podman",
                        "aa11bb22cc33dd44ee55ff66aa77bb88cc99dd00ee11ff22aa33bb44cc55dd66", Optional.empty(),
                        Optional.of("web-1"), Optional.of("registry.example.com/httpd:2.4"), Optional.empty())),
                OptionalLong.empty());
        Report r = audit(host(tcp("0.0.0.0", 22, SSHD), tcp("0.0.0.0", 2222, SSHD.withSoftware(
                SoftwarePackage.none("dpkg"))), tcp("0.0.0.0", 8080, inContainer),
                tcp("0.0.0.0", 8081, JAVA)), p);
        assertEquals(List.of(22, 8080), ports(rule(r, "denied-listener")),
                "22 from a package (any name); 2222 from none; the container by name and image; java in none");
    }

    /** socket-unit: matches a socket the service manager holds for that unit. */
    @Test
    void socketUnitsSelectActivatedSockets() throws Exception {
        Path p = policy("""
                deny:
                  - name: no telnet, however started
                    socket-unit: "telnet*.socket"
                """);
        ProcessOwner systemd = owner(1, "systemd", "root", 0, "/sbin/init", "/lib/systemd/systemd");
        Report r = audit(host(tcp("0.0.0.0", 23, systemd).withActivation(new SocketActivation(
                "telnet.socket", "telnet@.service")), tcp("0.0.0.0", 2323, TELNETD)), p);
        assertEquals(List.of(23), ports(rule(r, "denied-listener")), "the inetd-held one is not a socket unit's");
    }
}
