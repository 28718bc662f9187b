package dev.portaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.portaudit.model.Report;
import dev.portaudit.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The documented schema (docs/report.schema.json) describes what the JSON reporter writes. */
class JsonSchemaTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonSchema schema() throws Exception {
        JsonNode node = MAPPER.readTree(Files.readString(Path.of("docs/report.schema.json")));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
    }

    @Test
    void everyScenarioValidates() throws Exception {
        JsonSchema schema = schema();
        for (Report r : ReportGoldenTest.reports().toList()) {
            JsonNode json = MAPPER.readTree(ReportGoldenTest.render(r, ReportFormat.JSON));
            Set<ValidationMessage> errors = schema.validate(json);
            assertEquals(Set.of(), errors);
        }
    }

    @Test
    void schemaRejectsAReportThatBreaksTheContract() throws Exception {
        ObjectNode json = (ObjectNode) MAPPER.readTree(ReportGoldenTest.render(Scenarios.report(Scenarios.mixed()),
                ReportFormat.JSON));
        json.remove("schemaVersion");
        ((ObjectNode) json.get("listeners").get(0)).put("protocol", "icmp");
        assertFalse(schema().validate(json).isEmpty());
    }
}
