package dev.portaudit.collect;

import dev.portaudit.model.ProcessOwner;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Describes socket owners straight from procfs: {@code comm} for the name (completed from the
 * executable where the kernel cut it, see {@link ProcessNames}), {@code exe} for the
 * executable, {@code cmdline} whole, {@code status} for the effective uid and capabilities, and
 * /etc/passwd for user names; then the container it runs in, and its user as the container knows it.
 */
final class ProcOwners extends MemoOwners {

    private final LinuxProc proc;
    private final Map<Long, String> userNames;
    private final ContainerView containers;

    ProcOwners(LinuxProc proc, Map<Long, String> userNames, ContainerView containers) {
        this.proc = proc;
        this.userNames = userNames;
        this.containers = containers;
    }

    @Override
    public boolean concurrent() {
        return true; // file reads, a memo and a container view that are safe to share
    }

    @Override
    Optional<ProcessOwner> describe(int pid) {
        Optional<String> status = proc.read(pid + "/status");
        if (status.isEmpty()) {
            return Optional.empty();
        }
        ProcStatusParser.Status s = ProcStatusParser.parse(status.get());
        OptionalLong uid = s.effectiveUid();
        String comm = proc.read(pid + "/comm").map(c -> c.endsWith("\n") ? c.substring(0, c.length() - 1) : c)
                .orElse("");
        String command = proc.commandLine(pid).orElse("");
        String executable = proc.executable(pid).orElse("");
        return Optional.of(containers.of(new ProcessOwner(pid, ProcessNames.full(comm, executable, command),
                uid.isPresent() ? Optional.ofNullable(userNames.get(uid.getAsLong())) : Optional.empty(), uid,
                command, executable, s.bindCapability())));
    }
}
