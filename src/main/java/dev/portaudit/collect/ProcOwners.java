package dev.portaudit.collect;

import dev.portaudit.model.ProcessOwner;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Describes socket owners straight from procfs: {@code comm} for the name, {@code exe} for the
 * executable, {@code cmdline} whole, {@code status} for the effective uid and capabilities, and
 * /etc/passwd for user names.
 */
final class ProcOwners implements Owners {

    private final LinuxProc proc;
    private final Map<Long, String> userNames;
    private final Map<Integer, ProcessOwner> seen = new HashMap<>();
    private int vanished;

    ProcOwners(LinuxProc proc, Map<Long, String> userNames) {
        this.proc = proc;
        this.userNames = userNames;
    }

    @Override
    public ProcessOwner owner(int pid) {
        ProcessOwner known = seen.get(pid);
        if (known != null) {
            return known;
        }
        Optional<String> status = proc.read(pid + "/status");
        ProcessOwner owner;
        if (status.isEmpty()) {
            vanished++;
            owner = ProcessOwner.pidOnly(pid);
        } else {
            ProcStatusParser.Status s = ProcStatusParser.parse(status.get());
            OptionalLong uid = s.effectiveUid();
            String name = proc.read(pid + "/comm").map(c -> c.endsWith("\n") ? c.substring(0, c.length() - 1) : c)
                    .orElse("");
            owner = new ProcessOwner(pid, name,
                    uid.isPresent() ? Optional.ofNullable(userNames.get(uid.getAsLong())) : Optional.empty(), uid,
                    proc.commandLine(pid).orElse(""), proc.executable(pid).orElse(""), s.bindCapability());
        }
        seen.put(pid, owner);
        return owner;
    }

    @Override
    public int vanished() {
        return vanished;
    }
}
