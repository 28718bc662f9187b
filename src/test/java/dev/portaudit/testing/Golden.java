package dev.portaudit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources/golden. Run the tests with {@code -Dgolden.update=true} to
 * rewrite them, then review the change as a diff.
 */
public final class Golden {

    public static final Path DIR = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private Golden() {
    }

    public static void assertText(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        if (UPDATE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            fail("no golden file " + file + ": run the tests with -Dgolden.update=true and review it");
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "differs from " + file);
    }

    /** JSON is compared as data, so formatting alone never fails a test. */
    public static void assertJson(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        if (UPDATE) {
            assertText(name, actual);
            return;
        }
        if (!Files.exists(file)) {
            fail("no golden file " + file + ": run the tests with -Dgolden.update=true and review it");
        }
        ObjectMapper m = new ObjectMapper();
        JsonNode expected = m.readTree(Files.readString(file, StandardCharsets.UTF_8));
        JsonNode got = m.readTree(actual);
        if (!expected.equals(got)) {
            assertEquals(expected.toPrettyString(), got.toPrettyString(), "differs from " + file);
        }
    }
}
