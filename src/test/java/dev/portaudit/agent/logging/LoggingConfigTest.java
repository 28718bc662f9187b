package dev.portaudit.agent.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Logback configurations shipped in dist/logback, loaded for real, and the encoders they use. */
class LoggingConfigTest {

    @TempDir
    Path tmp;

    private static LoggerContext configure(String file, Map<String, String> properties) throws Exception {
        LoggerContext ctx = new LoggerContext();
        ctx.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        ctx.putProperty("HOSTNAME", "web-1");
        properties.forEach(ctx::putProperty);
        JoranConfigurator c = new JoranConfigurator();
        c.setContext(ctx);
        c.doConfigure(Path.of("dist/logback", file).toFile());
        // the stream appender connects on a thread of its own: whether its "not reachable" (nothing listens
        // on the test's port) lands before this check is a race, and not a problem of the configuration
        List<Status> problems = ctx.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getEffectiveLevel() >= Status.WARN)
                .filter(s -> !(s.getMessage().startsWith("syslog server ") && s.getMessage().contains("not reachable")))
                .toList();
        assertEquals(List.of(), problems, file);
        return ctx;
    }

    private static void logEvent(LoggerContext ctx) {
        Logger events = ctx.getLogger("portaudit.events");
        events.atInfo().addKeyValue("event", "listener-opened").addKeyValue("seq", 12L).addKeyValue("host", "web-1")
                .addKeyValue("port", 22).addKeyValue("message", "shadowed").addKeyValue("executable", (Object) null)
                .log("listener-opened tcp 0.0.0.0:22 held by sshd");
    }

    @Test
    void rotatingFileWritesFlatJsonLines() throws Exception {
        LoggerContext ctx = configure("agent-file.xml", Map.of("portaudit.log.dir", tmp.toString()));
        logEvent(ctx);
        ctx.stop();
        List<String> lines = Files.readAllLines(tmp.resolve("agent.jsonl"));
        assertEquals(1, lines.size());
        JsonNode n = new ObjectMapper().readTree(lines.get(0));
        assertEquals("INFO", n.get("level").asText());
        assertEquals("portaudit.events", n.get("logger").asText());
        assertEquals("web-1", n.get("host").asText());
        assertEquals("listener-opened", n.get("event").asText());
        assertEquals(12, n.get("seq").asLong());
        assertTrue(n.get("port").isNumber(), "numbers stay numbers");
        assertEquals("listener-opened tcp 0.0.0.0:22 held by sshd", n.get("message").asText());
        assertEquals("shadowed", n.get("kv_message").asText(), "a key never overwrites a fixed field");
        assertFalse(n.has("kv_host"), "the event's host, the same as the line's, is not said twice");
        assertTrue(n.get("executable").isNull(), "not seen: null, as in the JSON report");
    }

    @Test
    void findingsJsonConfigWritesOneLinePerFinding() throws Exception {
        Path file = tmp.resolve("f.jsonl");
        LoggerContext ctx = configure("findings-json.xml", Map.of("portaudit.findings.file", file.toString()));
        ctx.getLogger("portaudit.findings").atInfo().addKeyValue("rule", "cleartext-protocol")
                .addKeyValue("severity", "high").log("telnet");
        ctx.getLogger("dev.portaudit.x").info("not a finding");
        ctx.stop();
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size());
        assertEquals("cleartext-protocol", new ObjectMapper().readTree(lines.get(0)).get("rule").asText());
    }

    @Test
    void consoleConfigLoads() throws Exception {
        configure("agent-console.xml", Map.of()).stop();
    }

    @Test
    void streamSyslogConfigLoads() throws Exception {
        configure("agent-syslog-stream.xml", Map.of("portaudit.syslog.transport", "tcp", "portaudit.syslog.port",
                "1")).stop();
    }

    @Test
    void syslogSendsRfc5424Messages() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5000);
            LoggerContext ctx = configure("agent-syslog.xml", Map.of("portaudit.syslog.host", "127.0.0.1",
                    "portaudit.syslog.port", Integer.toString(server.getLocalPort())));
            logEvent(ctx);
            DatagramPacket p = new DatagramPacket(new byte[8192], 8192);
            server.receive(p);
            ctx.stop();
            String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            String pid = Long.toString(ProcessHandle.current().pid());
            assertTrue(msg.matches("<30>1 \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z web-1 portaudit " + pid
                    + " listener-opened \\[portaudit@32473 event=\"listener-opened\" seq=\"12\" host=\"web-1\" "
                    + "port=\"22\" message=\"shadowed\"] listener-opened tcp 0\\.0\\.0\\.0:22 held by sshd"), msg);
        }
    }

    @Test
    void structuredDataIsEscaped() {
        assertEquals("a\\\"b\\\\c\\]d", Rfc5424Layout.param("a\"b\\c]d"));
        assertEquals("evil\\\\x1b[31m \\\\n", Rfc5424Layout.param("evil\u001b[31m \n"), "controls made visible");
        assertEquals("-", Rfc5424Layout.header("", 10));
        assertEquals("abc", Rfc5424Layout.header("a b\u001bc", 10));
        assertEquals("k_v", Rfc5424Layout.name("k=v"));
    }
}
