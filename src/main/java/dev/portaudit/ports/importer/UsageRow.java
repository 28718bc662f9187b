package dev.portaudit.ports.importer;

import dev.portaudit.model.Transport;
import java.util.Map;

/**
 * One row of the usage classification CSV.
 *
 * @param line        line in the source file where the row starts
 * @param first       first port
 * @param last        last port
 * @param cells       status text per protocol, only for non-blank cells
 * @param description the row's description (used to derive a short label, never copied whole)
 */
public record UsageRow(int line, int first, int last, Map<Transport, String> cells, String description) {
}
