package dev.portaudit.ports.importer;

import java.util.Optional;

/**
 * One {@code <record>} of the IANA registry that carries a port number.
 *
 * @param name        service name, empty for reserved or unassigned numbers
 * @param protocol    protocol as written ("tcp", "udp", "sctp", "dccp"), empty when the record names none
 * @param first       first port
 * @param last        last port (a record may give a range such as 6000-6063)
 * @param description the record's description, whitespace collapsed
 * @param line        line of the record in the source file, for messages
 */
public record IanaRecord(String name, Optional<String> protocol, int first, int last, String description, int line) {
}
