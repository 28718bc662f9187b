package dev.portaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portaudit.model.Report;
import dev.portaudit.model.Severity;
import dev.portaudit.testing.GithubSarif;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SARIF as GitHub code scanning takes it (see {@link GithubSarif}), on the shared scenarios. */
class SarifUploadTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path POLICY = Path.of("src/test/resources/policies/scenario.yaml");

    static JsonNode sarif(Report report, View view) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportFormat.SARIF.reporter(view).write(report, out);
        return MAPPER.readTree(out.toByteArray());
    }

    private static JsonNode result(JsonNode sarif, String rule) {
        for (JsonNode r : sarif.path("runs").get(0).path("results")) {
            if (r.path("ruleId").asText().equals(rule)) {
                return r;
            }
        }
        throw new AssertionError("no " + rule + " result");
    }

    private static String uri(JsonNode result) {
        return result.path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asText();
    }

    private static int line(JsonNode result) {
        return result.path("locations").get(0).path("physicalLocation").path("region").path("startLine").asInt();
    }

    @Test
    void everyScenarioIsAcceptedAsWritten() throws Exception {
        for (Map.Entry<String, Report> e : ReportGoldenTest.named().entrySet()) {
            for (View view : List.of(View.DEFAULT, new View(Severity.LOW, false, 0, "Dockerfile", Path.of("/src")))) {
                GithubSarif.assertAccepted(sarif(e.getValue(), view));
            }
        }
    }

    /** A site's mapping can tie a finding to more controls than code scanning keeps as tags: all stay as data. */
    @Test
    void controlsBeyondTwentyTagsStayAsProperties(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        StringBuilder yaml = new StringBuilder("frameworks:\n  many:\n    title: Many\n    version: \"1\"\n    controls:\n");
        for (int i = 1; i <= 25; i++) {
            yaml.append("      C-").append(i).append(":\n        title: Control ").append(i)
                    .append("\n        rules: [cleartext-protocol]\n");
        }
        Path mapping = Files.writeString(dir.resolve("many.yaml"), yaml.toString());
        dev.portaudit.cli.CliRunner.Run r = dev.portaudit.cli.CliRunner.run("scan", "--no-default-policy",
                "--controls", mapping.toString(), "--format", "sarif");
        JsonNode s = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        GithubSarif.assertAccepted(s);
        JsonNode telnet = result(s, "cleartext-protocol").path("properties");
        assertEquals(20, telnet.path("tags").size());
        assertTrue(telnet.path("controls").size() >= 25, telnet.path("controls").toString());
    }

    @Test
    void policyFindingsPointAtTheEntryThatDecidedThem() throws Exception {
        JsonNode s = sarif(ReportGoldenTest.named().get("policy"), View.DEFAULT);
        List<String> lines = Files.readAllLines(POLICY);
        JsonNode denied = result(s, "denied-listener");
        assertEquals(POLICY.toString(), uri(denied));
        assertEquals("  - name: no telnet", lines.get(line(denied) - 1));
        JsonNode waived = result(s, "wildcard-exposure");
        for (JsonNode r : s.path("runs").get(0).path("results")) {
            if (r.has("suppressions") && r.path("properties").path("port").asInt() == 5432) {
                waived = r;
            }
        }
        assertEquals("  - rule: wildcard-exposure", lines.get(line(waived) - 1), "the waiver that accepted it");
        assertEquals("  - name: ssh", lines.get(line(result(s, "unexpected-listener")) - 1),
                "the allow list it fell outside of");
    }

    @Test
    void theArtifactTakesTheRulesOwnFindingsAndPathsBecomeRelative() throws Exception {
        Report mixed = ReportGoldenTest.named().get("mixed");
        JsonNode named = sarif(mixed, new View(Severity.LOW, false, 0, "/work/app/docker/Dockerfile",
                Path.of("/work/app")));
        JsonNode first = named.path("runs").get(0).path("results").get(0);
        assertEquals("docker/Dockerfile", uri(first), "relative to the checkout");
        assertEquals(1, line(first));
        JsonNode outside = sarif(mixed, new View(Severity.LOW, false, 0, "/etc/portaudit/Dockerfile file",
                Path.of("/work/app")));
        JsonNode location = outside.path("runs").get(0).path("results").get(0).path("locations").get(0)
                .path("physicalLocation").path("artifactLocation");
        assertEquals("etc/portaudit/Dockerfile%20file", location.path("uri").asText());
        assertEquals(SarifReporter.ROOT, location.path("uriBaseId").asText());
        GithubSarif.assertAccepted(outside);
        JsonNode unnamed = sarif(mixed, View.DEFAULT);
        assertEquals("host/" + mixed.host().hostname(), uri(unnamed.path("runs").get(0).path("results").get(0)));
    }

    @Test
    void securitySeverityFollowsTheEffectiveSeverity() throws Exception {
        JsonNode s = sarif(ReportGoldenTest.named().get("policy"), View.DEFAULT);
        JsonNode denied = result(s, "denied-listener");
        assertEquals("critical", denied.path("properties").path("severity").asText(), "the deny entry's severity");
        assertEquals("9.5", denied.path("properties").path("security-severity").asText());
        for (JsonNode rule : s.path("runs").get(0).path("tool").path("driver").path("rules")) {
            if (rule.path("id").asText().equals("denied-listener")) {
                assertEquals("9.5", rule.path("properties").path("security-severity").asText(),
                        "the rule ranks as its critical result, not its default");
            }
        }
    }

    @Test
    void theCheckRejectsWhatGithubRejects() throws Exception {
        JsonNode good = sarif(ReportGoldenTest.named().get("mixed"), View.DEFAULT);
        GithubSarif.assertAccepted(good);
        ObjectNode logicalOnly = good.deepCopy();
        ((ObjectNode) logicalOnly.path("runs").get(0).path("results").get(0).path("locations").get(0))
                .remove("physicalLocation");
        assertThrows(AssertionError.class, () -> GithubSarif.assertAccepted(logicalOnly));
        ObjectNode merged = good.deepCopy();
        JsonNode results = merged.path("runs").get(0).path("results");
        ((ObjectNode) results.get(1).path("partialFingerprints")).set("primaryLocationLineHash",
                results.get(0).path("partialFingerprints").path("primaryLocationLineHash"));
        assertThrows(AssertionError.class, () -> GithubSarif.assertAccepted(merged));
        ObjectNode absolute = good.deepCopy();
        ((ObjectNode) absolute.path("runs").get(0).path("results").get(0).path("locations").get(0)
                .path("physicalLocation").path("artifactLocation")).put("uri", "/etc/portaudit/policy.yaml");
        assertThrows(AssertionError.class, () -> GithubSarif.assertAccepted(absolute));
        assertTrue(new String(MAPPER.writeValueAsBytes(good), StandardCharsets.UTF_8).contains("physicalLocation"));
    }
}
