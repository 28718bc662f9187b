package dev.portaudit.audit.rules;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Describe;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Probe;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Severity;
import dev.portaudit.policy.Glob;
import dev.portaudit.policy.RuleSpecs;
import dev.portaudit.policy.ServiceCatalog;
import dev.portaudit.policy.ServiceDef;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code service-mismatch}: the port of a well-known service held by a program not known to serve
 * it (22/tcp held by something other than an SSH daemon) — a backdoor, a tunnel, or at least a
 * surprise. Programs that hold ports on others' behalf (systemd socket activation, container
 * proxies) are left alone; an unseen owner cannot be judged.
 */
public final class ServiceMismatchRule implements Rule {

    public static final String ID = RuleSpecs.SERVICE_MISMATCH;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(AuditedListener audited, AuditContext ctx, List<Finding> out) {
        Listener l = audited.listener();
        Optional<ServiceDef> service = ctx.catalog().forPort(l.protocol(), l.port());
        if (service.isEmpty() || !l.ownerKnown()) {
            return;
        }
        List<Glob> ignored = ctx.config().names(ID, "ignore-programs").stream().map(Glob::of).toList();
        for (ProcessOwner o : l.owners()) {
            if (ServiceCatalog.serves(service.get(), o) || ServiceCatalog.isProgram(ignored, o)) {
                return;
            }
        }
        String expected = service.get().programs().stream().map(Glob::text).collect(Collectors.joining(", "));
        Optional<Probe> spoke = ctx.probe(l).filter(p -> p.spoke() && p.protocol().equals(service.get().name()));
        if (spoke.isPresent()) {
            // the port is served by what it should be, only by a program the catalogue does not name
            out.add(new Finding(ID, Severity.INFO, l, l.endpoint() + " is held by " + Describe.owners(l)
                    + ", which is not among the catalogue's " + service.get().name() + " programs (" + expected
                    + "), but it speaks " + service.get().name() + " (probed: " + spoke.get().seen() + ")",
                    "If the program is meant to serve " + service.get().name() + " here, add it to the service's "
                            + "programs in rules/services.yaml.",
                    audited.entries()));
            return;
        }
        out.add(new Finding(ID, ctx.config().severity(ID), l, l.endpoint() + " is the port of "
                + service.get().name() + ", but it is held by " + Describe.owners(l) + ", which is not known to serve "
                + service.get().name() + " (expected: " + expected + ")",
                "Find out what this program is and why it holds the port; if it is legitimate, add it to the "
                        + "service's programs in rules/services.yaml or allow it in a policy.",
                audited.entries()));
    }
}
