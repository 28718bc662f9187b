package dev.portaudit.ports;

import dev.portaudit.model.PortEntry.Source;
import dev.portaudit.model.PortEntry;
import dev.portaudit.model.PortRange;
import dev.portaudit.model.PortStatus;
import dev.portaudit.model.Transport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The port table in memory: for each protocol and port, the entries that cover it, IANA's part
 * first, then the usage part, each in file order. A usage {@code yes} entry upgrades the IANA
 * assignments it confirms instead of standing beside them.
 *
 * <p>Loading is on every scan's path, so the table indexes its lines and builds an entry's text only
 * when a lookup reaches it: a single-port line sits in a per-port chain, a range in a short list.
 */
public final class PortTable {

    /** One line of the table: what the index needs eagerly, the rest on demand. */
    static final class Line {
        final int index;
        final int first;
        final int last;
        final Transport protocol;
        final PortStatus status;
        final Source source;
        private Supplier<PortEntry> decode;
        private PortEntry entry;
        private PortEntry upgraded;

        Line(int index, int first, int last, Transport protocol, PortStatus status, Source source,
                Supplier<PortEntry> decode) {
            this.index = index;
            this.first = first;
            this.last = last;
            this.protocol = protocol;
            this.status = status;
            this.source = source;
            this.decode = decode;
        }

        /** Decoded on first use; synchronized because listeners are matched on several threads. */
        synchronized PortEntry entry() {
            if (entry == null) {
                entry = decode.get();
                decode = null;
            }
            return entry;
        }

        synchronized PortEntry upgradedEntry() {
            if (upgraded == null) {
                upgraded = entry().withStatus(PortStatus.YES);
            }
            return upgraded;
        }

        boolean covers(int port) {
            return port >= first && port <= last;
        }
    }

    /** Per protocol: single-port lines chained by port, range lines listed. */
    private static final class Index {
        final int[] head = new int[65536];
        final List<Line> ranges = new ArrayList<>();

        Index() {
            Arrays.fill(head, -1);
        }
    }

    private final List<Line> lines;
    private final int[] next;
    private final Map<Transport, Index> index = new EnumMap<>(Transport.class);
    /** The order entries are written in and kept in: stable, so a regenerated table diffs cleanly. */
    public static final Comparator<PortEntry> FILE_ORDER = Comparator
            .comparing(PortEntry::protocol)
            .thenComparingInt(PortEntry::first)
            .thenComparingInt(PortEntry::last)
            .thenComparing(PortEntry::status)
            .thenComparing(PortEntry::service)
            .thenComparing(PortEntry::description);

    private final TableSources sources;
    private List<PortEntry> all;

    PortTable(List<Line> lines, TableSources sources) {
        this.lines = lines;
        this.sources = sources;
        this.next = new int[lines.size()];
        for (Transport t : Transport.values()) {
            index.put(t, new Index());
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            Line l = lines.get(i);
            Index x = index.get(l.protocol);
            if (l.first == l.last) {
                next[i] = x.head[l.first];
                x.head[l.first] = i;
            }
        }
        for (Line l : lines) {
            if (l.first != l.last) {
                index.get(l.protocol).ranges.add(l);
            }
        }
    }

    /** Builds a table from entries already read (the importer, tests). */
    public static PortTable build(List<PortEntry> iana, List<PortEntry> usage, TableSources sources) {
        List<Line> lines = new ArrayList<>(iana.size() + usage.size());
        for (PortEntry e : iana) {
            lines.add(new Line(lines.size(), e.first(), e.last(), e.protocol(), e.status(), Source.IANA, () -> e));
        }
        for (PortEntry e : usage) {
            lines.add(new Line(lines.size(), e.first(), e.last(), e.protocol(), e.status(), Source.USAGE, () -> e));
        }
        return new PortTable(lines, sources);
    }

    /** The lines covering a port, in table order. */
    private List<Line> covering(Transport protocol, int port) {
        Index x = index.get(protocol);
        List<Line> found = new ArrayList<>(4);
        for (int i = x.head[port]; i >= 0; i = next[i]) {
            found.add(lines.get(i));
        }
        for (Line r : x.ranges) {
            if (r.covers(port)) {
                found.add(r);
            }
        }
        if (found.size() > 1) {
            found.sort((a, b) -> Integer.compare(a.index, b.index));
        }
        return found;
    }

