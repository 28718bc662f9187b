package dev.portaudit.ports;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Provenance of a port table, as recorded in {@code sources.properties}: the sources' names, dates,
 * SHA-256 checksums and counts.
 */
public record TableSources(Map<String, String> properties) {

    public static final TableSources NONE = new TableSources(Map.of());

    public TableSources {
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    public String get(String key) {
        return properties.getOrDefault(key, "");
    }
}
