package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The CI recipes run, not only parsed: their docker commands go to a real engine (podman, through
 * Debian's podman-docker, see {@link Podman}), building an application image from the local busybox
 * one and auditing it with this checkout's portaudit. The GitLab job runs whole in gitlab-ci-local's
 * shell executor; the GitHub workflow's run steps run in order as a runner runs them (bash -eo
 * pipefail, GITHUB_OUTPUT, step conditions), while its uses: steps (checkout, setup-java, the
 * uploads) are GitHub's own and are not run here. An image that listens where the policy allows
 * passes; one with a denied debugger port fails the job.
 */
class CiRecipesRunIT {

    private static final Path CI = Path.of("dist/ci").toAbsolutePath();
    private static final Path BIN = Path.of("dist/bin").toAbsolutePath();
    private static Podman podman;
    private static Path shim;

    @BeforeAll
    static void start() throws Exception {
        CiRecipesIT.installTools();
        assertTrue(Files.isExecutable(Path.of("/usr/bin/docker")) && Files.readString(Path.of("/usr/bin/docker"))
                .contains("podman"), "podman-docker's docker command is installed by .ci/run");
        podman = new Podman();
        // podman-docker's docker first: a docker client elsewhere on PATH would look for a Docker engine
        shim = Files.createDirectories(podman.dir.resolve("shim"));
        Files.createSymbolicLink(shim.resolve("docker"), Path.of("/usr/bin/docker"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (podman != null) {
            podman.close();
        }
    }

    /** An application's repository: a Dockerfile from the local image, listening on {@code port}, and the recipes. */
    private static Path project(Path dir, int port) throws Exception {
        Files.createDirectories(dir.resolve("dist/ci"));
        for (String f : List.of("gitlab-ci.yml", "policy.yaml", "github-actions.yml")) {
            Files.copy(CI.resolve(f), dir.resolve("dist/ci").resolve(f));
        }
        Files.writeString(dir.resolve("Dockerfile"), "FROM " + Podman.IMAGE + "\nEXPOSE " + port
                + "\nCMD [\"httpd\", \"-f\", \"-p\", \"" + port + "\"]\n");
        Files.writeString(dir.resolve(".gitlab-ci.yml"), "include:\n  - local: dist/ci/gitlab-ci.yml\n");
        for (List<String> git : List.of(List.of("init", "-q"), List.of("add", "-A"),
                List.of("-c", "user.email=ci@example.invalid", "-c", "user.name=ci", "commit", "-qm", "app"))) {
            List<String> cmd = new ArrayList<>(List.of("git"));
            cmd.addAll(git);
            assertEquals(0, JarRunner.exec(new ProcessBuilder(cmd).directory(dir.toFile()), 60).code());
        }
        return dir;
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(podman.env);
        env.put("PATH", shim + ":" + BIN + ":/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("PORTAUDIT_JAR", JarRunner.JAR.toString());
        return env;
    }

    private static JarRunner.Result gitlab(Path project) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(CiRecipesIT.TOOLS.resolve("node_modules/.bin/gitlab-ci-local")
                .toString(), "portaudit-image-audit").directory(project.toFile());
        pb.environment().putAll(env());
        return JarRunner.exec(pb, 300);
    }

    private static JsonNode sarif(Path file) throws Exception {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void theGitlabJobPassesAnAllowedImageAndFailsADeniedOne(@TempDir Path dir) throws Exception {
        Path good = project(dir.resolve("good"), 8080);
        JarRunner.Result ok = gitlab(good);
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("PASS  portaudit-image-audit"), ok.out());
        Path bad = project(dir.resolve("bad"), 5005);
        JarRunner.Result failed = gitlab(bad);
        assertEquals(1, failed.code(), failed.out() + failed.err());
        assertTrue(failed.out().contains("FAIL  portaudit-image-audit"), failed.out());
        Path artifacts = bad.resolve(".gitlab-ci-local/artifacts/portaudit-image-audit");
        JsonNode results = sarif(artifacts.resolve("portaudit.sarif")).at("/runs/0/results");
        assertEquals(1, results.size(), results.toString());
        assertEquals("denied-listener", results.get(0).get("ruleId").asText());
        assertTrue(Files.readString(artifacts.resolve("portaudit-junit.xml")).contains("<failure"),
                "the JUnit report GitLab shows in the merge request");
        assertEquals("", podman.ok("ps", "-aq"), "the job's after_script removed its container");
    }

    @Test
    void theGithubWorkflowsRunStepsPassAnAllowedImageAndFailADeniedOne(@TempDir Path dir) throws Exception {
        Map<String, String> good = github(project(dir.resolve("good"), 8080), dir.resolve("good-runner"));
        assertEquals("success", good.get("Audit the container"));
        assertEquals("skipped", good.get("Fail on findings"));
        assertEquals("success", good.get("Remove the container"));
        Map<String, String> bad = github(project(dir.resolve("bad"), 5005), dir.resolve("bad-runner"));
        assertEquals("success", bad.get("Audit the container"), "the audit step records the code, the job goes on");
        assertEquals("failure", bad.get("Fail on findings"), "and fails here: " + bad);
        assertEquals("success", bad.get("Remove the container"), "always() steps still run");
        JsonNode results = sarif(dir.resolve("bad/portaudit.sarif")).at("/runs/0/results");
        assertEquals("denied-listener", results.get(0).get("ruleId").asText());
        assertEquals("dist/ci/policy.yaml", results.get(0).at("/locations/0/physicalLocation/artifactLocation/uri")
                .asText(), "code scanning shows the alert on the deny entry that decided it, relative to the checkout");
        assertEquals(29, results.get(0).at("/locations/0/physicalLocation/region/startLine").asInt());
        assertEquals("", podman.ok("ps", "-aq"));
    }

    private static final Pattern EXPR = Pattern.compile("\\$\\{\\{\\s*([^}]+?)\\s*}}");
    private static final Pattern OUTPUT_CONDITION = Pattern.compile("steps\\.(\\w+)\\.outputs\\.(\\w+)\\s*(==|!=)\\s*'([^']*)'");

    /**
     * The workflow's job, its run steps run as a runner runs them; "Install portaudit" (a clone and a
     * build from the network) is replaced by this checkout's launcher on PATH, as that step does.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> github(Path project, Path runner) throws Exception {
        Map<String, Object> workflow = new Yaml().load(Files.readString(CI.resolve("github-actions.yml")));
        Map<String, Object> job = (Map<String, Object>) ((Map<String, Object>) workflow.get("jobs")).get("audit-image");
        Map<String, Map<String, String>> outputs = new HashMap<>();
        Map<String, String> context = Map.of("github.sha", "0123456789abcdef0123456789abcdef01234567");
        Map<String, String> jobEnv = new LinkedHashMap<>();
        ((Map<String, Object>) job.get("env")).forEach((k, v) -> jobEnv.put(k, expand(String.valueOf(v), context,
                outputs)));
        Files.createDirectories(runner);
        Map<String, String> outcomes = new LinkedHashMap<>();
        boolean failed = false;
        int n = 0;
        for (Map<String, Object> step : (List<Map<String, Object>>) job.get("steps")) {
            String name = String.valueOf(step.getOrDefault("name", step.get("uses")));
            if (!step.containsKey("run") || name.equals("Install portaudit")) {
                continue;
            }
            String condition = String.valueOf(step.getOrDefault("if", "success()"));
            boolean run = condition.equals("always()") || (!failed && matches(condition, outputs));
            if (!run) {
                outcomes.put(name, "skipped");
                continue;
            }
            Path script = Files.writeString(runner.resolve("step" + (++n) + ".sh"),
                    expand(String.valueOf(step.get("run")), context, outputs));
            Path output = Files.writeString(runner.resolve("output" + n), "");
            ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail",
                    script.toString()).directory(project.toFile());
            pb.environment().putAll(env());
            pb.environment().putAll(jobEnv);
            pb.environment().put("GITHUB_OUTPUT", output.toString());
            pb.environment().put("GITHUB_PATH", runner.resolve("path").toString());
            pb.environment().put("RUNNER_TEMP", runner.toString());
            JarRunner.Result r = JarRunner.exec(pb, 300);
            outcomes.put(name, r.code() == 0 ? "success" : "failure");
            failed |= r.code() != 0;
            if (step.containsKey("id")) {
                Map<String, String> out = new HashMap<>();
                for (String line : Files.readAllLines(output)) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        out.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                }
                outputs.put(String.valueOf(step.get("id")), out);
            }
        }
        return outcomes;
    }

    private static boolean matches(String condition, Map<String, Map<String, String>> outputs) {
        if (condition.equals("success()")) {
            return true;
        }
        Matcher m = OUTPUT_CONDITION.matcher(condition);
        assertTrue(m.matches(), "a condition this runner does not know: " + condition);
        String value = outputs.getOrDefault(m.group(1), Map.of()).getOrDefault(m.group(2), "");
        return m.group(3).equals("==") == value.equals(m.group(4));
    }

    private static String expand(String text, Map<String, String> context, Map<String, Map<String, String>> outputs) {
        Matcher m = EXPR.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String value;
            Matcher o = Pattern.compile("steps\\.(\\w+)\\.outputs\\.(\\w+)").matcher(e);
            if (o.matches()) {
                value = outputs.getOrDefault(o.group(1), Map.of()).getOrDefault(o.group(2), "");
            } else {
                value = context.get(e);
                assertTrue(value != null, "an expression this runner does not know: " + e);
            }
            m.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        m.appendTail(b);
        return b.toString();
    }
}
