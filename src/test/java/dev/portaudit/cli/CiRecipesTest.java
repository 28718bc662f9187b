package dev.portaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The CI recipes of dist/ci cannot run here (no Docker engine), so they are checked instead: valid
 * YAML of the right shape, and every portaudit command line in them parses with the real options.
 */
class CiRecipesTest {

    private static final Path CI = Path.of("dist/ci");

    /** The file's YAML documents: GitLab's template is its input spec, then the job. */
    @SuppressWarnings("unchecked")
    private static List<Map<Object, Object>> documents(String file) throws Exception {
        List<Map<Object, Object>> docs = new ArrayList<>();
        new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(CI.resolve(file)))
                .forEach(d -> docs.add((Map<Object, Object>) d));
        return docs;
    }

    private static Map<Object, Object> load(String file) throws Exception {
        List<Map<Object, Object>> docs = documents(file);
        return docs.get(docs.size() - 1);
    }

    @SuppressWarnings("unchecked")
    private static List<String> githubScripts(Map<Object, Object> workflow) {
        List<String> scripts = new ArrayList<>();
        Map<String, Object> jobs = (Map<String, Object>) workflow.get("jobs");
        for (Object job : jobs.values()) {
            for (Object step : (List<Object>) ((Map<String, Object>) job).get("steps")) {
                Object run = ((Map<String, Object>) step).get("run");
                if (run != null) {
                    scripts.add((String) run);
                }
            }
        }
        return scripts;
    }

    @SuppressWarnings("unchecked")
    private static List<String> gitlabScripts(Map<Object, Object> pipeline) {
        List<String> scripts = new ArrayList<>();
        for (Object value : pipeline.values()) {
            if (value instanceof Map<?, ?> job) {
                for (String key : List.of("before_script", "script", "after_script")) {
                    Object lines = job.get(key);
                    if (lines instanceof List<?> l) {
                        l.forEach(x -> scripts.add((String) x));
                    }
                }
            }
        }
        return scripts;
    }

    private static void checkInvocations(List<String> scripts) {
        List<List<String>> all = new ArrayList<>();
        scripts.forEach(s -> all.addAll(ShellCommands.invocations(s)));
        assertFalse(all.isEmpty(), "the recipe runs portaudit");
        all.forEach(ShellCommands::assertParses);
        List<String> audit = all.stream().filter(a -> a.contains("--policy")).findFirst().orElseThrow();
        for (String flag : List.of("scan", "--target-pid", "--fail-on", "--fail-on-incomplete")) {
            assertTrue(audit.contains(flag), "the audit uses " + flag + ": " + audit);
        }
        assertTrue(audit.contains("dist/ci/policy.yaml"));
        assertTrue(audit.stream().anyMatch(a -> a.startsWith("sarif=")) && audit.stream()
                .anyMatch(a -> a.startsWith("junit=")), "SARIF and JUnit are written: " + audit);
    }

    @Test
    void githubWorkflowIsValidAndItsCommandsExist() throws Exception {
        Map<Object, Object> wf = load("github-actions.yml");
        assertTrue(wf.containsKey("on") || wf.containsKey(Boolean.TRUE), "a trigger");
        assertTrue(wf.containsKey("jobs"));
        List<String> scripts = githubScripts(wf);
        checkInvocations(scripts);
        String text = Files.readString(CI.resolve("github-actions.yml"));
        assertTrue(text.contains("github/codeql-action/upload-sarif"), "SARIF goes to code scanning");
        assertEquals(Map.of("contents", "read", "security-events", "write", "actions", "read"), wf.get("permissions"),
                "upload-sarif needs actions: read in private repositories");
        // the majors that run on the runners' current Node.js (the older ones are deprecated)
        Map<String, Integer> floor = Map.of("actions/checkout", 6, "actions/setup-java", 5,
                "actions/upload-artifact", 7, "github/codeql-action/upload-sarif", 4);
        var uses = Pattern.compile("uses: (\\S+)@v(\\d+)").matcher(text);
        int seen = 0;
        while (uses.find()) {
            Integer min = floor.get(uses.group(1));
            assertTrue(min != null && Integer.parseInt(uses.group(2)) >= min, "a current major: " + uses.group());
            seen++;
        }
        assertEquals(4, seen, "every action the workflow uses is checked");
        assertTrue(text.contains("--sarif-artifact Dockerfile"), "alerts are filed under the image's Dockerfile");
        assertTrue(text.contains("docker inspect -f '{{.State.Pid}}'"));
    }

    @Test
    void gitlabJobIsValidAndItsCommandsExist() throws Exception {
        List<Map<Object, Object>> docs = documents("gitlab-ci.yml");
        assertEquals(2, docs.size(), "an input spec, then the job");
        assertEquals(Map.of("inputs", Map.of("stage", Map.of("default", "test",
                "description", "The pipeline stage the audit job runs in."))), docs.get(0).get("spec"));
        Map<Object, Object> pipeline = docs.get(1);
        assertEquals(Set.of("portaudit-image-audit"), pipeline.keySet(),
                "one job and no global keys (stages, default, variables) to clash with the including pipeline");
        checkInvocations(gitlabScripts(pipeline));
        @SuppressWarnings("unchecked")
        Map<String, Object> job = (Map<String, Object>) pipeline.get("portaudit-image-audit");
        @SuppressWarnings("unchecked")
        Map<String, Object> artifacts = (Map<String, Object>) job.get("artifacts");
        assertEquals("always", artifacts.get("when"));
        assertEquals(Map.of("junit", "portaudit-junit.xml"), artifacts.get("reports"));
        assertEquals("$[[ inputs.stage ]]", job.get("stage"));
    }

    @Test
    void thePolicyTheyUseIsValid() {
        CliRunner.Run r = CliRunner.run("policy", "validate", CI.resolve("policy.yaml").toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void theCheckCanFail() {
        assertThrows(AssertionError.class,
                () -> ShellCommands.assertParses(List.of("scan", "--target-pid", "1", "--no-such-flag")));
        assertEquals(List.of(List.of("scan", "--target-pid", "1", "--format", "json")),
                ShellCommands.invocations("n=$(sudo portaudit scan --target-pid \"$pid\" --format json | jq .)"));
        assertEquals(List.of(List.of("scan", "--fail-on", "high")),
                ShellCommands.invocations("portaudit scan --fail-on high   # a comment, not arguments"));
    }
}
