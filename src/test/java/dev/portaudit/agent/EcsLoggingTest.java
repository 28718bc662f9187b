package dev.portaudit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portaudit.agent.logging.EcsJsonEncoder;
import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.Tracked;
import dev.portaudit.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped ECS logging configurations write field names the ECS field reference has (the
 * fixture src/test/resources/ecs) or portaudit's own namespace, with ECS's allowed categorisation
 * values and types: what a log pipeline takes without a mapping.
 */
class EcsLoggingTest {

    @TempDir
    Path tmp;

    private static final Set<String> KINDS = Set.of("alert", "asset", "enrichment", "event", "metric", "state",
            "pipeline_error", "signal");
    private static final Set<String> TYPES = Set.of("access", "admin", "allowed", "change", "connection", "creation",
            "deletion", "denied", "end", "error", "group", "indicator", "info", "installation", "protocol", "start",
            "user");

    private static LoggerContext configure(String file, String property, String value) throws Exception {
        LoggerContext ctx = new LoggerContext();
        ctx.setMDCAdapter(new LogbackMDCAdapter());
        ctx.putProperty("HOSTNAME", "web-1");
        ctx.putProperty(property, value);
        JoranConfigurator c = new JoranConfigurator();
        c.setContext(ctx);
        c.doConfigure(Path.of("dist/logback", file).toFile());
        return ctx;
    }

    private static Set<String> reference() throws Exception {
        Set<String> fields = new HashSet<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/ecs/ecs-8.11-fields.txt"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                fields.add(line.strip());
            }
        }
        return fields;
    }

    private static void assertEcs(JsonNode n) throws Exception {
        Set<String> reference = reference();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            assertTrue(reference.contains(field) || field.startsWith("portaudit."), field + " is not an ECS 8.11 field");
        }
        assertTrue(KINDS.contains(n.get("event.kind").asText()), n.toString());
        assertEquals("[\"network\"]", n.get("event.category").toString());
        n.get("event.type").forEach(t -> assertTrue(TYPES.contains(t.asText()), t.asText()));
        assertEquals(EcsJsonEncoder.ECS_VERSION, n.get("ecs.version").asText());
    }

    @Test
    void journalEventsInEcs() throws Exception {
        LoggerContext ctx = configure("agent-ecs.xml", "portaudit.log.dir", tmp.toString());
        // the agent's own event logging, as it runs: a listener opened, held by sshd from its unit and package
        Tracked.TrackedListener l = Tracked.TrackedListener.of(Scenarios.tcp("0.0.0.0", 22, Scenarios.SSHD));
        JournalEvent e = new JournalEvent(12, JournalEvent.Type.LISTENER_OPENED, Instant.parse("2026-12-02T10:00:00Z"),
                "web-1", l, Optional.empty());
        EventLog.log(e, ctx.getLogger("portaudit.events"));
        ctx.stop();
        List<String> lines = Files.readAllLines(tmp.resolve("agent.ecs.jsonl"));
        assertEquals(1, lines.size(), lines.toString());
        JsonNode n = new ObjectMapper().readTree(lines.get(0));
        assertEcs(n);
        assertEquals("event", n.get("event.kind").asText());
        assertEquals("[\"start\"]", n.get("event.type").toString());
        assertEquals("listener-opened", n.get("event.action").asText());
        assertEquals(12, n.get("event.sequence").asLong());
        assertEquals("web-1", n.get("host.name").asText());
        assertEquals("tcp", n.get("network.transport").asText());
        assertEquals("0.0.0.0", n.get("server.address").asText());
        assertEquals(22, n.get("server.port").asInt());
        assertTrue(n.get("server.port").isNumber());
        assertEquals(812, n.get("process.pid").asInt());
        assertEquals("sshd", n.get("process.name").asText());
        assertEquals("/usr/sbin/sshd", n.get("process.executable").asText());
        assertEquals("root", n.get("user.name").asText());
        assertEquals("openssh-server", n.get("package.name").asText());
        assertEquals("ssh.service", n.get("portaudit.unit").asText());
        assertEquals("info", n.get("log.level").asText());
        assertFalse(n.has("time") || n.has("host") || n.has("port"), "no portaudit-only names at the top");
    }

    @Test
    void findingsInEcs() throws Exception {
        Path file = tmp.resolve("f.ecs.jsonl");
        LoggerContext ctx = configure("findings-ecs.xml", "portaudit.findings.file", file.toString());
        ctx.getLogger("portaudit.findings").atInfo().addKeyValue("event", "finding").addKeyValue("rule",
                "cleartext-protocol").addKeyValue("severity", "high").addKeyValue("protocol", "TCP")
                .addKeyValue("address", "0.0.0.0").addKeyValue("port", 23).addKeyValue("waived", false)
                .addKeyValue("fingerprint", "9c0e").addKeyValue("user", (Object) null).log("telnet in the clear");
        ctx.getLogger("dev.portaudit.x").info("not a finding");
        ctx.stop();
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), "only findings go to the file: " + lines);
        JsonNode n = new ObjectMapper().readTree(lines.get(0));
        assertEcs(n);
        assertEquals("alert", n.get("event.kind").asText());
        assertEquals(4, n.get("event.severity").asInt(), "high: 4 of 1 info ... 5 critical");
        assertEquals("high", n.get("portaudit.severity").asText());
        assertEquals("cleartext-protocol", n.get("rule.id").asText());
        assertEquals("tcp", n.get("network.transport").asText(), "ECS wants the transport in lower case");
        assertFalse(n.get("portaudit.waived").asBoolean());
        assertFalse(n.has("user.name"), "not seen: left out");
    }
}
