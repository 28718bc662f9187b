package dev.portaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.audit.rules.Rule;
import dev.portaudit.audit.rules.RuleCatalog;
import dev.portaudit.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shipped default policy, catalogue and rule documentation agree with the code. */
class DefaultsTest {

    @Test
    void defaultPolicyStatesTheBuiltInDefaults() {
        Policy p = new PolicyParser(Scenarios.catalog(), s -> false, java.time.LocalDate.of(2026, 11, 22))
                .parse(RuleFiles.BUNDLED_RULES.yaml(PolicyLoader.DEFAULT_POLICY), new Problems());
        assertEquals(new HashSet<>(RuleSpecs.ids()), p.rules().keySet(), "every rule is listed in rules/policy.yaml");
        for (RuleSpecs.Spec spec : RuleSpecs.ALL) {
            Policy.RuleSettings s = p.rules().get(spec.id());
            assertEquals(Optional.of(true), s.enabled(), spec.id());
            assertEquals(Optional.empty(), s.severity(), spec.id() + ": the default policy keeps the rule's grades");
            for (RuleSpecs.Param param : spec.params()) {
                assertEquals(param.defaultValue(), s.params().get(param.name()), spec.id() + "." + param.name());
            }
        }
        assertTrue(p.allow().isEmpty() && p.deny().isEmpty() && p.waivers().isEmpty());
    }

    @Test
    void everyCategoryOfTheCatalogueHasAGrade() {
        @SuppressWarnings("unchecked")
        var grades = (java.util.Map<String, ?>) RuleSpecs.byId(RuleSpecs.WILDCARD).orElseThrow()
                .param("categories").orElseThrow().defaultValue();
        assertEquals(Scenarios.catalog().categories(), new java.util.TreeSet<>(grades.keySet()));
    }

    @Test
    void everyRuleIsDocumented() throws Exception {
        String readme = Files.readString(Path.of("rules/README.md"));
        String page = Files.readString(Path.of("docs/rules.md"));
        for (String id : RuleSpecs.ids()) {
            assertTrue(readme.contains("### " + id), "rules/README.md has no section for " + id);
            assertTrue(page.contains("| `" + id + "` |"), "docs/rules.md does not list " + id);
        }
        List<String> listenerRules = RuleCatalog.defaults().stream().map(Rule::id).toList();
        assertTrue(RuleSpecs.ids().containsAll(listenerRules));
    }

    @Test
    void catalogueLoadsAndKnowsTheCoreServices() {
        ServiceCatalog c = Scenarios.catalog();
        assertEquals("ssh", c.forPort(dev.portaudit.model.Transport.TCP, 22).orElseThrow().name());
        assertTrue(c.named("telnet").orElseThrow().cleartext());
        assertEquals("database", c.named("postgresql").orElseThrow().category());
        assertTrue(c.forPort(dev.portaudit.model.Transport.UDP, 22).isEmpty());
    }
}
