package dev.portaudit.ports;

import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.PortEntry;
import dev.portaudit.model.PortEntry.Source;
import dev.portaudit.model.PortStatus;
import dev.portaudit.model.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The on-disk form of the port table: tab-separated, one entry per line, {@code #} comments.
 * Columns: {@code first last protocol status service description}. Tabs, line breaks and
 * backslashes inside a field are written as {@code \t}, {@code \n} and {@code \\}.
 */
public final class PortTableFiles {

    public static final String IANA_FILE = "iana-ports.tsv";
    public static final String USAGE_FILE = "usage-ports.tsv";
    public static final String SOURCES_FILE = "sources.properties";
    public static final String NOTICE_FILE = "NOTICE";
    static final String COLUMNS = "first\tlast\tprotocol\tstatus\tservice\tdescription";

    private PortTableFiles() {
    }

    public static String format(List<String> headerComments, List<PortEntry> entries) {
        StringWriter w = new StringWriter(entries.size() * 48);
        for (String c : headerComments) {
            w.append("# ").append(c).append('\n');
        }
        w.append(COLUMNS).append('\n');
        for (PortEntry e : entries) {
            w.append(Integer.toString(e.first())).append('\t')
                    .append(Integer.toString(e.last())).append('\t')
                    .append(e.protocol().id()).append('\t')
                    .append(e.status().id()).append('\t')
                    .append(escape(e.service())).append('\t')
                    .append(escape(e.description())).append('\n');
        }
        return w.toString();
    }

    /** Reads entries, failing with every malformed line listed as {@code name:line:col}. */
    public static List<PortEntry> read(BufferedReader in, String name, Source source) throws IOException {
        List<PortEntry> entries = new ArrayList<>(16384);
        List<String> problems = new ArrayList<>();
        String line;
        int no = 0;
        boolean sawColumns = false;
        String[] f = new String[6];
        while ((line = in.readLine()) != null) {
            no++;
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            if (!sawColumns) {
                if (!line.equals(COLUMNS)) {
                    problems.add(name + ":" + no + ":1: expected the column line '"
                            + COLUMNS.replace("\t", "<TAB>") + "'");
                    break;
                }
                sawColumns = true;
                continue;
            }
            int n = split(line, f);
            if (n != 6) {
                problems.add(name + ":" + no + ": " + n + " tab-separated fields, expected 6 (" 
                        + COLUMNS.replace('\t', ' ') + ")");
                continue;
            }
            try {
                entries.add(new PortEntry(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Transport.parse(f[2]),
                        PortStatus.parse(f[3]), unescape(f[4]), unescape(f[5]), source));
            } catch (IllegalArgumentException e) {
                problems.add(name + ":" + no + ": " + e.getMessage());
            }
            if (problems.size() >= 50) {
                problems.add(name + ": too many errors, stopped reading");
                break;
            }
        }
        if (!sawColumns && problems.isEmpty()) {
            problems.add(name + ": no column line '" + COLUMNS.replace("\t", "<TAB>") + "': not a port table file");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return entries;
    }

    private static int split(String line, String[] out) {
        int n = 0;
        int start = 0;
        while (true) {
            int tab = line.indexOf('\t', start);
            if (n == out.length) {
                return n + 1;
            }
            if (tab < 0) {
                out[n++] = line.substring(start);
                return n;
            }
            out[n++] = line.substring(start, tab);
            start = tab + 1;
        }
    }

    static String escape(String s) {
        if (s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\\') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char nx = s.charAt(++i);
                switch (nx) {
                    case 't' -> b.append('\t');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    default -> b.append(nx);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