    /** Entries the sources give for the port, possibly none. */
    public List<PortEntry> entries(Transport protocol, int port) {
        checkPort(port);
        List<Line> here = covering(protocol, port);
        if (here.isEmpty()) {
            return List.of();
        }
        List<Line> confirmations = new ArrayList<>(1);
        for (Line l : here) {
            if (l.source == Source.USAGE && l.status == PortStatus.YES) {
                confirmations.add(l);
            }
        }
        List<PortEntry> out = new ArrayList<>(here.size());
        for (Line l : here) {
            if (l.source == Source.USAGE && l.status == PortStatus.YES) {
                continue;
            }
            out.add(confirmed(l, confirmations) ? l.upgradedEntry() : l.entry());
        }
        return List.copyOf(out);
    }

    /** Whether a usage "yes" confirms this IANA assignment (all assignments on the port, or the one named). */
    private static boolean confirmed(Line l, List<Line> confirmations) {
        if (l.source != Source.IANA || l.status != PortStatus.ASSIGNED || confirmations.isEmpty()) {
            return false;
        }
        for (Line c : confirmations) {
            String service = c.entry().service();
            if (service.isEmpty() || service.equalsIgnoreCase(l.entry().service())) {
                return true;
            }
        }
        return false;
    }

    /** Entries for the port; a port no source lists gets one implied {@code no} entry. */
    public List<PortEntry> lookup(Transport protocol, int port) {
        List<PortEntry> found = entries(protocol, port);
        if (!found.isEmpty()) {
            return found;
        }
        return List.of(new PortEntry(port, port, protocol, PortStatus.NO, "",
                PortRange.of(port) == PortRange.DYNAMIC ? "Dynamic/private port: never assigned by IANA"
                        : "Not assigned by IANA and no known use",
                Source.DEFAULT));
    }

    /**
     * Entries whose service name equals the query (case-insensitive); if there are none, entries
     * whose service or description contains it.
     */
    public List<PortEntry> search(String query) {
        String q = query.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return List.of();
        }
        Set<PortEntry> exact = new LinkedHashSet<>();
        Set<PortEntry> partial = new LinkedHashSet<>();
        for (PortEntry e : all()) {
            String service = e.service().toLowerCase(Locale.ROOT);
            if (service.equals(q)) {
                exact.add(e);
            } else if (exact.isEmpty() && (service.contains(q)
                    || e.description().toLowerCase(Locale.ROOT).contains(q))) {
                partial.add(e);
            }
        }
        return List.copyOf(exact.isEmpty() ? partial : exact);
    }

    /**
     * Every entry as lookups return them (usage confirmations folded into the IANA entries they
     * upgrade), in file order; built on first use, as only name searches need it.
     */
    public synchronized List<PortEntry> all() {
        if (all == null) {
            Set<PortEntry> distinct = new LinkedHashSet<>();
            for (Line l : lines) {
                if (l.first == l.last) {
                    distinct.addAll(entries(l.protocol, l.first));
                } else if (!(l.source == Source.USAGE && l.status == PortStatus.YES)) {
                    distinct.add(l.entry());
                    for (PortEntry e : entries(l.protocol, l.first)) {
                        if (e.first() == l.first && e.last() == l.last && e.service().equals(l.entry().service())) {
                            distinct.add(e);
                        }
                    }
                }
            }
            List<PortEntry> list = new ArrayList<>(distinct);
            list.sort(FILE_ORDER);
            all = List.copyOf(list);
        }
        return all;
    }

    private Set<String> services;

    /** Whether some entry of the table has this service name; the set is built on first use. */
    public synchronized boolean hasService(String name) {
        if (services == null) {
            Set<String> names = new HashSet<>();
            for (Line l : lines) {
                String s = l.entry().service();
                if (!s.isEmpty()) {
                    names.add(s);
                }
            }
            services = names;
        }
        return services.contains(name);
    }

    public TableSources sources() {
        return sources;
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0-65535: " + port);
        }
    }
}
