package dev.portaudit.audit;

import dev.portaudit.policy.Baseline;
import dev.portaudit.policy.Policy;
import dev.portaudit.policy.RuleConfig;
import dev.portaudit.policy.ServiceCatalog;
import java.util.Optional;

/**
 * What a scan is judged against besides the port table.
 *
 * @param policy   the merged policy: allow, deny and waiver entries
 * @param config   the effective rule settings
 * @param catalog  the service catalogue
 * @param baseline the baseline to compare with, if any
 */
public record AuditSettings(Policy policy, RuleConfig config, ServiceCatalog catalog, Optional<Baseline> baseline) {

    public static final AuditSettings DEFAULTS =
            new AuditSettings(Policy.EMPTY, RuleConfig.DEFAULTS, ServiceCatalog.EMPTY, Optional.empty());
}
