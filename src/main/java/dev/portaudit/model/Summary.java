package dev.portaudit.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Counts over a report, derived from its listeners and findings.
 *
 * @param listeners       number of listeners
 * @param byProtocol      listeners per protocol id
 * @param byRange         listeners per port range id
 * @param ownersUnknown   listeners whose owner could not be seen
 * @param byExposure      listeners per exposure class id
 * @param findings        number of findings that are not waived
 * @param waived          number of waived findings
 * @param bySeverity      findings that are not waived, per severity (every severity present, zero or not)
 * @param byRule          findings that are not waived, per rule id
 * @param highestSeverity the most severe finding's severity, if any is not waived
 */
public record Summary(int listeners, Map<String, Integer> byProtocol, Map<String, Integer> byRange,
        Map<String, Integer> byExposure, int ownersUnknown, int findings, int waived,
        Map<String, Integer> bySeverity, Map<String, Integer> byRule, Optional<Severity> highestSeverity) {

    public static Summary of(List<AuditedListener> listeners, List<Finding> findings) {
        Map<String, Integer> byProtocol = new TreeMap<>();
        Map<String, Integer> byRange = new TreeMap<>();
        Map<String, Integer> byExposure = new TreeMap<>();
        int unknown = 0;
        for (AuditedListener a : listeners) {
            byProtocol.merge(a.listener().protocol().id(), 1, Integer::sum);
            byRange.merge(a.listener().range().id(), 1, Integer::sum);
            byExposure.merge(a.listener().exposure().id(), 1, Integer::sum);
            if (!a.listener().ownerKnown()) {
                unknown++;
            }
        }
        Map<Severity, Integer> severities = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            severities.put(s, 0);
        }
        Map<String, Integer> byRule = new TreeMap<>();
        Severity highest = null;
        int waived = 0;
        int active = 0;
        for (Finding f : findings) {
            if (f.waived()) {
                waived++;
                continue;
            }
            active++;
            severities.merge(f.severity(), 1, Integer::sum);
            byRule.merge(f.rule(), 1, Integer::sum);
            if (highest == null || f.severity().compareTo(highest) > 0) {
                highest = f.severity();
            }
        }
        Map<String, Integer> bySeverity = new LinkedHashMap<>();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            Severity s = Severity.values()[i];
            bySeverity.put(s.id(), severities.get(s));
        }
        return new Summary(listeners.size(), Collections.unmodifiableMap(byProtocol),
                Collections.unmodifiableMap(byRange), Collections.unmodifiableMap(byExposure), unknown, active, waived,
                Collections.unmodifiableMap(bySeverity), Collections.unmodifiableMap(byRule),
                Optional.ofNullable(highest));
    }
}
