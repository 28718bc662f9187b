package dev.portaudit.ports.importer;

import dev.portaudit.model.InvalidInputException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the IANA "Service Name and Transport Protocol Port Number Registry" XML.
 * External entities and DTDs are refused: the file is input, not something to trust.
 */
public final class IanaRegistryParser {

    private IanaRegistryParser() {
    }

    public static IanaRegistry parse(InputStream in, String sourceName) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        List<String> problems = new ArrayList<>();
        List<IanaRecord> numbered = new ArrayList<>();
        String updated = "";
        int total = 0;
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(in);
            int depth = 0;
            boolean sawRegistry = false;
            RecordBuilder rec = null;
            String field = null;
            StringBuilder text = new StringBuilder();
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String local = r.getLocalName();
                    if (depth == 1) {
                        if (!"registry".equals(local)) {
                            throw new InvalidInputException(sourceName + ":" + r.getLocation().getLineNumber()
                                    + ":" + r.getLocation().getColumnNumber()
                                    + ": root element is <" + local + ">, expected <registry> (the IANA port registry XML)");
                        }
                        sawRegistry = true;
                    } else if (depth == 2 && "record".equals(local)) {
                        rec = new RecordBuilder(r.getLocation().getLineNumber());
                        total++;
                    } else if ((depth == 2 && "updated".equals(local)) || (depth == 3 && rec != null)) {
                        field = local;
                        text.setLength(0);
                    }
                } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
                    if (field != null) {
                        text.append(r.getText());
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    if (field != null && depth == (rec != null ? 3 : 2)) {
                        String value = collapse(text.toString());
                        if (rec == null) {
                            updated = value;
                        } else {
                            rec.set(field, value);
                        }
                        field = null;
                    } else if (depth == 2 && rec != null) {
                        rec.build(sourceName, problems).ifPresent(numbered::add);
                        rec = null;
                    }
                    depth--;
                }
            }
            if (!sawRegistry) {
                throw new InvalidInputException(sourceName + ": no <registry> element: not the IANA port registry XML");
            }
        } catch (XMLStreamException e) {
            String where = e.getLocation() == null ? ""
                    : ":" + e.getLocation().getLineNumber() + ":" + e.getLocation().getColumnNumber();
            throw new InvalidInputException(sourceName + where + ": malformed XML: " + firstLine(e.getMessage()));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // the parse result or its error is what matters
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (total == 0) {
            throw new InvalidInputException(sourceName + ": the registry holds no <record> elements");
        }
        return new IanaRegistry(updated, total, numbered);
    }

    static String collapse(String s) {
        return s.trim().replaceAll("\\s+", " ");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String m = message.strip();
        int nl = m.lastIndexOf('\n');
        return nl >= 0 ? m.substring(nl + 1).strip() : m;
    }

    private static final class RecordBuilder {
        final int line;
        String name = "";
        String protocol = "";
        String number = "";
        String description = "";

        RecordBuilder(int line) {
            this.line = line;
        }

        void set(String field, String value) {
            switch (field) {
                case "name" -> name = value;
                case "protocol" -> protocol = value.toLowerCase(Locale.ROOT);
                case "number" -> number = value;
                case "description" -> description = value;
                default -> {
                    // xref, note, assignee, contact and the like are not needed for the port table
                }
            }
        }

        Optional<IanaRecord> build(String source, List<String> problems) {
            if (number.isEmpty()) {
                return Optional.empty();
            }
            int dash = number.indexOf('-');
            try {
                int first = Integer.parseInt(dash < 0 ? number : number.substring(0, dash).trim());
                int last = dash < 0 ? first : Integer.parseInt(number.substring(dash + 1).trim());
                if (first < 0 || last > 65535 || first > last) {
                    problems.add(source + ":" + line + ": port number '" + number
                            + "' is outside 0-65535 or reversed (allowed: N or N-M, 0 <= N <= M <= 65535)");
                    return Optional.empty();
                }
                if (!protocol.isEmpty() && !List.of("tcp", "udp", "sctp", "dccp").contains(protocol)) {
                    problems.add(source + ":" + line + ": unknown protocol '" + protocol
                            + "' (allowed: tcp, udp, sctp, dccp)");
                    return Optional.empty();
                }
                return Optional.of(new IanaRecord(name, protocol.isEmpty() ? Optional.empty() : Optional.of(protocol),
                        first, last, description, line));
            } catch (NumberFormatException e) {
                problems.add(source + ":" + line + ": port number '" + number
                        + "' is not a number or range (allowed: N or N-M)");
                return Optional.empty();
            }
        }
    }
}
