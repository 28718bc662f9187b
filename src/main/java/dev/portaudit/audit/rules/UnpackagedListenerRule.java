package dev.portaudit.audit.rules;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Describe;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Severity;
import dev.portaudit.policy.RuleSpecs;
import java.util.List;
import java.util.Optional;

/**
 * {@code unpackaged-listener}: a listener held by an executable no package installed — a binary
 * dropped in /opt, a build run from a home directory, or what an intruder left behind. Worse when
 * the file lives where anyone may write (a temporary directory) or was deleted after it started,
 * which is how droppers hide. Only where the package database was read: a snapshot, a container's
 * process or a host without one say nothing either way.
 */
public final class UnpackagedListenerRule implements Rule {

    public static final String ID = RuleSpecs.UNPACKAGED;

    /** Directories any user may write to, on the systems portaudit audits. */
    private static final List<String> WRITABLE_BY_ANYONE = List.of("/tmp/", "/var/tmp/", "/dev/shm/", "/run/shm/",
            "/var/lock/", "/run/lock/");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(AuditedListener audited, AuditContext ctx, List<Finding> out) {
        Listener l = audited.listener();
        Optional<ProcessOwner> unpackaged = l.owners().stream().filter(o -> o.software().map(s -> !s.packaged())
                .orElse(false)).findFirst();
        if (unpackaged.isEmpty()) {
            return;
        }
        ProcessOwner o = unpackaged.get();
        boolean deleted = o.executableDeleted();
        String path = ProcessOwner.pathOf(o.executable());
        boolean writable = WRITABLE_BY_ANYONE.stream().anyMatch(path::startsWith);
        Severity severity = deleted || writable ? Severity.MEDIUM : ctx.config().severity(ID);
        String why = deleted ? ", and the file was deleted after the process started"
                : writable ? ", and it lives in " + path.substring(0, path.indexOf('/', 1) + 1)
                        + ", where any user may write" : "";
        out.add(new Finding(ID, severity, l, Describe.listener(l) + ": the executable " + path + " comes from no "
                + "package (the " + o.software().orElseThrow().manager() + " database lists none)" + why,
                deleted || writable ? "Find out what started it and stop it: a service is not run from a temporary "
                        + "directory or a deleted file; keep the binary (/proc/" + o.pid() + "/exe) for analysis first."
                        : "Install the service from a package, or document where this binary comes from and who "
                                + "updates it; stop it if nobody can say.",
                audited.entries()));
    }
}
