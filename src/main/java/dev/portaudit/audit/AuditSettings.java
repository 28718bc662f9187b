package dev.portaudit.audit;

import dev.portaudit.model.Checkpoint;
import dev.portaudit.model.ControlMap;
import dev.portaudit.policy.Baseline;
import dev.portaudit.policy.Policy;
import dev.portaudit.policy.RuleConfig;
import dev.portaudit.policy.ServiceCatalog;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a scan is judged against besides the port table.
 *
 * @param policy   the merged policy: allow, deny and waiver entries
 * @param config   the effective rule settings
 * @param catalog  the service catalogue
 * @param baseline the baseline to compare with, if any
 * @param controls the compliance controls findings are mapped to
 * @param inputs   the files the policy and the control mapping were read from, with their hashes
 */
public record AuditSettings(Policy policy, RuleConfig config, ServiceCatalog catalog, Optional<Baseline> baseline,
        ControlMap controls, List<Checkpoint.Input> inputs) {

    public static final AuditSettings DEFAULTS =
            new AuditSettings(Policy.EMPTY, RuleConfig.DEFAULTS, ServiceCatalog.EMPTY, Optional.empty());

    public AuditSettings(Policy policy, RuleConfig config, ServiceCatalog catalog, Optional<Baseline> baseline) {
        this(policy, config, catalog, baseline, ControlMap.EMPTY, List.of());
    }

    public AuditSettings {
        controls = Objects.requireNonNullElse(controls, ControlMap.EMPTY);
        inputs = List.copyOf(inputs);
    }
}
