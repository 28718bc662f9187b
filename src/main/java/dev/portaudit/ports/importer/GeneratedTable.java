package dev.portaudit.ports.importer;

import dev.portaudit.model.PortEntry;
import java.util.List;

/**
 * The importer's result: the two parts of the shipped table, and what it had to say about its input.
 *
 * @param ianaEntries  entries from the IANA registry alone (public domain)
 * @param usageEntries entries from the usage classification, reconciled with IANA (CC BY-SA)
 * @param warnings     cells that were skipped, with their position
 * @param ianaRecords  number of records in the registry
 * @param ianaUpdated  the registry's update date
 * @param usageRows    number of rows in the usage file
 */
public record GeneratedTable(List<PortEntry> ianaEntries, List<PortEntry> usageEntries, List<String> warnings,
        int ianaRecords, String ianaUpdated, int usageRows) {
}
