package dev.portaudit.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Facts about the audited host.
 *
 * @param hostname  host name
 * @param os        operating system, human-readable ("Debian GNU/Linux 12 (bookworm)")
 * @param kernel    kernel version string, empty when unknown
 * @param elevated  whether the scan ran with the privileges to see every socket's owner
 * @param settings  kernel settings that matter to the rules (the target namespace's, for one)
 * @param namespace the network namespace audited, when it is not the host's own ({@code scan --target-pid})
 * @param source    where the facts come from: "live", or the snapshot file's kind ("ss", "portaudit-json")
 * @param collector how a live host's sockets were read: "netlink", "procfs" (with why netlink was not,
 *                  where it was asked for), "oshi"; empty for a snapshot
 */
public record HostFacts(String hostname, String os, String kernel, boolean elevated, KernelSettings settings,
        Optional<NetNamespace> namespace, String source, String collector) {
    public HostFacts {
        hostname = Objects.requireNonNullElse(hostname, "");
        os = Objects.requireNonNullElse(os, "");
        kernel = Objects.requireNonNullElse(kernel, "");
        Objects.requireNonNull(settings, "settings");
        namespace = Objects.requireNonNullElse(namespace, Optional.empty());
        source = Objects.requireNonNullElse(source, "live");
        collector = Objects.requireNonNullElse(collector, "");
    }

    public HostFacts(String hostname, String os, String kernel, boolean elevated, KernelSettings settings,
            Optional<NetNamespace> namespace, String source) {
        this(hostname, os, kernel, elevated, settings, namespace, source, "");
    }

    public HostFacts(String hostname, String os, String kernel, boolean elevated, KernelSettings settings) {
        this(hostname, os, kernel, elevated, settings, Optional.empty(), "live");
    }

    public HostFacts withNamespace(NetNamespace ns, KernelSettings nsSettings) {
        return new HostFacts(hostname, os, kernel, elevated, nsSettings, Optional.of(ns), source, collector);
    }

    public HostFacts withCollector(String how) {
        return new HostFacts(hostname, os, kernel, elevated, settings, namespace, source, how);
    }
}
