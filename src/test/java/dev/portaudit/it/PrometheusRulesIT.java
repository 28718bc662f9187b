package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The shipped alerting rules (dist/prometheus) pass Debian's promtool: {@code check rules}, and
 * {@code test rules} with their unit tests, which fire each alert for the right instance only.
 */
class PrometheusRulesIT {

    private static final Path DIR = Path.of("dist/prometheus").toAbsolutePath();

    private static JarRunner.Result promtool(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("promtool");
        pb.command().addAll(Arrays.asList(args));
        return JarRunner.exec(pb.directory(DIR.toFile()), 60);
    }

    @Test
    void theRulesAreValidAndTheirUnitTestsPass() throws Exception {
        JarRunner.Result check = promtool("check", "rules", "portaudit-alerts.yml");
        assertEquals(0, check.code(), check.out() + check.err());
        assertTrue(check.out().contains("SUCCESS: 6 rules found"), check.out());
        JarRunner.Result test = promtool("test", "rules", "portaudit-alerts.test.yml");
        assertEquals(0, test.code(), test.out() + test.err());
        assertTrue(test.out().contains("SUCCESS"), test.out());
    }
}
