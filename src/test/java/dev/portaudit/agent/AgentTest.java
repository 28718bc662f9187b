package dev.portaudit.agent;

import static dev.portaudit.testing.Scenarios.JAVA;
import static dev.portaudit.testing.Scenarios.POSTGRES;
import static dev.portaudit.testing.Scenarios.SSHD;
import static dev.portaudit.testing.Scenarios.owner;
import static dev.portaudit.testing.Scenarios.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portaudit.audit.ExitPolicy;
import dev.portaudit.audit.Pipeline;
import dev.portaudit.collect.Collector;
import dev.portaudit.firewall.Firewall;
import dev.portaudit.firewall.Interfaces.AddressRangeText;
import dev.portaudit.firewall.Interfaces.Iface;
import dev.portaudit.firewall.NftRuleset;
import dev.portaudit.model.Fingerprints;
import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.JournalVerification;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Snapshot;
import dev.portaudit.model.Transport;
import dev.portaudit.report.ReportFormat;
import dev.portaudit.testing.Scenarios;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent in-process: a hand-moved clock and a scripted collector. */
class AgentTest {

    @TempDir
    Path dir;
    Path journalFile;
    MutableClock clock;
    Collector collector;

    @BeforeEach
    void setUp() {
        journalFile = dir.resolve("journal.jsonl");
        clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        collector = mock(Collector.class);
    }

    private static Snapshot host(Listener... listeners) {
        return new Snapshot(Scenarios.host(), List.of(listeners), List.of());
    }

    private Agent agent(Journal.Rotation rotation, Optional<Duration> reportEvery) throws IOException {
        Agent a = new Agent(new Agent.Settings(Duration.ofSeconds(60), reportEvery,
                reportEvery.map(x -> dir.resolve("reports")), List.of(ReportFormat.JSON, ReportFormat.MARKDOWN),
                "0.1.0-test", 0), () -> Pipeline.run(Scenarios.request(collector,
                        Scenarios.settings(Optional.empty()), ExitPolicy.Thresholds.NONE, clock)),
                clock, Journal.open(journalFile, rotation), new StateStore(dir.resolve("journal.jsonl.state")));
        a.start();
        return a;
    }

    private Agent agent() throws IOException {
        return agent(Journal.Rotation.NEVER, Optional.empty());
    }

    private List<JournalEvent> scan(Agent a, Snapshot s) throws IOException {
        when(collector.collect()).thenReturn(s);
        List<JournalEvent> events = a.scanOnce(new StopSignal()).orElseThrow();
        clock.advance(Duration.ofSeconds(60));
        return events;
    }

    private static List<String> kinds(List<JournalEvent> events) {
        return events.stream().map(e -> e.type().id() + " " + e.listener().identity().port()
                + e.finding().map(f -> " " + f.rule()).orElse("")).toList();
    }

    private List<JournalEvent> journal() {
        return JournalReader.readAll(journalFile).events();
    }

