package dev.portaudit.ports.importer;

import dev.portaudit.model.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: quoted fields, doubled quotes, commas and line breaks inside quotes. */
final class CsvReader {

    /** A parsed record and the line it starts on. */
    record CsvRecord(int line, List<String> fields) {
    }

    private CsvReader() {
    }

    static List<CsvRecord> parse(String text, String sourceName) {
        List<CsvRecord> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        int i = 0;
        int n = text.length();
        if (n > 0 && text.charAt(0) == '\uFEFF') {
            i = 1;
        }
        boolean quoted = false;
        boolean fieldStarted = false;
        int quoteLine = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                i++;
                continue;
            }
            switch (c) {
                case '"' -> {
                    if (field.length() == 0 && !fieldStarted) {
                        quoted = true;
                        quoteLine = line;
                        fieldStarted = true;
                    } else {
                        field.append(c);
                    }
                }
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldStarted = false;
                }
                case '\r' -> {
                    // tolerated before \n; a lone CR is treated as part of the line break
                }
                case '\n' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldStarted = false;
                    if (!(fields.size() == 1 && fields.get(0).isEmpty())) {
                        records.add(new CsvRecord(recordLine, List.copyOf(fields)));
                    }
                    fields.clear();
                    line++;
                    recordLine = line;
                }
                default -> {
                    field.append(c);
                    fieldStarted = true;
                }
            }
            i++;
        }
        if (quoted) {
            throw new InvalidInputException(sourceName + ":" + quoteLine
                    + ": a quoted field is never closed (a '\"' is missing)");
        }
        if (field.length() > 0 || !fields.isEmpty()) {
            fields.add(field.toString());
            records.add(new CsvRecord(recordLine, List.copyOf(fields)));
        }
        return records;
    }
}
