package dev.portaudit.ports;

import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.PortEntry;
import dev.portaudit.model.PortEntry.Source;
import dev.portaudit.model.PortStatus;
import dev.portaudit.model.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

    /**
     * Indexes a table file held in memory, decoding each line's service and description only when a
     * lookup first reaches it. Malformed lines are reported like {@link #read}.
     *
     * @param first index the first line gets in the table
     */
    static List<PortTable.Line> scan(byte[] data, String name, Source source, int first) {
        List<PortTable.Line> lines = new ArrayList<>(data.length / 48);
        List<String> problems = new ArrayList<>();
        byte[] columns = COLUMNS.getBytes(StandardCharsets.US_ASCII);
        boolean sawColumns = false;
        int no = 0;
        int pos = 0;
        int[] tabs = new int[5];
        while (pos < data.length && problems.size() < 50) {
            int end = pos;
            while (end < data.length && data[end] != '\n') {
                end++;
            }
            no++;
            int start = pos;
            pos = end + 1;
            if (end == start || data[start] == '#') {
                continue;
            }
            if (!sawColumns) {
                if (end - start != columns.length || !Arrays.equals(data, start, end, columns, 0, columns.length)) {
                    problems.add(name + ":" + no + ":1: expected the column line '" + COLUMNS.replace("\t", "<TAB>") + "'");
                    break;
                }
                sawColumns = true;
                continue;
            }
            int n = 0;
            for (int i = start; i < end && n <= 5; i++) {
                if (data[i] == '\t') {
                    if (n < 5) {
                        tabs[n] = i;
                    }
                    n++;
                }
            }
            if (n != 5) {
                problems.add(name + ":" + no + ": " + (n + 1) + " tab-separated fields, expected 6 ("
                        + COLUMNS.replace('\t', ' ') + ")");
                continue;
            }
            int firstPort = number(data, start, tabs[0]);
            int lastPort = number(data, tabs[0] + 1, tabs[1]);
            Transport protocol = protocol(data, tabs[1] + 1, tabs[2]);
            PortStatus status = status(data, tabs[2] + 1, tabs[3]);
            if (firstPort < 0 || lastPort < 0 || firstPort > 65535 || lastPort > 65535 || firstPort > lastPort) {
                problems.add(name + ":" + no + ": bad port range " + new String(data, start, tabs[1] - start,
                        StandardCharsets.UTF_8).replace('\t', '-'));
                continue;
            }
            if (protocol == null) {
                problems.add(name + ":" + no + ": unknown protocol '" + new String(data, tabs[1] + 1,
                        tabs[2] - tabs[1] - 1, StandardCharsets.UTF_8) + "' (allowed: tcp, udp, sctp, dccp)");
                continue;
            }
            if (status == null) {
                problems.add(name + ":" + no + ": unknown status '" + new String(data, tabs[2] + 1,
                        tabs[3] - tabs[2] - 1, StandardCharsets.UTF_8)
                        + "' (allowed: yes, unofficial, assigned, no, reserved)");
                continue;
            }
            int svcStart = tabs[3] + 1;
            int svcEnd = tabs[4];
            int descStart = tabs[4] + 1;
            int descEnd = end;
            int fp = firstPort;
            int lp = lastPort;
            lines.add(new PortTable.Line(first + lines.size(), firstPort, lastPort, protocol, status, source,
                    () -> new PortEntry(fp, lp, protocol, status,
                            unescape(new String(data, svcStart, svcEnd - svcStart, StandardCharsets.UTF_8)),
                            unescape(new String(data, descStart, descEnd - descStart, StandardCharsets.UTF_8)),
                            source)));
        }
        if (!sawColumns && problems.isEmpty()) {
            problems.add(name + ": no column line '" + COLUMNS.replace("\t", "<TAB>") + "': not a port table file");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return lines;
    }

    private static int number(byte[] d, int from, int to) {
        if (from == to || to - from > 6) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            int c = d[i] - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            v = v * 10 + c;
        }
        return v;
    }

    private static Transport protocol(byte[] d, int from, int to) {
        for (Transport t : Transport.values()) {
            if (same(d, from, to, t.id())) {
                return t;
            }
        }
        return null;
    }

    private static PortStatus status(byte[] d, int from, int to) {
        for (PortStatus s : PortStatus.values()) {
            if (same(d, from, to, s.id())) {
                return s;
            }
        }
        return null;
    }

    private static boolean same(byte[] d, int from, int to, String ascii) {
        if (to - from != ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (d[from + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
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
