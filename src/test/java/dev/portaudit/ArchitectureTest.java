package dev.portaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The library fences of the design: each library is used only by the package that owns it. */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/dev/portaudit");

    /** Import prefix to the packages allowed to use it. */
    private static final Map<String, List<String>> FENCES = Map.of(
            "import oshi.", List.of("collect"),
            "import picocli.", List.of("cli"),
            "import ch.qos.logback.classic.", List.of("cli", "agent"),
            "import java.io.", List.of("collect", "ports", "policy", "report", "agent", "cli", "util"),
            "import ch.qos.logback.core.", List.of("cli", "agent"));

    @Test
    void librariesStayInsideTheirFences() throws IOException {
        StringBuilder violations = new StringBuilder();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                String pkg = MAIN.relativize(p).getName(0).toString();
                try {
                    for (String line : Files.readAllLines(p)) {
                        FENCES.forEach((prefix, allowed) -> {
                            if (line.startsWith(prefix) && !allowed.contains(pkg)) {
                                violations.append(p).append(": ").append(line).append('\n');
                            }
                        });
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        assertEquals("", violations.toString());
    }

    @Test
    void modelPackageUsesTheJdkOnly() throws IOException {
        try (Stream<Path> files = Files.list(MAIN.resolve("model"))) {
            for (Path p : files.toList()) {
                for (String line : Files.readAllLines(p)) {
                    if (line.startsWith("import ") && !line.startsWith("import java.")
                            && !line.startsWith("import dev.portaudit.model.")) {
                        throw new AssertionError(p + ": " + line);
                    }
                }
            }
        }
    }
}
