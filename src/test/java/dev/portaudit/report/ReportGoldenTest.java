package dev.portaudit.report;

import dev.portaudit.model.Report;
import dev.portaudit.model.Severity;
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

    private static final Map<String, Supplier<Report>> SCENARIOS = Map.of(
            "empty", () -> Scenarios.report(Scenarios.empty()),
            "clean", () -> Scenarios.report(Scenarios.clean()),
            "mixed", () -> Scenarios.report(Scenarios.mixed()),
            "hostile", () -> Scenarios.report(Scenarios.hostile()),
            "policy", () -> Scenarios.report(Scenarios.mixed(), Scenarios.settings(Optional.empty(),
                    Path.of("src/test/resources/policies/scenario.yaml"))));

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
        format.reporter(new RenderOptions(Optional.of(Severity.MEDIUM))).write(report, out);
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
