package dev.portaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.portaudit.model.Fingerprints;
import dev.portaudit.model.Report;
import dev.portaudit.policy.RuleSpecs;
import dev.portaudit.testing.Scenarios;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each machine format checked by the schema or tool that reads it, on every shared scenario. */
class FormatValidationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, Report> REPORTS = ReportGoldenTest.named();

    @Test
    void sarifValidatesAgainstTheSarif210Schema() throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(
                MAPPER.readTree(Files.readString(Path.of("src/test/resources/schemas/sarif-schema-2.1.0.json"))));
        for (Map.Entry<String, Report> e : REPORTS.entrySet()) {
            JsonNode sarif = MAPPER.readTree(ReportGoldenTest.render(e.getValue(), ReportFormat.SARIF));
            Set<ValidationMessage> errors = schema.validate(sarif);
            assertEquals(Set.of(), errors, e.getKey());
        }
        JsonNode broken = MAPPER.readTree("{\"version\": \"2.1.0\", \"runs\": [{\"results\": []}]}");
        assertFalse(schema.validate(broken).isEmpty(), "the schema check can fail: a run needs a tool");
    }

    @Test
    void sarifCarriesRulesLevelsFingerprintsAndSuppressions() throws Exception {
        JsonNode run = MAPPER.readTree(ReportGoldenTest.render(REPORTS.get("policy"), ReportFormat.SARIF))
                .get("runs").get(0);
        JsonNode rules = run.get("tool").get("driver").get("rules");
        Set<String> ids = new HashSet<>();
        rules.forEach(r -> ids.add(r.get("id").asText()));
        Set<String> active = new HashSet<>(RuleSpecs.ids());
        active.removeAll(Set.of("baseline-added", "baseline-removed"));
        assertEquals(active, ids, "every rule the run used, and no baseline rules: the scenario has no baseline");
        assertEquals("note", rules.get(0).get("defaultConfiguration").get("level").asText(), "privileged-bind: info");
        Set<String> fingerprints = new HashSet<>();
        int suppressed = 0;
        for (JsonNode result : run.get("results")) {
            String rule = result.get("ruleId").asText();
            assertEquals(rule, rules.get(result.get("ruleIndex").asInt()).get("id").asText());
            String severity = result.get("properties").get("severity").asText();
            assertEquals(switch (severity) {
                case "critical", "high" -> "error";
                case "medium" -> "warning";
                default -> "note";
            }, result.get("level").asText());
            fingerprints.add(result.get("partialFingerprints").get("portauditFinding/v1").asText());
            if (result.has("suppressions")) {
                suppressed++;
                assertEquals("accepted", result.get("suppressions").get(0).get("status").asText());
            }
        }
        assertEquals(run.get("results").size(), fingerprints.size(), "fingerprints tell findings apart");
        assertEquals(3, suppressed, "the waiver and the two findings the ssh allow entry accepts");
        JsonNode again = MAPPER.readTree(ReportGoldenTest.render(Scenarios.report(Scenarios.mixed(),
                Scenarios.settings(java.util.Optional.empty(), Path.of("src/test/resources/policies/scenario.yaml"))),
                ReportFormat.SARIF)).get("runs").get(0).get("results");
        assertEquals(run.get("results").get(0).get("partialFingerprints"), again.get(0).get("partialFingerprints"),
                "the same finding keeps its fingerprint from run to run");
    }

    @Test
    void fingerprintIgnoresThePid() {
        var a = new dev.portaudit.model.Finding("r", dev.portaudit.model.Severity.LOW,
                Scenarios.tcp("0.0.0.0", 22, Scenarios.SSHD), "m", "", List.of());
        var b = new dev.portaudit.model.Finding("r", dev.portaudit.model.Severity.HIGH,
                Scenarios.tcp("0.0.0.0", 22, Scenarios.owner(99, "sshd", "root", 0, "x", "/usr/sbin/sshd")
                        .withUnit("ssh.service")), "other", "", List.of());
        var c = new dev.portaudit.model.Finding("r", dev.portaudit.model.Severity.LOW,
                Scenarios.tcp("0.0.0.0", 2222, Scenarios.SSHD), "m", "", List.of());
        assertEquals(Fingerprints.of(a), Fingerprints.of(b));
        assertFalse(Fingerprints.of(a).equals(Fingerprints.of(c)));
    }

    @Test
    void fingerprintFollowsTheStableNameAcrossAnUpgrade() {
        var before = new dev.portaudit.model.Finding("r", dev.portaudit.model.Severity.LOW, Scenarios.tcp("0.0.0.0",
                8080, Scenarios.owner(500, "java", "app", 1001, "java -jar app.jar", "/usr/lib/jvm/java-17/bin/java")
                        .withUnit("app.service")), "m", "", List.of());
        var after = new dev.portaudit.model.Finding("r", dev.portaudit.model.Severity.LOW, Scenarios.tcp("0.0.0.0",
                8080, Scenarios.owner(501, "java", "app", 1001, "java -jar app.jar", "/usr/lib/jvm/java-21/bin/java")
                        .withUnit("app.service")), "m", "", List.of());
        var elsewhere = new dev.portaudit.model.Finding("r", dev.portaudit.model.Severity.LOW, Scenarios.tcp(
                "0.0.0.0", 8080, Scenarios.owner(501, "java", "app", 1001, "java -jar app.jar",
                        "/usr/lib/jvm/java-21/bin/java").withUnit("other.service")), "m", "", List.of());
        var unnamed = new dev.portaudit.model.Finding("r", dev.portaudit.model.Severity.LOW, Scenarios.tcp("0.0.0.0",
                8080, Scenarios.owner(500, "java", "app", 1001, "java -jar app.jar", "/usr/lib/jvm/java-17/bin/java")),
                "m", "", List.of());
        assertEquals(Fingerprints.of(before), Fingerprints.of(after), "the unit, not the executable");
        assertFalse(Fingerprints.of(after).equals(Fingerprints.of(elsewhere)), "another unit is another listener");
        assertEquals(Fingerprints.of(unnamed), Fingerprints.byExecutable("r", dev.portaudit.model.Transport.TCP,
                "0.0.0.0", 8080, "/usr/lib/jvm/java-17/bin/java"), "no name: by executable, as before");
    }

    @Test
    void junitValidatesAgainstTheStrictAntSchema() throws Exception {
        Validator validator = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(Path.of("src/test/resources/schemas/junit-ant.xsd").toFile()).newValidator();
        for (Map.Entry<String, Report> e : REPORTS.entrySet()) {
            String xml = ReportGoldenTest.render(e.getValue(), ReportFormat.JUNIT);
            validator.validate(new StreamSource(new StringReader(xml)));
        }
        org.junit.jupiter.api.Assertions.assertThrows(org.xml.sax.SAXException.class, () -> validator.validate(
                new StreamSource(new StringReader("<testsuites><testsuite name=\"x\"/></testsuites>"))),
                "the schema check can fail");
    }

    @Test
    void junitFailsTheTestCasesAtOrAboveTheThreshold() throws Exception {
        String xml = ReportGoldenTest.render(REPORTS.get("mixed"), ReportFormat.JUNIT);
        org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        org.w3c.dom.Element suite = (org.w3c.dom.Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("14", suite.getAttribute("tests"));
        long failing = REPORTS.get("mixed").listeners().stream().filter(a -> REPORTS.get("mixed").findingsByListener()
                .getOrDefault(a.listener(), List.of()).stream().anyMatch(f -> !f.waived()
                        && f.severity().atLeast(dev.portaudit.model.Severity.MEDIUM))).count();
        assertEquals(Long.toString(failing), suite.getAttribute("failures"));
        assertEquals(failing, doc.getElementsByTagName("failure").getLength());
        assertTrue(xml.contains("<property name=\"host.name\" value=\"web-1\"/>"), xml);
    }

    @Test
    void prometheusPassesPromtool(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")),
                "promtool (Debian package prometheus) is not installed; .ci/run installs it");
        for (Map.Entry<String, Report> e : REPORTS.entrySet()) {
            Path file = Files.writeString(tmp.resolve(e.getKey() + ".prom"),
                    ReportGoldenTest.render(e.getValue(), ReportFormat.PROMETHEUS));
            Process p = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectInput(file.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), e.getKey() + ": " + out);
            assertEquals("", out.strip(), e.getKey() + ": promtool has remarks: " + out);
        }
        Path bad = Files.writeString(tmp.resolve("bad.prom"), "portaudit_listeners{protocol=\"tcp\" 1\n");
        Process p = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectInput(bad.toFile())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(p.exitValue() != 0, "promtool rejects broken exposition text");
    }

    @Test
    void prometheusCountsListenersAndFindings() throws Exception {
        String prom = ReportGoldenTest.render(REPORTS.get("policy"), ReportFormat.PROMETHEUS);
        assertTrue(prom.contains("portaudit_findings{rule=\"denied-listener\",severity=\"critical\"} 1\n"), prom);
        assertTrue(prom.contains("portaudit_findings_waived{rule=\"wildcard-exposure\"} 3\n"), prom);
        assertTrue(prom.contains("portaudit_listeners{protocol=\"tcp\",range=\"well-known\",exposure=\"wildcard\"} 5\n"),
                prom);
        assertTrue(prom.contains("portaudit_scan_timestamp_seconds 1795341600.000\n"), prom);
        assertTrue(prom.contains("portaudit_scan_complete 0\n"), prom);
        String hostile = ReportGoldenTest.render(REPORTS.get("hostile"), ReportFormat.PROMETHEUS);
        assertTrue(hostile.contains("hostname=\"host<1>&\\\\x1b[0m\""), hostile);
    }
}
