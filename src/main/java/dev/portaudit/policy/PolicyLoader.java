package dev.portaudit.policy;

import dev.portaudit.model.Checkpoint;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.util.Hashes;
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

    /**
     * The merged policy, the catalogue it was checked against, the warnings found on the way, and the
     * files it was read from with their hashes (the built-in defaults first).
     */
    public record Loaded(Policy policy, RuleConfig rules, ServiceCatalog catalog, List<String> warnings,
            List<Checkpoint.Input> inputs) {
        public Loaded(Policy policy, RuleConfig rules, ServiceCatalog catalog, List<String> warnings) {
            this(policy, rules, catalog, warnings, List.of());
        }
    }

    private PolicyLoader() {
    }

    public static Loaded load(RuleFiles rules, List<Path> files, Predicate<String> tableServices,
            LocalDate today) {
        ServiceCatalog catalog = CatalogLoader.load(rules.yaml(CATALOG));
        PolicyParser parser = new PolicyParser(catalog, tableServices, today);
        Problems problems = new Problems();
        List<Policy> parts = new ArrayList<>();
        List<Checkpoint.Input> inputs = new ArrayList<>();
        if (rules.dir().isPresent()) {
            // A site's rules directory may change the defaults; the bundled policy.yaml states exactly
            // the built-in ones (a test holds them equal), so it need not be parsed on every run.
            SafeYaml.Document defaults = rules.yaml(DEFAULT_POLICY);
            parts.add(parser.parse(defaults, problems));
            inputs.add(new Checkpoint.Input("policy", defaults.source(), defaults.sha256()));
        } else {
            inputs.add(new Checkpoint.Input("policy", RuleFiles.BUNDLED_SOURCE + DEFAULT_POLICY,
                    Hashes.sha256(rules.bytes(DEFAULT_POLICY))));
        }
        for (Path f : files) {
            try {
                SafeYaml.Document doc = SafeYaml.read(f);
                parts.add(parser.parse(doc, problems));
                inputs.add(new Checkpoint.Input("policy", doc.source(), doc.sha256()));
            } catch (InvalidInputException e) {
                problems.addAll(e);
            }
        }
        problems.throwIfErrors();
        Policy merged = merge(parts);
        return new Loaded(merged, new RuleConfig(merged.rules()), catalog, problems.warnings(), inputs);
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
