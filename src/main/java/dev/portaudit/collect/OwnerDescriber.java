package dev.portaudit.collect;

import dev.portaudit.model.ProcessOwner;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Describes the processes that hold sockets, once per pid per scan: OSHI for name, path and uid,
 * procfs (where there is one) for the exact command line and capabilities, /etc/passwd for names.
 */
final class OwnerDescriber extends MemoOwners {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerDescriber.class);

    private final OperatingSystem os;
    private final Optional<LinuxProc> linux;
    private final Map<Long, String> userNames;

    private final Optional<ContainerView> containers;

    OwnerDescriber(OperatingSystem os, Optional<LinuxProc> linux, Map<Long, String> userNames,
            ContainerEngines engines) {
        this.os = os;
        this.linux = linux;
        this.userNames = userNames;
        this.containers = linux.map(l -> new ContainerView(l, engines));
    }

    @Override
    Optional<ProcessOwner> describe(int pid) {
        OSProcess p;
        try {
            p = os.getProcess(pid);
        } catch (RuntimeException e) {
            LOG.debug("process {} could not be read: {}", pid, e.toString());
            return Optional.empty();
        }
        if (p == null) {
            return Optional.empty();
        }
        OptionalLong uid = parseUid(p.getUserID());
        Optional<Boolean> capability = Optional.empty();
        String command = commandLine(p);
        if (linux.isPresent()) {
            command = linux.get().commandLine(pid).filter(c -> !c.isEmpty()).orElse(command);
            ProcStatusParser.Status status = linux.get().status(pid);
            capability = status.bindCapability();
            if (uid.isEmpty()) {
                uid = status.effectiveUid();
            }
        }
        Optional<String> user = uid.isPresent() ? Optional.ofNullable(userNames.get(uid.getAsLong()))
                : Optional.empty();
        ProcessOwner owner = new ProcessOwner(pid, ProcessNames.full(nz(p.getName()), nz(p.getPath()), command), user,
                uid, command, nz(p.getPath()), capability);
        return Optional.of(containers.map(c -> c.of(owner)).orElse(owner));
    }

    /** Arguments joined by spaces, where the platform has no procfs to read them exactly. */
    static String commandLine(OSProcess p) {
        List<String> args = p.getArguments();
        if (args != null && !args.isEmpty()) {
            return String.join(" ", args);
        }
        return nz(p.getCommandLine());
    }

    static OptionalLong parseUid(String text) {
        if (text == null || text.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            long v = Long.parseLong(text.trim());
            return v >= 0 ? OptionalLong.of(v) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
