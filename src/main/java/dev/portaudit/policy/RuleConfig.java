package dev.portaudit.policy;

import dev.portaudit.model.Severity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The effective settings of every rule after the policies are merged: what the rules read. */
public final class RuleConfig {

    public static final RuleConfig DEFAULTS = new RuleConfig(Map.of());

    private final Map<String, Policy.RuleSettings> settings;
    private final Map<String, Object> values = new ConcurrentHashMap<>();

    public RuleConfig(Map<String, Policy.RuleSettings> settings) {
        this.settings = Map.copyOf(settings);
    }

    public boolean enabled(String id) {
        Policy.RuleSettings s = settings.get(id);
        return s == null || s.enabled().orElse(true);
    }

    /** The severity a policy set for every finding of the rule, if it set one. */
    public Optional<Severity> severityOverride(String id) {
        return settings(id).flatMap(Policy.RuleSettings::severity);
    }

    /** The rule's severity: the policy's, else the rule's default. */
    public Severity severity(String id) {
        return severityOverride(id).orElseGet(() -> spec(id).severity());
    }

    @SuppressWarnings("unchecked")
    public List<PortSpan> portRanges(String id, String param) {
        return (List<PortSpan>) value(id, param, RuleSpecs.ParamType.PORT_RANGES);
    }

    @SuppressWarnings("unchecked")
    public List<String> names(String id, String param) {
        return (List<String>) value(id, param, RuleSpecs.ParamType.NAMES);
    }

    public boolean flag(String id, String param) {
        return (Boolean) value(id, param, RuleSpecs.ParamType.BOOLEAN);
    }

    public Severity severityParam(String id, String param) {
        return (Severity) value(id, param, RuleSpecs.ParamType.SEVERITY);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Severity> severities(String id, String param) {
        return (Map<String, Severity>) value(id, param, RuleSpecs.ParamType.SEVERITY_BY_NAME);
    }

    private Object value(String id, String param, RuleSpecs.ParamType type) {
        return values.computeIfAbsent(id + "\u0000" + param, k -> lookup(id, param, type));
    }

    private Object lookup(String id, String param, RuleSpecs.ParamType type) {
        RuleSpecs.Param p = spec(id).param(param)
                .orElseThrow(() -> new IllegalArgumentException("rule " + id + " has no parameter " + param));
        if (p.type() != type) {
            throw new IllegalArgumentException("parameter " + id + "." + param + " is " + p.type() + ", not " + type);
        }
        Object set = settings(id).map(s -> s.params().get(param)).orElse(null);
        if (set instanceof Map<?, ?> given && p.defaultValue() instanceof Map<?, ?> defaults) {
            // a policy grading one category keeps the defaults of the others
            Map<Object, Object> merged = new LinkedHashMap<>(defaults);
            merged.putAll(given);
            return Collections.unmodifiableMap(merged);
        }
        return set != null ? set : p.defaultValue();
    }

    private Optional<Policy.RuleSettings> settings(String id) {
        return Optional.ofNullable(settings.get(id));
    }

    private static RuleSpecs.Spec spec(String id) {
        return RuleSpecs.byId(id).orElseThrow(() -> new IllegalArgumentException("unknown rule " + id));
    }
}
