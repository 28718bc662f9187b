package dev.portaudit.ports.importer;

import dev.portaudit.model.PortEntry.Source;
import dev.portaudit.model.PortEntry;
import dev.portaudit.model.PortRange;
import dev.portaudit.model.PortStatus;
import dev.portaudit.model.Transport;
import dev.portaudit.ports.PortTable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds the port table from the IANA registry and the usage classification.
 *
 * <p>Reconciliation, per port and protocol (IANA is newer and authoritative on assignment):
 * <ul>
 *   <li>a usage "Yes" stays {@code yes} where IANA assigns the port, else becomes {@code unofficial};</li>
 *   <li>"Assigned" stays {@code assigned} where IANA assigns it, else becomes {@code no};</li>
 *   <li>"Unofficial" becomes {@code yes} where IANA assigns the port to the very service the row names
 *       (11211 memcache/memcached), else stays {@code unofficial};</li>
 *   <li>"Reserved" stays {@code reserved} where IANA reserves it, {@code assigned} where IANA now
 *       assigns it, else becomes {@code no};</li>
 *   <li>a port neither source lists is {@code no}; one only IANA lists is {@code assigned} or {@code reserved}.</li>
 * </ul>
 */
public final class PortTableGenerator {

    static final Transport[] PROTOCOLS = Transport.values();
    private static final Pattern NOT_ASSIGNED = Pattern.compile(
            "^\\(?(unassigned|de-?registered|removed|deprecated|decom+is+ioned|de-commissioned|possibly)\\b.*",
            Pattern.CASE_INSENSITIVE);

    private PortTableGenerator() {
    }

    public static GeneratedTable generate(IanaRegistry iana, List<UsageRow> usage, String usageSourceName) {
        Map<Transport, BitSet> assigned = new EnumMap<>(Transport.class);
        Map<Transport, BitSet> reserved = new EnumMap<>(Transport.class);
        Map<Transport, Map<Integer, List<String>>> names = new EnumMap<>(Transport.class);
        for (Transport t : PROTOCOLS) {
            assigned.put(t, new BitSet(65536));
            reserved.put(t, new BitSet(65536));
            names.put(t, new HashMap<>());
        }
        Set<PortEntry> ianaEntries = new LinkedHashSet<>();
        for (IanaRecord r : iana.numbered()) {
            Optional<PortStatus> status = classify(r);
            if (status.isEmpty()) {
                continue;
            }
            for (Transport t : protocolsOf(r, status.get())) {
                ianaEntries.add(new PortEntry(r.first(), r.last(), t, status.get(), r.name(), r.description(),
                        Source.IANA));
                BitSet bits = status.get() == PortStatus.RESERVED ? reserved.get(t) : assigned.get(t);
                bits.set(r.first(), r.last() + 1);
                if (status.get() == PortStatus.ASSIGNED && !r.name().isEmpty()) {
                    for (int p = r.first(); p <= r.last(); p++) {
                        names.get(t).computeIfAbsent(p, k -> new ArrayList<>()).add(r.name());
                    }
                }
            }
        }

        List<String> warnings = new ArrayList<>();
        Set<PortEntry> usageEntries = new LinkedHashSet<>();
        for (UsageRow row : usage) {
            if (row.first() <= PortRange.DYNAMIC.first() && row.last() >= PortRange.DYNAMIC.last()) {
                // "something uses ephemeral ports" is no use of any one of them: as an entry of every
                // port from 49152 up it would name a service for each dynamic listener
                warnings.add(usageSourceName + ":" + row.line() + ": " + row.first() + "-" + row.last()
                        + " spans the whole dynamic range, which is no use of any port in it; row skipped");
                continue;
            }
            for (Map.Entry<Transport, String> cell : row.cells().entrySet()) {
                Transport t = cell.getKey();
                PortStatus claimed;
                try {
                    claimed = PortStatus.parse(cell.getValue());
                } catch (IllegalArgumentException e) {
                    warnings.add(usageSourceName + ":" + row.line() + ": " + t.id() + " cell '" + cell.getValue()
                            + "' is not a status (allowed: Yes, Unofficial, Assigned, No, Reserved); cell skipped");
                    continue;
                }
                String label = UsageLabels.shorten(row.description());
                int runStart = row.first();
                Reconciled run = reconcile(claimed, t, runStart, row.description(), assigned, reserved, names);
                for (int p = row.first() + 1; p <= row.last() + 1; p++) {
                    Reconciled here = p <= row.last()
                            ? reconcile(claimed, t, p, row.description(), assigned, reserved, names)
                            : null;
                    if (!run.equals(here)) {
                        emit(run, runStart, p - 1, t, label).ifPresent(usageEntries::add);
                        runStart = p;
                        run = here;
                    }
                }
            }
        }
        return new GeneratedTable(sorted(ianaEntries), sorted(usageEntries), warnings, iana.totalRecords(),
                iana.updated(), usage.size());
    }

