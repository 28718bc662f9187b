package dev.portaudit.policy;

import dev.portaudit.model.Severity;
import dev.portaudit.model.Waiver;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A policy: rule settings, what is allowed, denied and waived. Several files merge into one:
 * rule settings of a later file override an earlier one's, key by key; lists are concatenated.
 *
 * @param rules   settings per rule id
 * @param allow   listeners expected on the host; when non-empty, any other raises unexpected-listener
 * @param deny    listeners that must never exist
 * @param waivers findings accepted for now
 * @param sources the files merged, in order
 */
public record Policy(Map<String, RuleSettings> rules, List<AllowEntry> allow, List<DenyEntry> deny,
        List<WaiverEntry> waivers, List<String> sources) {

    public Policy {
        rules = Map.copyOf(rules);
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
        waivers = List.copyOf(waivers);
        sources = List.copyOf(sources);
    }

    public static final Policy EMPTY = new Policy(Map.of(), List.of(), List.of(), List.of(), List.of());

    /**
     * One rule's settings in one file; empty fields leave the earlier value.
     *
     * @param enabled  whether the rule runs
     * @param severity severity for every finding of the rule
     * @param params   parameter values by name, typed per {@link RuleSpecs.ParamType}
     */
    public record RuleSettings(Optional<Boolean> enabled, Optional<Severity> severity, Map<String, Object> params) {
        public RuleSettings {
            params = Map.copyOf(params);
        }
    }

    /**
     * An expected listener, and the findings on it the policy accepts for good.
     *
     * @param accept     rule ids whose findings on the matched listeners are accepted ({@value #ALL}: every rule)
     * @param acceptance the reason, owner and place of the acceptance, when {@code accept} is given
     */
    public record AllowEntry(String name, Selector selector, String source, Set<String> accept,
            Optional<Waiver> acceptance) {

        /** Accepts no finding: the listener is expected, its findings still count. */
        public AllowEntry(String name, Selector selector, String source) {
            this(name, selector, source, Set.of(), Optional.empty());
        }

        public AllowEntry {
            accept = Set.copyOf(accept);
            acceptance = Objects.requireNonNullElse(acceptance, Optional.empty());
        }

        /** Whether the entry accepts findings of {@code rule} on the listeners it matches. */
        public boolean accepts(String rule) {
            return acceptance.isPresent() && (accept.contains(ALL) || accept.contains(rule));
        }
    }

    /** In an allow entry's accept list: every rule. */
    public static final String ALL = "all";

    /** A forbidden listener, with the policy's own message and severity. */
    public record DenyEntry(String name, Selector selector, String message, Optional<Severity> severity,
            String source) {
    }

    /** Findings of some rules on some listeners, accepted until a date. */
    public record WaiverEntry(List<String> rules, Selector selector, Waiver waiver) {
        public WaiverEntry {
            rules = List.copyOf(rules);
        }
    }
}
