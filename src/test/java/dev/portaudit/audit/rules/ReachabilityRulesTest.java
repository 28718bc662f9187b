package dev.portaudit.audit.rules;

import static dev.portaudit.testing.Scenarios.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Reachability;
import dev.portaudit.model.Reachability.Outcome;
import dev.portaudit.model.Reachability.Reach;
import dev.portaudit.model.Reachability.SourceKind;
import dev.portaudit.model.Reachability.SourceVerdict;
import dev.portaudit.model.Severity;
import dev.portaudit.policy.RuleConfig;
import dev.portaudit.testing.Scenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** wildcard-exposure grades what the firewall lets through, where reachability was judged. */
class ReachabilityRulesTest {

    private static final Listener REDIS = tcp("0.0.0.0", 6379, Scenarios.owner(710, "redis-server", "redis", 106,
            "/usr/bin/redis-server *:6379", "/usr/bin/redis-server"));

    private static Finding check(Optional<Reachability> reach) {
        AuditContext ctx = new AuditContext(Scenarios.host(), RuleConfig.DEFAULTS, Scenarios.catalog(), List.of(REDIS));
        List<Finding> out = new ArrayList<>();
        new WildcardExposureRule().check(new AuditedListener(REDIS, Scenarios.table().entries(REDIS.protocol(), 6379),
                reach), ctx, out);
        assertEquals(1, out.size());
        return out.get(0);
    }

    private static SourceVerdict v(SourceKind kind, Outcome o, String by) {
        return new SourceVerdict(kind, kind == SourceKind.LOOPBACK ? "lo" : "eth0", List.of(), o, List.of(by), false);
    }

    @Test
    void aCacheOnlyLoopbackCanReachIsNotHigh() {
        Severity unjudged = check(Optional.empty()).severity();
        assertEquals(Severity.HIGH, unjudged, "a cache on every interface, the firewall not judged");
        List<SourceVerdict> local = List.of(v(SourceKind.LOOPBACK, Outcome.OPEN, "accepted by inet filter input handle 3"),
                v(SourceKind.LAN, Outcome.FILTERED, "dropped by inet filter input policy drop"),
                v(SourceKind.ANYWHERE, Outcome.FILTERED, "dropped by inet filter input policy drop"));
        Finding f = check(Optional.of(new Reachability(Reachability.classify(local), local)));
        assertEquals(Severity.INFO, f.severity());
        assertTrue(f.message().endsWith("; the firewall lets only loopback reach it"), f.message());
    }

    @Test
    void theLanIsOneStepLessThanAnywhere() {
        List<SourceVerdict> lan = List.of(v(SourceKind.LAN, Outcome.OPEN, "accepted by inet filter input handle 6"),
                v(SourceKind.ANYWHERE, Outcome.FILTERED, "dropped by inet filter input policy drop"));
        assertEquals(Reach.LAN, Reachability.classify(lan));
        assertEquals(Severity.MEDIUM, check(Optional.of(new Reachability(Reach.LAN, lan))).severity());
        List<SourceVerdict> world = List.of(v(SourceKind.ANYWHERE, Outcome.OPEN, "accepted by inet filter input handle 9"));
        Finding f = check(Optional.of(new Reachability(Reach.ANYWHERE, world)));
        assertEquals(Severity.HIGH, f.severity());
        assertTrue(f.message().contains("reached from anywhere on eth0 (accepted by inet filter input handle 9)"),
                f.message());
    }

    @Test
    void unknownIsSaidAndChangesNothing() {
        List<SourceVerdict> unknown = List.of(v(SourceKind.ANYWHERE, Outcome.UNKNOWN,
                "depends on xt match 'recent', which portaudit does not evaluate"));
        assertEquals(Reach.UNKNOWN, Reachability.classify(unknown));
        Finding f = check(Optional.of(new Reachability(Reach.UNKNOWN, unknown)));
        assertEquals(Severity.HIGH, f.severity(), "never graded down on a guess");
        assertTrue(f.message().contains("unknown (depends on xt match 'recent'"), f.message());
    }

    /** Bound to loopback, published by dnat: as exposed as a wildcard bind, and said so. */
    @Test
    void aLoopbackListenerThatNatPublishesIsFlagged() {
        Listener local = tcp("127.0.0.1", 6379, REDIS.owners().get(0));
        AuditContext ctx = new AuditContext(Scenarios.host(), RuleConfig.DEFAULTS, Scenarios.catalog(), List.of(local));
        List<SourceVerdict> published = List.of(v(SourceKind.LOOPBACK, Outcome.OPEN, "accepted: no rule stops it"),
                new SourceVerdict(SourceKind.ANYWHERE, "eth0", List.of(), Outcome.OPEN, List.of("published by ip nat "
                        + "pre handle 7"), false, "16379"));
        List<Finding> out = new ArrayList<>();
        new WildcardExposureRule().check(new AuditedListener(local, Scenarios.table().entries(local.protocol(), 6379),
                Optional.of(new Reachability(Reachability.classify(published), published))), ctx, out);
        assertEquals(1, out.size());
        assertEquals(Severity.HIGH, out.get(0).severity(), "a cache, reachable from anywhere");
        assertTrue(out.get(0).message().contains("is bound to loopback, but destination NAT sends outside connections "
                + "to it; the firewall lets it be reached from anywhere on eth0 via host port 16379 (published by ip "
                + "nat pre handle 7)"), out.get(0).message());
        List<Finding> none = new ArrayList<>();
        List<SourceVerdict> plain = List.of(v(SourceKind.LOOPBACK, Outcome.OPEN, "accepted: no rule stops it"));
        new WildcardExposureRule().check(new AuditedListener(local, Scenarios.table().entries(local.protocol(), 6379),
                Optional.of(new Reachability(Reach.LOCAL_ONLY, plain))), ctx, none);
        new WildcardExposureRule().check(new AuditedListener(local, Scenarios.table().entries(local.protocol(), 6379),
                Optional.empty()), ctx, none);
        assertEquals(List.of(), none, "a loopback bind nothing publishes is not exposed");
    }
}
