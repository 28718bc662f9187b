package dev.portaudit.agent;

import dev.portaudit.model.Checkpoint;
import dev.portaudit.model.Exposure;
import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.JournalEvent.Type;
import dev.portaudit.model.ListenerIdentity;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Tracked.Owner;
import dev.portaudit.model.Tracked.TrackedFinding;
import dev.portaudit.model.Tracked.TrackedListener;
import dev.portaudit.model.Transport;
import dev.portaudit.model.Waiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The journal the compliance goldens are built from: a week of a web host, written through
 * {@link Journal} with a signed checkpoint after every change and every hour, so it is what an agent
 * writes. Before the week: sshd, nginx and a telnet server (allowed; its cleartext finding waived
 * until 2026-11-20) and a Java service on 8080 the policy does not allow, accepted by a waiver that
 * expires on 2026-11-03. In the week: redis opens on 6379 for six hours (an unexpected listener
 * raised and resolved), the 8080 waiver lapses (waiver-expired raised), and the agent is down for
 * four hours on 2026-11-05.
 */
final class ComplianceFixture {

    static final Instant SINCE = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2026-11-08T00:00:00Z");
    static final String HOST = "web-1";
    static final List<String> RULES = List.of("privileged-bind", "cleartext-protocol", "wildcard-exposure",
            "unexpected-listener", "denied-listener", "reachable-from-anywhere", "waiver-expired");
    static final List<Checkpoint.Input> INPUTS = List.of(
            new Checkpoint.Input("policy", "bundled:policy.yaml", "1".repeat(64)),
            new Checkpoint.Input("policy", "/etc/portaudit/policy.yaml", "2".repeat(64)),
            new Checkpoint.Input("controls", "bundled:controls.yaml", "3".repeat(64)));

    private final Journal journal;
    private long seq;
    private Instant lastCheckpoint;

    private ComplianceFixture(Journal journal) {
        this.journal = journal;
    }

    /** The signing key of the fixture (a test key, in src/test/resources), copied where only its owner reads it. */
    static JournalKeys.Signer signer(Path dir) throws Exception {
        Path key = dir.resolve("fixture-signing.key");
        Files.copy(Path.of("src/test/resources/journals/fixture-signing.key"), key,
                StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return JournalKeys.readSigner(key);
    }

    static void write(Path file, JournalKeys.Signer signer) throws Exception {
        try (Journal j = Journal.open(file, Journal.Rotation.NEVER, Optional.of(signer))) {
            new ComplianceFixture(j).week();
        }
    }

    private static TrackedListener listener(int port, String process, String executable, String unit) {
        return new TrackedListener(new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, port, executable,
                unit.isEmpty() ? "" : "unit:" + unit), "0.0.0.0", Optional.of(new Owner(1000 + port, process,
                port == 6379 ? "redis" : "root", unit, "")), Optional.of("anywhere"), List.of("no firewall rule"));
    }

    private static TrackedFinding finding(String rule, Severity severity, int port, String message,
            Optional<Waiver> waiver) {
        return new TrackedFinding("fp-" + rule + "-" + port, rule, severity, message, waiver);
    }

