package dev.portaudit.policy;

import dev.portaudit.model.InvalidInputException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Loads the service catalogue and the default policy from the rules, then the user's policy files
 * in order, and merges them. Every problem of every file is reported together.
 */
public final class PolicyLoader {

    public static final String DEFAULT_POLICY = "policy.yaml";
    public static final String CATALOG = "services.yaml";

    /** The merged policy, the catalogue it was checked against, and the warnings found on the way. */
    public record Loaded(Policy policy, RuleConfig rules, ServiceCatalog catalog, List<String> warnings) {
    }

    private PolicyLoader() {
    }

    public static Loaded load(RuleFiles rules, List<Path> files, Predicate<String> tableServices,
            LocalDate today) {
        ServiceCatalog catalog = CatalogLoader.load(rules.yaml(CATALOG));
        PolicyParser parser = new PolicyParser(catalog, tableServices, today);
        Problems problems = new Problems();
        List<Policy> parts = new ArrayList<>();
        if (rules.dir().isPresent()) {
            // A site's rules directory may change the defaults; the bundled policy.yaml states exactly
            // the built-in ones (a test holds them equal), so it need not be parsed on every run.
            parts.add(parser.parse(rules.yaml(DEFAULT_POLICY), problems));
        }
        for (Path f : files) {
            try {
                parts.add(parser.parse(SafeYaml.read(f), problems));
            } catch (InvalidInputException e) {
                problems.addAll(e);
            }
        }
        problems.throwIfErrors();
        Policy merged = merge(parts);
        return new Loaded(merged, new RuleConfig(merged.rules()), catalog, problems.warnings());
    }

    /**
     * Later files override earlier rule settings key by key (a mapping parameter, such as
     * wildcard-exposure's categories, key by key too); entries are concatenated in order.
     */
    public static Policy merge(List<Policy> parts) {
        Map<String, Policy.RuleSettings> rules = new LinkedHashMap<>();
        List<Policy.AllowEntry> allow = new ArrayList<>();
        List<Policy.DenyEntry> deny = new ArrayList<>();
        List<Policy.WaiverEntry> waivers = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (Policy p : parts) {
            p.rules().forEach((id, s) -> rules.merge(id, s, PolicyLoader::over));
            allow.addAll(p.allow());
            deny.addAll(p.deny());
            waivers.addAll(p.waivers());
            sources.addAll(p.sources());
        }
        return new Policy(rules, allow, deny, waivers, sources);
    }

    private static Policy.RuleSettings over(Policy.RuleSettings base, Policy.RuleSettings top) {
        Map<String, Object> params = new LinkedHashMap<>(base.params());
        top.params().forEach((name, value) -> params.merge(name, value, (earlier, later) -> {
            if (earlier instanceof Map<?, ?> e && later instanceof Map<?, ?> l) {
                Map<Object, Object> both = new LinkedHashMap<>(e);
                both.putAll(l);
                return both;
            }
            return later;
        }));
        Optional<Boolean> enabled = top.enabled().isPresent() ? top.enabled() : base.enabled();
        return new Policy.RuleSettings(enabled, top.severity().isPresent() ? top.severity() : base.severity(), params);
    }
}
