package dev.portaudit.ports.importer;

import java.util.List;

/**
 * What the importer keeps of the IANA registry.
 *
 * @param updated       the registry's {@code <updated>} date
 * @param totalRecords  all {@code <record>} elements, with or without a number
 * @param numbered      the records that carry a port number
 */
public record IanaRegistry(String updated, int totalRecords, List<IanaRecord> numbered) {
}
