package dev.portaudit.ports.importer;

import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.Transport;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the usage classification: {@code port_start,port_end,tcp,udp,sctp,dccp,description,citation_urls},
 * one row per use of a port or range. Structural errors fail the import with every problem listed.
 */
public final class UsageCsvParser {

    static final List<String> HEADER =
            List.of("port_start", "port_end", "tcp", "udp", "sctp", "dccp", "description", "citation_urls");
    private static final Transport[] CELL_ORDER = {Transport.TCP, Transport.UDP, Transport.SCTP, Transport.DCCP};

    private UsageCsvParser() {
    }

    public static List<UsageRow> parse(String text, String sourceName) {
        List<CsvReader.CsvRecord> records = CsvReader.parse(text, sourceName);
        if (records.isEmpty()) {
            throw new InvalidInputException(sourceName + ": the file is empty (expected a header line: "
                    + String.join(",", HEADER) + ")");
        }
        List<String> header = records.get(0).fields().stream().map(String::trim).toList();
        if (header.size() < 7 || !header.subList(0, 7).equals(HEADER.subList(0, 7))) {
            throw new InvalidInputException(sourceName + ":1:1: header is '" + String.join(",", header)
                    + "', expected '" + String.join(",", HEADER) + "'");
        }
        List<String> problems = new ArrayList<>();
        List<UsageRow> rows = new ArrayList<>();
        for (CsvReader.CsvRecord rec : records.subList(1, records.size())) {
            List<String> f = rec.fields();
            if (f.size() < 7) {
                problems.add(sourceName + ":" + rec.line() + ": row has " + f.size()
                        + " fields, expected at least 7 (" + String.join(",", HEADER.subList(0, 7)) + ")");
                continue;
            }
            Integer first = port(f.get(0), sourceName, rec.line(), 1, problems);
            Integer last = port(f.get(1), sourceName, rec.line(), 2, problems);
            if (first == null || last == null) {
                continue;
            }
            if (first > last) {
                problems.add(sourceName + ":" + rec.line() + ":2: port_end " + last + " is below port_start "
                        + first);
                continue;
            }
            Map<Transport, String> cells = new EnumMap<>(Transport.class);
            for (int c = 0; c < CELL_ORDER.length; c++) {
                String cell = f.get(2 + c).trim();
                if (!cell.isEmpty()) {
                    cells.put(CELL_ORDER[c], cell);
                }
            }
            rows.add(new UsageRow(rec.line(), first, last, cells, f.get(6).trim()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return rows;
    }

    private static Integer port(String text, String source, int line, int column, List<String> problems) {
        String t = text.trim();
        try {
            int p = Integer.parseInt(t);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(source + ":" + line + ":" + column + ": '" + t + "' is not a port number (allowed: 0-65535)");
        return null;
    }
}
