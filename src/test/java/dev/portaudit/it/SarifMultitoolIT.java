package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portaudit.testing.GithubSarif;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SARIF a real scan writes, and every golden SARIF file, through Microsoft's SARIF multitool with
 * its SARIF and GitHub rule sets (from the npm registry, installed under target/), and through the
 * GitHub upload constraints the multitool does not check.
 */
class SarifMultitoolIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String VERSION = "5.7.0";
    private static final Path HOME = Path.of("target", "sarif-multitool").toAbsolutePath();
    private static Path tool;

    @BeforeAll
    static void install() throws Exception {
        tool = HOME.resolve("node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
        if (!Files.isExecutable(tool)) {
            Files.createDirectories(HOME);
            JarRunner.Result r = JarRunner.exec(new ProcessBuilder("npm", "install", "--prefix", HOME.toString(),
                    "--no-audit", "--no-fund", "--ignore-scripts", "@microsoft/sarif-multitool@" + VERSION), 300);
            assertEquals(0, r.code(), "npm install of the SARIF multitool: " + r.err());
            // its install script only sets this bit, and scripts are not run for what a test fetches
            assertTrue(tool.toFile().setExecutable(true, true), "chmod " + tool);
        }
    }

    /** The multitool's findings at warning or error on one file ("SARIF2005 ..."), none if it is clean. */
    private static List<String> complaints(Path sarif, Path dir) throws Exception {
        Path out = dir.resolve(sarif.getFileName() + ".validation.sarif");
        JarRunner.Result r = JarRunner.exec(new ProcessBuilder(tool.toString(), "validate", sarif.toString(),
                "--rule-kind", "Gh;Sarif", "--output", out.toString()), 180);
        assertEquals(0, r.code(), "the multitool ran: " + r.out() + r.err());
        List<String> found = new ArrayList<>();
        for (JsonNode result : MAPPER.readTree(out.toFile()).path("runs").get(0).path("results")) {
            String level = result.path("level").asText("warning");
            if (level.equals("warning") || level.equals("error")) {
                found.add(result.path("ruleId").asText() + " " + result.path("message").path("arguments"));
            }
        }
        return found;
    }

    @Test
    void aRealScanAndTheGoldenFilesPassTheMultitoolAndGithubsConstraints(@TempDir Path dir) throws Exception {
        Path policy = Path.of("dist/ci/policy.yaml").toAbsolutePath();
        Path real = dir.resolve("scan.sarif");
        JarRunner.Result scan = JarRunner.run(List.of(), "scan", "--policy", policy.toString(),
                "--sarif-artifact", "Dockerfile", "--output", "sarif=" + real);
        assertTrue(scan.code() == 0 || scan.code() == 1, "the scan ran: " + scan.err());
        JsonNode written = MAPPER.readTree(real.toFile());
        assertFalse(written.path("runs").get(0).path("results").isEmpty(),
                "this host, with other processes listening, has findings under the CI policy");
        GithubSarif.assertAccepted(written);
        List<Path> files = new ArrayList<>(List.of(real));
        try (Stream<Path> golden = Files.list(Path.of("src/test/resources/golden"))) {
            golden.filter(p -> p.toString().endsWith(".sarif")).sorted().forEach(files::add);
        }
        assertTrue(files.size() >= 5, "the golden SARIF files: " + files);
        for (Path f : files) {
            assertEquals(List.of(), complaints(f, dir), f + " passes the multitool's SARIF and GitHub rules");
            GithubSarif.assertAccepted(MAPPER.readTree(f.toFile()));
        }
    }

    @Test
    void theMultitoolCheckCanFail(@TempDir Path dir) throws Exception {
        ObjectNode broken = (ObjectNode) MAPPER.readTree(Path.of("src/test/resources/golden/mixed.sarif").toFile());
        ((ObjectNode) broken.path("runs").get(0).path("tool").path("driver")).remove("informationUri");
        Path f = dir.resolve("broken.sarif");
        write(f, broken);
        assertFalse(complaints(f, dir).isEmpty(), "a driver without informationUri is flagged");
    }

    private static void write(Path f, JsonNode n) throws IOException {
        Files.write(f, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    }
}
