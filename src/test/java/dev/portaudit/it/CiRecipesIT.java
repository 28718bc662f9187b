package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI recipes of dist/ci through the tools that read them, installed from the npm registry under
 * target/: the GitHub workflow through action-validator (the workflow schema GitHub's editor uses),
 * the GitLab template included into host projects of several shapes and expanded by gitlab-ci-local,
 * which resolves includes, inputs and stages as GitLab does. The jobs' own scripts need a Docker engine
 * and are not run here.
 */
class CiRecipesIT {

    static final Path TOOLS = Path.of("target", "ci-tools").toAbsolutePath();
    private static final Path CI = Path.of("dist/ci").toAbsolutePath();
    private static final String JOB = "portaudit-image-audit";

    @BeforeAll
    static void install() throws Exception {
        installTools();
    }

    /** gitlab-ci-local and action-validator under target/ci-tools, once. */
    static void installTools() throws Exception {
        if (!Files.isRegularFile(TOOLS.resolve("node_modules/re2/build/Release/re2.node"))
                || !Files.isRegularFile(TOOLS.resolve("node_modules/.bin/action-validator"))) {
            Files.createDirectories(TOOLS);
            Files.writeString(TOOLS.resolve("package.json"), "{\"private\": true}\n");
            // 4.60 is the last gitlab-ci-local that runs on Node.js 20, the one Debian 12 machines have; its
            // regular-expression module is compiled by its install script (g++, make)
            JarRunner.Result r = JarRunner.exec(new ProcessBuilder("npm", "install", "--prefix", TOOLS.toString(),
                    "--no-audit", "--no-fund", "gitlab-ci-local@4.60.0",
                    "@action-validator/cli@0.6.0").directory(TOOLS.toFile()), 300);
            assertEquals(0, r.code(), "npm install: " + r.err());
        }
    }

    private static JarRunner.Result tool(String name, Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(TOOLS.resolve("node_modules/.bin/" + name).toString()));
        cmd.addAll(List.of(args));
        return JarRunner.exec(new ProcessBuilder(cmd).directory(dir.toFile()), 120);
    }

    @Test
    void theWorkflowPassesTheWorkflowSchemaAndABrokenOneDoesNot(@TempDir Path dir) throws Exception {
        JarRunner.Result ok = tool("action-validator", dir, CI.resolve("github-actions.yml").toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        Path broken = dir.resolve("broken.yml");
        Files.writeString(broken, Files.readString(CI.resolve("github-actions.yml"))
                .replace("actions: read", "actions: maybe"));
        assertNotEquals(0, tool("action-validator", dir, broken.toString()).code(), "the check can fail");
    }

    /** A git repository holding the recipes and a .gitlab-ci.yml; the stage gitlab-ci-local puts the job in. */
    private static String stageIn(Path project, String pipeline, String template) throws Exception {
        Files.createDirectories(project.resolve("dist/ci"));
        for (String f : List.of("gitlab-ci.yml", "policy.yaml")) {
            Files.copy(CI.resolve(f), project.resolve("dist/ci").resolve(f));
        }
        Files.writeString(project.resolve("dist/ci/gitlab-ci.yml"), template);
        Files.writeString(project.resolve(".gitlab-ci.yml"), pipeline);
        for (List<String> git : List.of(List.of("init", "-q"), List.of("add", "-A"),
                List.of("-c", "user.email=ci@example.invalid", "-c", "user.name=ci", "commit", "-qm", "host"))) {
            List<String> cmd = new ArrayList<>(List.of("git"));
            cmd.addAll(git);
            assertEquals(0, JarRunner.exec(new ProcessBuilder(cmd).directory(project.toFile()), 60).code());
        }
        JarRunner.Result list = tool("gitlab-ci-local", project, "--list");
        var m = Pattern.compile("(?m)^" + JOB + "\\s+(\\S+)\\s+on_success").matcher(list.out());
        return list.code() == 0 && m.find() ? m.group(1) : "(not listed: " + list.out() + list.err() + ")";
    }

    @Test
    void theTemplateJoinsPipelinesOfEveryShape(@TempDir Path dir) throws Exception {
        String template = Files.readString(CI.resolve("gitlab-ci.yml"));
        String build = "build:\n  stage: build\n  script: [echo built]\n";
        assertEquals("test", stageIn(dir.resolve("plain"),
                "include:\n  - local: dist/ci/gitlab-ci.yml\n", template), "no stages of its own: GitLab's");
        assertEquals("test", stageIn(dir.resolve("staged"), "stages: [build, test, deploy]\n" + build
                + "include:\n  - local: dist/ci/gitlab-ci.yml\n", template), "its own stages, test among them");
        assertEquals("audit", stageIn(dir.resolve("custom"), "stages: [build, audit]\n" + build
                + "include:\n  - local: dist/ci/gitlab-ci.yml\n    inputs:\n      stage: audit\n", template),
                "a stage named by the input");
        String clashing = template.replaceFirst("(?m)^---\n", "---\nstages:\n  - audit\n")
                .replace("$[[ inputs.stage ]]", "audit");
        assertTrue(stageIn(dir.resolve("clash"), "stages: [build, test, deploy]\n" + build
                + "include:\n  - local: dist/ci/gitlab-ci.yml\n", clashing).startsWith("(not listed"),
                "a template with stages of its own breaks the pipeline it joins: the check can fail");
    }
}
