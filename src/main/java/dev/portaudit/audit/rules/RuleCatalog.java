package dev.portaudit.audit.rules;

import java.util.List;

/** The built-in listener rules, in the order their findings are computed. */
public final class RuleCatalog {

    private RuleCatalog() {
    }

    public static List<Rule> defaults() {
        return List.of(new PrivilegedBindRule(), new DynamicRangeRule(), TableStatusRule.unofficialUse(),
                TableStatusRule.unassignedPort(), TableStatusRule.reservedPort(), new CleartextRule(),
                new WildcardExposureRule(), new AddressExposureRule(), new ServiceMismatchRule(),
                new UnpackagedListenerRule());
    }
}