    @Test
    void firstScanOpensEveryListenerAndRaisesItsFindings() throws Exception {
        Agent a = agent();
        List<JournalEvent> events = scan(a, host(tcp("0.0.0.0", 22, SSHD), tcp("127.0.0.1", 5432, POSTGRES)));
        assertEquals(List.of("listener-opened 22", "listener-opened 5432", "finding-raised 22 privileged-bind",
                "finding-raised 22 wildcard-exposure"), kinds(events));
        assertEquals(List.of(1L, 2L, 3L, 4L), events.stream().map(JournalEvent::seq).toList());
        assertEquals(events, journal(), "what was returned is what was journaled");
        assertEquals("web-1", events.get(0).host());
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), events.get(0).time());
        assertTrue(events.stream().allMatch(JournalEvent::inventory), "all there before the agent: the inventory");
        assertTrue(Files.readString(journalFile).contains("\"inventory\":true"), "and the journal says so");
    }

    /** Only the agent's very first scan is the inventory: not a restart's, not one after an empty first scan. */
    @Test
    void onlyTheFirstScanIsTheStartingInventory() throws Exception {
        Agent a = agent();
        assertEquals(List.of(), scan(a, host()), "a first scan that finds nothing");
        List<JournalEvent> later = scan(a, host(tcp("0.0.0.0", 22, SSHD)));
        assertEquals(List.of("listener-opened 22", "finding-raised 22 privileged-bind",
                "finding-raised 22 wildcard-exposure"), kinds(later));
        assertTrue(later.stream().noneMatch(JournalEvent::inventory), "opened after the agent started watching");
        Agent restarted = agent();
        List<JournalEvent> afterRestart = scan(restarted, host(tcp("0.0.0.0", 22, SSHD), tcp("127.0.0.1", 8081, JAVA)));
        assertEquals(List.of("listener-opened 8081"), kinds(afterRestart));
        assertTrue(afterRestart.stream().noneMatch(JournalEvent::inventory), "a restart is not a first scan");
        assertTrue(journal().stream().noneMatch(JournalEvent::inventory));
    }

    @Test
    void restartWithANewPidIsNotAChange() throws Exception {
        Agent a = agent();
        scan(a, host(tcp("0.0.0.0", 22, SSHD)));
        List<JournalEvent> again = scan(a, host(tcp("0.0.0.0", 22, owner(9999, "sshd", "root", 0, "sshd -D",
                "/usr/sbin/sshd"))));
        assertEquals(List.of(), again);
    }

    @Test
    void aNewExecutableUnderTheSameUnitIsNotAChange() throws Exception {
        Agent a = agent();
        ProcessOwner jdk17 = owner(4300, "java", "app", 1001, "java -jar app.jar", "/usr/lib/jvm/java-17/bin/java")
                .withUnit("app.service");
        ProcessOwner jdk21 = owner(4301, "java", "app", 1001, "java -jar app.jar", "/usr/lib/jvm/java-21/bin/java")
                .withUnit("app.service");
        scan(a, host(tcp("0.0.0.0", 8080, jdk17)));
        assertEquals(List.of(), scan(a, host(tcp("0.0.0.0", 8080, jdk21))), "the package upgrade moved the JDK");
        // the same executable under another unit, though, is another listener
        List<JournalEvent> moved = scan(a, host(tcp("0.0.0.0", 8080, jdk21.withUnit("other.service"))));
        assertEquals(List.of("listener-closed 8080", "listener-opened 8080", "finding-resolved 8080 wildcard-exposure",
                "finding-raised 8080 wildcard-exposure"), kinds(moved));
        assertEquals("unit:other.service", moved.get(1).listener().identity().name());
        assertTrue(Files.readString(journalFile).contains("\"name\":\"unit:app.service\""), "the journal keeps the name");
    }

    @Test
    void upgradingFromAJournalWithoutNamesIsNotAChange() throws Exception {
        scan(agent(), host(tcp("0.0.0.0", 22, SSHD), tcp("127.0.0.1", 5432, POSTGRES)));
        // the journal as a version without stable names wrote it: no "name", fingerprints by executable
        ObjectMapper json = new ObjectMapper();
        List<String> old = new ArrayList<>();
        for (String line : Files.readAllLines(journalFile)) {
            ObjectNode n = (ObjectNode) json.readTree(line);
            if (n.has("checkpoint")) {
                continue; // nor did that version write checkpoints
            }
            n.remove("prev");
            ObjectNode l = (ObjectNode) n.get("listener");
            l.remove("name");
            if (n.has("finding")) {
                ((ObjectNode) n.get("finding")).put("fingerprint", Fingerprints.byExecutable(n.get("finding").get("rule")
                        .asText(), Transport.parse(l.get("protocol").asText()), l.get("address").asText(),
                        l.get("port").asInt(), l.get("executable").asText()));
            }
            old.add(json.writeValueAsString(n));
        }
        Files.write(journalFile, old);
        Files.delete(dir.resolve("journal.jsonl.state")); // rebuilt from the journal, as after an upgrade
        Agent upgraded = agent();
        assertEquals("", upgraded.state().listeners().values().iterator().next().identity().name());
        assertEquals(List.of(), scan(upgraded, host(tcp("0.0.0.0", 22, SSHD), tcp("127.0.0.1", 5432, POSTGRES))),
                "what stayed is matched by executable: nothing opened, closed, raised or resolved");
        List<JournalEvent> closed = scan(upgraded, host(tcp("127.0.0.1", 5432, POSTGRES)));
        assertEquals(List.of("listener-closed 22", "finding-resolved 22 privileged-bind",
                "finding-resolved 22 wildcard-exposure"), kinds(closed), "and what goes is still seen going");
    }

    @Test
    void closedListenersAndResolvedFindings() throws Exception {
        Agent a = agent();
        scan(a, host(tcp("0.0.0.0", 22, SSHD), tcp("0.0.0.0", 8080, JAVA)));
        List<JournalEvent> events = scan(a, host(tcp("0.0.0.0", 22, SSHD), tcp("127.0.0.1", 8080, JAVA)));
        assertEquals(List.of("listener-closed 8080", "listener-opened 8080", "finding-resolved 8080 wildcard-exposure"),
                kinds(events), "moving from every interface to loopback is a change of identity");
        assertEquals(Instant.parse("2026-11-22T10:01:00Z"), events.get(0).time());
        assertEquals("wildcard", events.get(0).listener().identity().exposure().id());
        assertEquals("loopback", events.get(1).listener().identity().exposure().id());
    }

    @Test
    void restartedAgentNeitherRepeatsNorMisses() throws Exception {
        Agent first = agent();
        scan(first, host(tcp("0.0.0.0", 22, SSHD), tcp("127.0.0.1", 5432, POSTGRES)));
        // the agent is killed here; while it is down, postgres stops and a java service starts
        Agent second = agent();
        assertEquals(2, second.state().listeners().size(), "the state was reloaded");
        List<JournalEvent> events = scan(second, host(tcp("0.0.0.0", 22, SSHD), tcp("127.0.0.1", 8081, JAVA)));
        assertEquals(List.of("listener-closed 5432", "listener-opened 8081"), kinds(events));
        assertEquals(5L, events.get(0).seq(), "numbering continues after the restart");
        List<JournalEvent> all = journal();
        assertEquals(6, all.size());
        assertEquals(1, all.stream().filter(e -> e.type() == JournalEvent.Type.LISTENER_OPENED
                && e.listener().identity().port() == 22).count(), "ssh is opened once, not again after the restart");
    }

    @Test
    void crashBetweenJournalAndCheckpointLosesAndRepeatsNothing() throws Exception {
        Agent first = agent();
        scan(first, host(tcp("0.0.0.0", 22, SSHD)));
        byte[] checkpoint = Files.readAllBytes(dir.resolve("journal.jsonl.state"));
        scan(first, host(tcp("0.0.0.0", 22, SSHD), tcp("127.0.0.1", 5432, POSTGRES)));
        Files.write(dir.resolve("journal.jsonl.state"), checkpoint);   // the checkpoint never moved
        Agent second = agent();
        assertEquals(4L, second.state().seq(), "the journal's later events were folded in");
        assertEquals(List.of(), scan(second, host(tcp("0.0.0.0", 22, SSHD), tcp("127.0.0.1", 5432, POSTGRES))));
        assertEquals(4, journal().size());
    }

    @Test
    void tornLastLineIsSealedSkippedAndNeverSpreads() throws Exception {
        Agent first = agent();
        scan(first, host(tcp("0.0.0.0", 22, SSHD)));
        Files.writeString(journalFile, "{\"schema\":\"portaudit-journal/1\",\"seq\":4,\"event\":\"listen",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Agent second = agent();
        List<JournalEvent> events = scan(second, host(tcp("0.0.0.0", 22, SSHD), tcp("127.0.0.1", 5432, POSTGRES)));
        assertEquals(List.of(4L), events.stream().map(JournalEvent::seq).toList());
        JournalReader.Result r = JournalReader.readAll(journalFile);
        assertEquals(List.of(1L, 2L, 3L, 4L), r.events().stream().map(JournalEvent::seq).toList());
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).contains("journal.jsonl:5: skipped a line that is not a journal event"),
                r.warnings().get(0));
        List<String> lines = Files.readAllLines(journalFile);
        assertEquals(7, lines.size(), "three events and a checkpoint, the torn line, an event and a checkpoint");
        assertTrue(lines.get(5).matches("\\{\"schema\":\"portaudit-journal/1\",\"prev\":\"[0-9a-f]{64}\",\"seq\":4,"
                + "\"event\":\"listener-opened\".*"), "new events start on a line of their own: " + lines.get(5));
        JournalVerification v = JournalVerifier.verify(journalFile, Optional.empty(),
                Optional.of(dir.resolve("journal.jsonl.state")));
        assertEquals(JournalVerification.Status.INTACT, v.status(), v.summary());
        assertTrue(v.notes().stream().anyMatch(n -> n.contains("journal.jsonl:5: a torn line")), v.notes().toString());
    }

    @Test
    void rotationBySizeLosesAndDuplicatesNothing() throws Exception {
        Agent a = agent(new Journal.Rotation(600, Optional.empty()), Optional.empty());
        List<JournalEvent> written = new ArrayList<>();
        Listener[] pool = {tcp("127.0.0.1", 8001, JAVA), tcp("127.0.0.1", 8002, JAVA), tcp("127.0.0.1", 8003, JAVA)};
        for (int i = 0; i < 8; i++) {
            written.addAll(scan(a, host(pool[i % 3])));
        }
        List<Path> files = JournalReader.files(journalFile);
        assertTrue(files.size() >= 3, "rotated: " + files);
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().matches("journal\\.jsonl\\.\\d{8}T\\d{6}Z(-\\d+)?")));
        }
        JournalReader.Result r = JournalReader.readAll(journalFile);
        assertEquals(written, r.events());
        for (int i = 0; i < r.events().size(); i++) {
            assertEquals(i + 1, r.events().get(i).seq());
        }
        Agent restarted = agent(new Journal.Rotation(600, Optional.empty()), Optional.empty());
        assertEquals(written.get(written.size() - 1).seq(), restarted.state().seq());
    }

    @Test
    void rotationByAge() throws Exception {
        Agent a = agent(new Journal.Rotation(0, Optional.of(Duration.ofMinutes(3))), Optional.empty());
        scan(a, host(tcp("127.0.0.1", 8001, JAVA)));
        scan(a, host(tcp("127.0.0.1", 8002, JAVA)));
        assertEquals(1, JournalReader.files(journalFile).size());
        scan(a, host(tcp("127.0.0.1", 8003, JAVA)));
        scan(a, host(tcp("127.0.0.1", 8001, JAVA)));
        assertEquals(2, JournalReader.files(journalFile).size(), "rotated once the first event was 3 minutes old");
        assertEquals(journal().size(), journal().stream().map(JournalEvent::seq).distinct().count());
    }

    @Test
    void periodicReportsAtPeriodBoundaries() throws Exception {
        Agent a = agent(Journal.Rotation.NEVER, Optional.of(Duration.ofMinutes(5)));
        scan(a, host(tcp("0.0.0.0", 22, SSHD)));                           // 10:00, marks the period start
        scan(a, host(tcp("0.0.0.0", 22, SSHD), tcp("127.0.0.1", 8080, JAVA)));   // 10:01
        for (int i = 0; i < 3; i++) {
            scan(a, host(tcp("0.0.0.0", 22, SSHD)));                       // 10:02 .. 10:04
        }
        assertTrue(!Files.exists(dir.resolve("reports")), "no report before the period ends");
        scan(a, host(tcp("0.0.0.0", 22, SSHD)));                           // 10:05: the period 10:00-10:05 ends
        Path json = dir.resolve("reports/portaudit-20261122T100000Z-20261122T100500Z.json");
        assertTrue(Files.exists(json));
        assertTrue(Files.exists(dir.resolve("reports/portaudit-20261122T100000Z-20261122T100500Z.md")));
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertEquals(2, report.get("changes").size(), "8080 opened at 10:01 and closed at 10:02");
        assertEquals(2, report.get("listeners").size());
        assertEquals("2026-11-22T10:00:00Z", report.get("inventory").get("time").asText(),
                "ssh, found by the first scan, is the starting inventory");
        assertEquals(1, report.get("inventory").get("listeners").asInt());
        assertTrue(report.get("listeners").get(0).get("inventory").asBoolean(), "tcp/22 sorts first");
        assertFalse(report.get("listeners").get(1).get("inventory").asBoolean());
        assertTrue(Files.readString(dir.resolve("reports/portaudit-20261122T100000Z-20261122T100500Z.md"))
                .contains("1 listener was already there when the agent first scanned, 2026-11-22 10:00:00 UTC"));
        // a restart later must not write the same period again
        Agent again = agent(Journal.Rotation.NEVER, Optional.of(Duration.ofMinutes(5)));
        scan(again, host(tcp("0.0.0.0", 22, SSHD)));
        try (Stream<Path> s = Files.list(dir.resolve("reports"))) {
            assertEquals(2, s.count());
        }
    }

    /** Every line of the journal and its rotated files, in order. */
    private List<String> allLines() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path f : JournalReader.files(journalFile)) {
            out.addAll(Files.readAllLines(f));
        }
        return out;
    }

    @Test
    void signedCheckpointsHeartbeatsAndCompliancePeriodsVerifyWhole() throws Exception {
        java.security.KeyPair pair = JournalKeys.generate();
        JournalKeys.Signer signer = new JournalKeys.Signer(pair.getPrivate(), pair.getPublic());
        dev.portaudit.audit.AuditSettings settings = Scenarios.settings(Optional.empty());
        dev.portaudit.model.ControlMap.Framework pci = settings.controls().framework("pci-dss-v4.0.1").orElseThrow();
        java.util.function.Supplier<Agent> start = () -> {
            try {
                Agent a = new Agent(new Agent.Settings(Duration.ofSeconds(60), Optional.of(Duration.ofHours(3)),
                        Optional.of(dir.resolve("reports")), List.of(ReportFormat.JSON, ReportFormat.HTML,
                                ReportFormat.MARKDOWN), "0.1.0-test", 0, Optional.empty(), settings.inputs(),
                        List.of(pci), List.of()), () -> Pipeline.run(Scenarios.request(collector, settings,
                                ExitPolicy.Thresholds.NONE, clock)), clock,
                        Journal.open(journalFile, new Journal.Rotation(2000, Optional.empty()), Optional.of(signer)),
                        new StateStore(dir.resolve("journal.jsonl.state")));
                a.start();
                return a;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        Agent a = start.get();
        scan(a, host(tcp("0.0.0.0", 22, SSHD)));                        // 10:00: inventory and a checkpoint
        scan(a, host(tcp("0.0.0.0", 22, SSHD)));                        // 10:01: nothing, no checkpoint
        List<String> lines = allLines();
        assertTrue(lines.get(lines.size() - 1).contains("\"checkpoint\":{\"through\":3,"), lines.toString());
        int before = lines.size();
        clock.advance(Duration.ofMinutes(58));
        scan(a, host(tcp("0.0.0.0", 22, SSHD)));                        // 11:00: an hour on, a heartbeat
        assertEquals(before + 1, allLines().size());
        Agent restarted = start.get();                                  // a restart checkpoints what it judges by
        scan(restarted, host(tcp("0.0.0.0", 22, SSHD), tcp("127.0.0.1", 8080, JAVA)));
        clock.advance(Duration.ofHours(2));
        scan(restarted, host(tcp("0.0.0.0", 22, SSHD)));               // 13:02: the 09:00-12:00 period is done
        assertTrue(JournalReader.files(journalFile).size() > 1, "rotated on the way");
        JournalVerification v = JournalVerifier.verify(journalFile, Optional.of(pair.getPublic()),
                Optional.of(dir.resolve("journal.jsonl.state")));
        assertEquals(JournalVerification.Status.VERIFIED, v.status(), v.summary());
        List<dev.portaudit.model.Checkpoint> checkpoints = JournalReader.readAll(journalFile).checkpoints();
        assertTrue(checkpoints.stream().allMatch(c -> c.inputs().equals(settings.inputs())
                && c.key().equals(Optional.of(signer.id())) && c.rules().contains("wildcard-exposure")));
        Path compliance = dir.resolve("reports/portaudit-compliance-pci-dss-v4.0.1-20261122T090000Z-20261122T120000Z.json");
        assertTrue(Files.exists(compliance));
        assertTrue(Files.exists(dir.resolve(
                "reports/portaudit-compliance-pci-dss-v4.0.1-20261122T090000Z-20261122T120000Z.html")));
        assertFalse(Files.exists(dir.resolve(
                "reports/portaudit-compliance-pci-dss-v4.0.1-20261122T090000Z-20261122T120000Z.md")),
                "a compliance report is html or json");
        var n = new ObjectMapper().readTree(compliance.toFile());
        assertEquals("verified", n.get("basis").get("journal").get("status").asText());
        assertEquals(settings.inputs().size(), n.get("basis").get("inputs").size());
        var period = new ObjectMapper().readTree(dir.resolve(
                "reports/portaudit-20261122T090000Z-20261122T120000Z.json").toFile());
        assertEquals("verified", period.get("journal").get("status").asText());
    }

    @Test
    void aStopDuringCollectionAbandonsTheScan() throws Exception {
        Agent a = agent();
        StopSignal stop = new StopSignal();
        when(collector.collect()).thenAnswer(inv -> {
            stop.stop();
            return host(tcp("0.0.0.0", 22, SSHD));
        });
        assertEquals(Optional.empty(), a.scanOnce(stop));
        assertEquals(List.of(), journal());
    }

    /** A firewall reload that widens who can reach a listener is journaled; the same verdict again is not. */
    @Test
    void aFirewallChangeIsAnExposureChange() throws Exception {
        AtomicReference<String> ruleset = new AtomicReference<>(
                "policy-drop");
        List<Iface> host = List.of(new Iface(
                "lo", true, List.of(InetAddress.getByName("127.0.0.1")), List.of(
                        new AddressRangeText("127.0.0.0/8", false, 8,
                                InetAddress.getByName("127.0.0.0")))),
                new Iface("lan0", false, List.of(InetAddress.getByName("10.72.1.1")), List.of(new AddressRangeText(
                        "10.72.1.0/24", false, 24, InetAddress.getByName("10.72.1.0")))),
                new Iface("up0", false, List.of(InetAddress.getByName(
                        "10.72.2.1")), List.of(new AddressRangeText("10.72.2.0/24",
                                false, 24, InetAddress.getByName("10.72.2.0")))));
        Pipeline.FirewallSource firewall = () -> {
            try {
                return Optional.of(new Firewall.View(Optional.of(
                        NftRuleset.parse(Files.readString(Path.of(
                                "src/test/resources/firewall/json", ruleset.get() + ".json")))), host, ""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        Pipeline.Request base = Scenarios.request(collector, Scenarios.settings(Optional.empty()),
                ExitPolicy.Thresholds.NONE, clock);
        Agent a = new Agent(new Agent.Settings(Duration.ofSeconds(60), Optional.empty(), Optional.empty(), List.of(),
                "0.1.0-test", 0), () -> Pipeline.run(new Pipeline.Request(base.collector(), base.criteria(),
                        base.thresholds(), clock, base.nanoTime(), base.toolVersion(), Pipeline.Prober.NONE, firewall)),
                clock, Journal.open(journalFile, Journal.Rotation.NEVER), new StateStore(dir.resolve("journal.jsonl.state")));
        a.start();
        Snapshot redis = host(tcp("0.0.0.0", 6379, POSTGRES));
        assertEquals("lan", scan(a, redis).get(0).listener().reach().orElseThrow(),
                "policy-drop admits 6379 from 10.72.1.0/24 only: lan0's subnet");
        assertEquals(List.of(), scan(a, redis), "the same verdict again: no event");
        ruleset.set("vmap"); // a reload: loopback accepted, then the map drops 6379
        assertEquals(List.of("local-only"), exposures(scan(a, redis)));
        ruleset.set("jumps"); // policy accept; 6379 goes to the deny chain, which drops only what comes in on up*
        assertEquals(List.of("anywhere"), exposures(scan(a, redis)), "open to anything arriving on lan0");
        ruleset.set("inet-accept-ip-drop"); // 6379 dropped everywhere by a later base chain, loopback too
        List<JournalEvent> filtered = scan(a, redis);
        assertEquals(1, filtered.size(), filtered.toString());
        JournalEvent e = filtered.get(0);
        assertEquals(JournalEvent.Type.EXPOSURE_CHANGED, e.type());
        assertEquals(Optional.of("anywhere"), e.previousReach());
        assertEquals(Optional.of("filtered"), e.listener().reach());
        assertTrue(e.listener().decidedBy().get(0).contains("ip late input"), e.listener().decidedBy().toString());
        assertEquals(journal().get(journal().size() - 1), e, "journaled, and read back the same");
        assertTrue(Files.readString(journalFile).contains("\"previousReach\":\"anywhere\""));
        assertEquals(Optional.of("filtered"), new StateStore(dir.resolve("journal.jsonl.state")).load(journalFile,
                new ArrayList<>()).listeners().values().iterator().next().reach(), "the checkpoint has it");
    }

    private static List<String> exposures(List<JournalEvent> events) {
        return events.stream().filter(e -> e.type() == JournalEvent.Type.EXPOSURE_CHANGED)
                .map(e -> e.listener().reach().orElseThrow()).toList();
    }

    @Test
    void intervals() {
        assertEquals(Duration.ofSeconds(30), Intervals.parse("30s"));
        assertEquals(Duration.ofMinutes(5), Intervals.parse("5m"));
        assertEquals(Duration.ofHours(1), Intervals.parse("1h"));
        assertEquals(Duration.ofMinutes(90), Intervals.parse("1h30m"));
        assertEquals(Duration.ofDays(1), Intervals.parse("1d"));
        for (String bad : new String[] {"", "30", "0s", "5 minutes", "-1s", "1x", "s"}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Intervals.parse(bad), bad);
        }
        assertEquals("1h30m", Intervals.format(Duration.ofMinutes(90)));
    }
}