    private void week() throws Exception {
        TrackedListener ssh = listener(22, "sshd", "/usr/sbin/sshd", "ssh.service");
        TrackedListener telnet = listener(23, "in.telnetd", "/usr/sbin/in.telnetd", "telnet.socket");
        TrackedListener web = listener(443, "nginx", "/usr/sbin/nginx", "nginx.service");
        TrackedListener app = listener(8080, "java", "/usr/lib/jvm/java-17/bin/java", "app.service");
        TrackedListener redis = listener(6379, "redis-server", "/usr/bin/redis-server", "redis-server.service");
        Waiver cleartext = new Waiver("legacy terminal servers log in over telnet until the December cut-over",
                "ops-team", LocalDate.parse("2026-11-20"), "/etc/portaudit/policy.yaml:31:5");
        Waiver app8080 = new Waiver("vendor appliance callback; moving behind the proxy", "app-team",
                LocalDate.parse("2026-11-03"), "/etc/portaudit/policy.yaml:38:5");
        TrackedFinding telnetCleartext = finding("cleartext-protocol", Severity.HIGH, 23,
                "tcp 0.0.0.0:23 held by in.telnetd serves telnet, which carries credentials in the clear",
                Optional.of(cleartext));
        TrackedFinding appUnexpected = finding("unexpected-listener", Severity.MEDIUM, 8080,
                "tcp 0.0.0.0:8080 held by java is not in the policy's allow list", Optional.of(app8080));
        Instant first = Instant.parse("2026-10-30T09:00:00Z");
        scan(first, List.of(
                opened(first, ssh, true), opened(first, telnet, true), opened(first, web, true),
                opened(first, app, true),
                raised(first, telnet, telnetCleartext, true), raised(first, app, appUnexpected, true)));
        Instant redisUp = Instant.parse("2026-11-04T10:00:00Z");
        Instant redisDown = Instant.parse("2026-11-04T16:00:00Z");
        TrackedFinding redisUnexpected = finding("unexpected-listener", Severity.MEDIUM, 6379,
                "tcp 0.0.0.0:6379 held by redis-server is not in the policy's allow list", Optional.empty());
        TrackedFinding lapsed = finding("waiver-expired", Severity.MEDIUM, 8080,
                "the waiver of unexpected-listener on tcp 0.0.0.0:8080 expired on 2026-11-03", Optional.empty());
        Instant lapse = Instant.parse("2026-11-04T00:00:00Z");
        Instant downFrom = Instant.parse("2026-11-05T02:00:00Z");
        Instant downUntil = Instant.parse("2026-11-05T06:00:00Z");
        for (Instant t = first.plus(Duration.ofHours(1)); t.isBefore(UNTIL.plus(Duration.ofHours(1)));
                t = t.plus(Duration.ofHours(1))) {
            if (!t.isBefore(downFrom) && t.isBefore(downUntil)) {
                continue; // the agent was down
            }
            List<JournalEvent> events = new ArrayList<>();
            if (t.equals(lapse)) {
                events.add(raised(t, app, lapsed, false));
            } else if (t.equals(redisUp)) {
                events.add(opened(t, redis, false));
                events.add(raised(t, redis, redisUnexpected, false));
            } else if (t.equals(redisDown)) {
                events.add(event(t, Type.LISTENER_CLOSED, redis, Optional.empty(), false));
                events.add(event(t, Type.FINDING_RESOLVED, redis, Optional.of(redisUnexpected), false));
            }
            scan(t, events);
        }
    }

    private JournalEvent opened(Instant t, TrackedListener l, boolean inventory) {
        return event(t, Type.LISTENER_OPENED, l, Optional.empty(), inventory);
    }

    private JournalEvent raised(Instant t, TrackedListener l, TrackedFinding f, boolean inventory) {
        return event(t, Type.FINDING_RAISED, l, Optional.of(f), inventory);
    }

    private JournalEvent event(Instant t, Type type, TrackedListener l, Optional<TrackedFinding> f, boolean inventory) {
        return new JournalEvent(++seq, type, t, HOST, l, f, inventory);
    }

    /** A scan as the agent records it: its events, then a checkpoint when there were any or an hour has passed. */
    private void scan(Instant t, List<JournalEvent> events) throws Exception {
        boolean due = !events.isEmpty() || lastCheckpoint == null
                || !t.isBefore(lastCheckpoint.plus(Agent.CHECKPOINT_EVERY));
        journal.append(events, due ? Optional.of(new Checkpoint(seq, t, HOST, "0.1.0-test", INPUTS, RULES,
                Optional.empty())) : Optional.empty());
        if (due) {
            lastCheckpoint = t;
        }
    }
}
