package dev.portaudit.ports;

import dev.portaudit.model.PortEntry;
import dev.portaudit.model.PortEntry.Source;
import dev.portaudit.model.PortRange;
import dev.portaudit.model.PortStatus;
import dev.portaudit.model.Transport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The port table in memory: for each protocol and port, the entries that cover it. Built once per
 * run from the IANA part and the usage part; a usage {@code yes} entry upgrades the IANA
 * assignments it confirms instead of standing beside them.
 */
public final class PortTable {

    private static final PortEntry[] NONE = new PortEntry[0];
    private final Map<Transport, PortEntry[][]> byPort = new EnumMap<>(Transport.class);
    private final TableSources sources;
    private List<PortEntry> all;

    private PortTable(Map<Transport, List<PortEntry>[]> slots, TableSources sources) {
        for (Map.Entry<Transport, List<PortEntry>[]> e : slots.entrySet()) {
            PortEntry[][] ports = new PortEntry[65536][];
            List<PortEntry>[] lists = e.getValue();
            for (int p = 0; p < lists.length; p++) {
                ports[p] = lists[p] == null ? NONE : lists[p].toArray(NONE);
            }
            byPort.put(e.getKey(), ports);
        }
        this.sources = sources;
    }

    /** Merges the two parts of the table. */
    public static PortTable build(List<PortEntry> iana, List<PortEntry> usage, TableSources sources) {
        Map<Transport, List<PortEntry>[]> slots = new EnumMap<>(Transport.class);
        for (Transport t : Transport.values()) {
            @SuppressWarnings("unchecked")
            List<PortEntry>[] lists = new List[65536];
            slots.put(t, lists);
        }
        for (PortEntry e : iana) {
            place(slots.get(e.protocol()), e);
        }
        Map<PortEntry, PortEntry> upgraded = new IdentityHashMap<>();
        for (PortEntry u : usage) {
            if (u.status() != PortStatus.YES) {
                place(slots.get(u.protocol()), u);
                continue;
            }
            List<PortEntry>[] lists = slots.get(u.protocol());
            for (int p = u.first(); p <= u.last(); p++) {
                List<PortEntry> here = lists[p];
                if (here == null) {
                    continue;
                }
                for (int i = 0; i < here.size(); i++) {
                    PortEntry e = here.get(i);
                    boolean confirms = e.source() == Source.IANA && e.status() == PortStatus.ASSIGNED
                            && (u.service().isEmpty() || u.service().equalsIgnoreCase(e.service()));
                    if (confirms) {
                        here.set(i, upgraded.computeIfAbsent(e, x -> x.withStatus(PortStatus.YES)));
                    }
                }
            }
        }
        return new PortTable(slots, sources);
    }

    private static void place(List<PortEntry>[] lists, PortEntry e) {
        for (int p = e.first(); p <= e.last(); p++) {
            if (lists[p] == null) {
                lists[p] = new ArrayList<>(2);
            }
            lists[p].add(e);
        }
    }

    /** Entries the sources give for the port, possibly none. */
    public List<PortEntry> entries(Transport protocol, int port) {
        checkPort(port);
        return Arrays.asList(byPort.get(protocol)[port]);
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

    /** Every distinct entry, in file order; computed on first use, as only name searches need it. */
    public synchronized List<PortEntry> all() {
        if (all == null) {
            Set<PortEntry> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            List<PortEntry> list = new ArrayList<>();
            for (PortEntry[][] ports : byPort.values()) {
                for (PortEntry[] here : ports) {
                    for (PortEntry e : here) {
                        if (distinct.add(e)) {
                            list.add(e);
                        }
                    }
                }
            }
            list.sort(PortTableGenerator.FILE_ORDER);
            all = List.copyOf(list);
        }
        return all;
    }

    public TableSources sources() {
        return sources;
    }

    public static PortRange rangeOf(int port) {
        return PortRange.of(port);
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0-65535: " + port);
        }
    }
}
