package dev.portaudit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.portaudit.model.PortEntry;
import dev.portaudit.model.PortRange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** {@code portaudit lookup}'s answers: aligned text, or a JSON array of port-table entries. */
public final class LookupText {

    /** An entry and the port it answers for. */
    public record Row(PortEntry entry, int port) {
    }

    private LookupText() {
    }

    /** The rows as a JSON array, each entry as the scan report writes port-table entries. */
    public static void json(List<Row> rows, OutputStream out) throws IOException {
        ArrayNode array = Json.NODES.arrayNode();
        for (Row r : rows) {
            array.add(Json.entry(r.entry(), r.port()));
        }
        Json.write(array, out);
    }

    public static String render(List<Row> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        String[] head = {"PORT", "PROTO", "STATUS", "SERVICE", "RANGE", "SOURCE", "DESCRIPTION"};
        String[][] cells = new String[rows.size()][];
        int[] w = new int[head.length];
        for (int c = 0; c < head.length; c++) {
            w[c] = head[c].length();
        }
        for (int i = 0; i < rows.size(); i++) {
            PortEntry e = rows.get(i).entry();
            int port = rows.get(i).port();
            String portText = e.isRange() && port == e.first() ? e.portText() : Integer.toString(port);
            cells[i] = new String[] {portText, e.protocol().id(), e.status().id(),
                e.service().isEmpty() ? "-" : TerminalText.safe(e.service()), PortRange.of(port).id(),
                e.source().id(), TerminalText.safe(e.description())};
            for (int c = 0; c < head.length; c++) {
                w[c] = Math.max(w[c], cells[i][c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, head, w);
        for (String[] r : cells) {
            line(b, r, w);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String[] cells, int[] w) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            l.append(cells[c]);
            if (c < cells.length - 1) {
                l.append(" ".repeat(w[c] - cells[c].length() + 2));
            }
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }
}