    /** A usage cell's status at one port after reconciliation, and the IANA service it confirms. */
    private record Reconciled(PortStatus status, String service) {
    }

    private static Reconciled reconcile(PortStatus claimed, Transport t, int port, String description,
            Map<Transport, BitSet> assigned, Map<Transport, BitSet> reserved,
            Map<Transport, Map<Integer, List<String>>> names) {
        boolean isAssigned = assigned.get(t).get(port);
        return switch (claimed) {
            case YES -> new Reconciled(isAssigned ? PortStatus.YES : PortStatus.UNOFFICIAL, "");
            case ASSIGNED -> new Reconciled(isAssigned ? PortStatus.ASSIGNED : PortStatus.NO, "");
            case NO -> new Reconciled(PortStatus.NO, "");
            case RESERVED -> new Reconciled(reserved.get(t).get(port) ? PortStatus.RESERVED
                    : isAssigned ? PortStatus.ASSIGNED : PortStatus.NO, "");
            case UNOFFICIAL -> {
                if (isAssigned) {
                    for (String name : names.get(t).getOrDefault(port, List.of())) {
                        if (UsageLabels.namesService(description, name)) {
                            yield new Reconciled(PortStatus.YES, name);
                        }
                    }
                }
                yield new Reconciled(PortStatus.UNOFFICIAL, "");
            }
        };
    }

    /**
     * Usage entries worth shipping: {@code yes} (it upgrades IANA's entries when loaded),
     * {@code unofficial} and {@code no}. Assigned and reserved cells only repeat what IANA says.
     */
    private static Optional<PortEntry> emit(Reconciled r, int first, int last, Transport t, String label) {
        return switch (r.status()) {
            case YES, UNOFFICIAL, NO -> Optional.of(new PortEntry(first, last, t, r.status(), r.service(), label,
                    Source.USAGE));
            case ASSIGNED, RESERVED -> Optional.empty();
        };
    }

    static Optional<PortStatus> classify(IanaRecord r) {
        String d = r.description().toLowerCase(Locale.ROOT);
        if (r.name().isEmpty()) {
            if (d.startsWith("reserved")) {
                return Optional.of(PortStatus.RESERVED);
            }
            if (d.isEmpty() || NOT_ASSIGNED.matcher(d).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(PortStatus.ASSIGNED);
    }

    /**
     * A record without a protocol: a reservation holds for every protocol; an old assignment made
     * before SCTP and DCCP had ports of their own holds for TCP and UDP.
     */
    private static List<Transport> protocolsOf(IanaRecord r, PortStatus status) {
        if (r.protocol().isPresent()) {
            return List.of(Transport.parse(r.protocol().get()));
        }
        return status == PortStatus.RESERVED ? List.of(PROTOCOLS) : List.of(Transport.TCP, Transport.UDP);
    }

    private static List<PortEntry> sorted(Set<PortEntry> entries) {
        return entries.stream().sorted(PortTable.FILE_ORDER).toList();
    }
}
