package dev.portaudit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * What GitHub code scanning requires of an upload, beyond the SARIF schema: it rejects a result
 * without a physical location, tracks alerts by primaryLocationLineHash, ranks them by the rule's
 * security-severity, and enforces the limits of its "SARIF results exceed limit" page.
 */
public final class GithubSarif {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> LEVELS = Set.of("none", "note", "warning", "error");

    private GithubSarif() {
    }

    /** Every constraint of a GitHub upload this project's output could break; fails with the first one broken. */
    public static void assertAccepted(JsonNode sarif) throws Exception {
        assertEquals("2.1.0", sarif.path("version").asText());
        byte[] raw = MAPPER.writeValueAsBytes(sarif);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(raw);
        }
        assertTrue(gz.size() <= 10 * 1024 * 1024, "at most 10 MB gzipped");
        JsonNode runs = sarif.path("runs");
        assertTrue(runs.size() >= 1 && runs.size() <= 20, "1 to 20 runs");
        for (JsonNode run : runs) {
            JsonNode driver = run.path("tool").path("driver");
            assertFalse(driver.path("name").asText().isEmpty(), "the tool has a name");
            JsonNode rules = driver.path("rules");
            assertTrue(rules.size() <= 25_000, "at most 25,000 rules");
            Map<String, Double> ruleSeverity = new HashMap<>();
            for (JsonNode rule : rules) {
                String id = rule.path("id").asText();
                assertFalse(id.isEmpty(), "a rule has an id");
                assertTrue(rule.path("properties").path("tags").size() <= 20, id + ": at most 20 tags");
                double s = Double.parseDouble(rule.path("properties").path("security-severity").asText());
                assertTrue(s >= 0.0 && s <= 10.0, id + ": security-severity within 0.0-10.0");
                assertTrue(ruleSeverity.put(id, s) == null, "rule ids are unique: " + id);
            }
            JsonNode results = run.path("results");
            assertTrue(results.size() <= 25_000, "at most 25,000 results");
            Set<String> lineHashes = new HashSet<>();
            for (JsonNode result : results) {
                String rule = result.path("ruleId").asText();
                assertTrue(ruleSeverity.containsKey(rule), "the result's rule is described: " + rule);
                if (result.has("ruleIndex")) {
                    assertEquals(rule, rules.get(result.get("ruleIndex").asInt()).path("id").asText());
                }
                assertFalse(result.path("message").path("text").asText().isEmpty(), rule + ": a message");
                assertTrue(LEVELS.contains(result.path("level").asText("warning")), rule + ": a known level");
                assertTrue(result.path("properties").path("tags").size() <= 20, rule + ": at most 20 tags");
                JsonNode locations = result.path("locations");
                assertTrue(locations.size() >= 1 && locations.size() <= 1000, rule + ": 1 to 1000 locations");
                for (JsonNode location : locations) {
                    assertPhysical(run, location.path("physicalLocation"), rule);
                }
                String hash = result.path("partialFingerprints").path("primaryLocationLineHash").asText();
                assertFalse(hash.isEmpty(), rule + ": a primaryLocationLineHash");
                assertTrue(lineHashes.add(hash), "no two results share an alert: " + hash);
                double own = Double.parseDouble(result.path("properties").path("security-severity").asText());
                assertTrue(ruleSeverity.get(rule) >= own,
                        rule + ": the rule's security-severity ranks its most severe result");
            }
        }
    }

    private static void assertPhysical(JsonNode run, JsonNode physical, String rule) {
        JsonNode artifact = physical.path("artifactLocation");
        String uri = artifact.path("uri").asText();
        assertFalse(uri.isEmpty(), rule + ": physicalLocation.artifactLocation.uri");
        URI parsed = URI.create(uri);
        assertTrue(parsed.getScheme() == null && !uri.startsWith("/"), rule + ": a relative URI, not " + uri);
        if (artifact.has("uriBaseId")) {
            assertTrue(run.path("originalUriBaseIds").has(artifact.get("uriBaseId").asText()),
                    rule + ": the URI's base is declared");
        }
        assertTrue(physical.path("region").path("startLine").asInt() >= 1, rule + ": a region from line 1");
    }
}
