package dev.portaudit.model;

import java.util.Objects;

/**
 * Facts about the audited host.
 *
 * @param hostname  host name
 * @param os        operating system, human-readable ("Debian GNU/Linux 12 (bookworm)")
 * @param kernel    kernel version string, empty when unknown
 * @param elevated  whether the scan ran with the privileges to see every socket's owner
 * @param settings  kernel settings that matter to the rules
 */
public record HostFacts(String hostname, String os, String kernel, boolean elevated, KernelSettings settings) {
    public HostFacts {
        hostname = Objects.requireNonNullElse(hostname, "");
        os = Objects.requireNonNullElse(os, "");
        kernel = Objects.requireNonNullElse(kernel, "");
        Objects.requireNonNull(settings, "settings");
    }
}
