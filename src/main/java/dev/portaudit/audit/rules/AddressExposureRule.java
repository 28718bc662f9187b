package dev.portaudit.audit.rules;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Describe;
import dev.portaudit.model.Exposure;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Severity;
import dev.portaudit.policy.RuleSpecs;
import dev.portaudit.policy.ServiceDef;
import java.util.List;
import java.util.Optional;

/**
 * {@code address-exposure}: a listener bound to one address that is not loopback. On a public
 * address it is as exposed as on every interface — a Redis bound to the host's public address is
 * the same risk as one on 0.0.0.0 — so it is graded by the kind of service, as wildcard-exposure
 * does. A private or link-local address is where such services belong (the advice of
 * wildcard-exposure), so there the finding only records who can reach it.
 */
public final class AddressExposureRule implements Rule {

    public static final String ID = RuleSpecs.ADDRESS_EXPOSURE;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(AuditedListener audited, AuditContext ctx, List<Finding> out) {
        Listener l = audited.listener();
        Exposure e = l.exposure();
        if (e != Exposure.PUBLIC && e != Exposure.PRIVATE && e != Exposure.LINK_LOCAL) {
            return;
        }
        Optional<ServiceDef> service = ctx.catalog().forPort(l.protocol(), l.port());
        String what = l.endpoint() + service.map(s -> " (" + s.name() + ", a " + s.category() + " service)").orElse("")
                + ", held by " + Describe.owners(l);
        if (e != Exposure.PUBLIC) {
            String who = e == Exposure.PRIVATE ? "hosts on the private network of " + l.address()
                    : "hosts on the link of " + l.address() + " only";
            out.add(new Finding(ID, Severity.INFO, l, what + ", is reachable by " + who,
                    "Make sure only the service's clients are on that network, or firewall the port.",
                    audited.entries()));
            return;
        }
        Severity severity = service.map(s -> ctx.config().severities(ID, "categories").get(s.category()))
                .orElse(null);
        out.add(new Finding(ID, severity != null ? severity : ctx.config().severity(ID), l,
                what + ", listens on the public address " + l.address() + ", reachable from anywhere the "
                        + "address is routed",
                service.map(s -> WildcardExposureRule.advice(s.category(), "a public address")).orElse(
                        "Bind the service to the addresses that need it (loopback, a private interface), or "
                                + "restrict it with a firewall."),
                audited.entries()));
    }
}
