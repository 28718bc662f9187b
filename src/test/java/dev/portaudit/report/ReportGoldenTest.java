package dev.portaudit.report;

import dev.portaudit.audit.AuditSettings;
import dev.portaudit.audit.ExitPolicy;
import dev.portaudit.model.Report;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Snapshot;
import dev.portaudit.testing.Golden;
import dev.portaudit.testing.Scenarios;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every format on every shared scenario, against reviewed golden files. */
class ReportGoldenTest {

    /** The scenarios are judged as a CI job would: findings at medium or above fail the run. */
    private static final ExitPolicy.Thresholds CI = new ExitPolicy.Thresholds(Optional.of(Severity.MEDIUM), false);

    private static final Map<String, Supplier<Report>> SCENARIOS = Map.of(
            "empty", () -> scan(Scenarios.empty(), Scenarios.settings(Optional.empty())),
            "clean", () -> scan(Scenarios.clean(), Scenarios.settings(Optional.empty())),
            "mixed", () -> scan(Scenarios.mixed(), Scenarios.settings(Optional.empty())),
            "hostile", () -> scan(Scenarios.hostile(), Scenarios.settings(Optional.empty())),
            "policy", () -> scan(Scenarios.mixed(), Scenarios.settings(Optional.empty(),
                    Path.of("src/test/resources/policies/scenario.yaml"))));

    private static Report scan(Snapshot s, AuditSettings settings) {
        return Scenarios.report(s, settings, CI);
    }

    /** Every shared scenario's report. */
    static Stream<Report> reports() {
        return SCENARIOS.keySet().stream().sorted().map(k -> SCENARIOS.get(k).get());
    }

    static Stream<Arguments> cases() {
        return SCENARIOS.keySet().stream().sorted()
                .flatMap(s -> Stream.of(ReportFormat.values()).map(f -> Arguments.of(s, f)));
    }

    static String render(Report report, ReportFormat format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.reporter().write(report, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Every shared scenario's report, by name. */
    static Map<String, Report> named() {
        Map<String, Report> m = new java.util.TreeMap<>();
        SCENARIOS.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("cases")
    void matchesGolden(String scenario, ReportFormat format) throws Exception {
        String text = render(SCENARIOS.get(scenario).get(), format);
        String name = scenario + "." + format.extension();
        if (format == ReportFormat.JSON || format == ReportFormat.SARIF) {
            Golden.assertJson(name, text);
        } else {
            Golden.assertText(name, text);
        }
    }
}
