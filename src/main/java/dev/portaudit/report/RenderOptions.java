package dev.portaudit.report;

import dev.portaudit.model.Severity;
import java.util.Optional;

/**
 * What a reporter needs besides the report.
 *
 * @param failOn the --fail-on threshold, for formats that show pass and fail (JUnit)
 */
public record RenderOptions(Optional<Severity> failOn) {
    public static final RenderOptions DEFAULTS = new RenderOptions(Optional.empty());
}
