package dev.portaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portaudit.model.Report;
import dev.portaudit.testing.Scenarios;
import org.junit.jupiter.api.Test;

class EscapingTest {

    @Test
    void terminalTextShowsControlsInsteadOfActingOnThem() {
        assertEquals("a\\x1b[31mred\\nnext\\r\\x07", TerminalText.safe("a\u001b[31mred\nnext\r\u0007"));
        assertEquals("\\u202eevil\\u200b", TerminalText.safe("\u202eevil\u200b"));
        assertEquals("C1 \\x9b here", TerminalText.safe("C1 \u009b here"));
        assertEquals("emoji \uD83D\uDE00 stays", TerminalText.safe("emoji \uD83D\uDE00 stays"));
        assertEquals("lone \\ud800", TerminalText.safe("lone \uD800"));
        String plain = "nginx: worker process";
        assertTrue(plain == TerminalText.safe(plain), "clean text is returned as is");
    }

    @Test
    void tableReportNeverCarriesRawControlCharacters() throws Exception {
        String text = ReportGoldenTest.render(Scenarios.report(Scenarios.hostile()), ReportFormat.TABLE);
        for (char c : text.toCharArray()) {
            assertFalse(c < 0x20 && c != '\n', "raw control character " + (int) c + " in:\n" + text);
        }
        assertTrue(text.contains("evil\\x1b[31m"), text);
        assertTrue(text.contains("RED\\nsecond line") || text.contains("evil\\x1b[31m (pid 6662"), text);
    }

    @Test
    void jsonReportRoundTripsHostileStringsExactly() throws Exception {
        Report r = Scenarios.report(Scenarios.hostile());
        JsonNode root = new ObjectMapper().readTree(ReportGoldenTest.render(r, ReportFormat.JSON));
        JsonNode byPort = null;
        for (JsonNode l : root.get("listeners")) {
            if (l.get("port").asInt() == 50001) {
                byPort = l;
            }
        }
        assertEquals(Scenarios.HOSTILE_TERMINAL.command(), byPort.get("command").asText());
        assertEquals(Scenarios.HOSTILE_TERMINAL.name(), byPort.get("process").asText());
        assertEquals("host<1>&\u001b[0m", root.get("host").get("hostname").asText());
    }
}
