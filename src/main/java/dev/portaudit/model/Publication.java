package dev.portaudit.model;

import java.util.Locale;
import java.util.Objects;

/**
 * A port the host publishes through destination NAT in prerouting — how Docker, Podman and
 * Kubernetes hostPort expose a container — and whether a socket this scan saw is behind it.
 *
 * @param protocol  tcp or udp; empty when the rule matches any
 * @param family    "ipv4" or "ipv6"; empty when the rule applies to both
 * @param hostPorts the ports on the host it applies to ("8443", "30000-32767"); empty for every port
 * @param target    where it sends connections ("10.88.0.2:80"; "the incoming interface's address:8080"
 *                  for a redirect)
 * @param rule      the rule that publishes it: family, table, chain, handle and comment
 * @param behind    what this scan found at the target
 */
public record Publication(String protocol, String family, String hostPorts, String target, String rule,
        Behind behind) {

    public Publication {
        Objects.requireNonNull(protocol);
        Objects.requireNonNull(family);
        Objects.requireNonNull(hostPorts);
        Objects.requireNonNull(target);
        Objects.requireNonNull(rule);
        Objects.requireNonNull(behind);
    }

    /** What is behind a published port. */
    public enum Behind {
        /** a listener of this report */
        LISTENER,
        /** the target is an address of a namespace this scan read, and nothing listens there */
        NONE,
        /** the target is in a network namespace this scan did not see (scan with --all-namespaces) */
        NOT_SEEN;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** What it means, for people. */
        public String describe() {
            return switch (this) {
                case LISTENER -> "a listener of this report is behind it";
                case NONE -> "no socket is behind it";
                case NOT_SEEN -> "its target is in a network namespace this scan did not see (scan with "
                        + "--all-namespaces to judge it)";
            };
        }
    }

    /** "tcp host port 8443 → 10.88.0.2:80 (ip nat DOCKER handle 12)". */
    public String describe() {
        return (protocol.isEmpty() ? "" : protocol + " ") + (hostPorts.isEmpty() ? "every host port"
                : "host port" + (hostPorts.matches("\\d+") ? " " : "s ") + hostPorts) + " \u2192 " + target
                + " (" + rule + ")";
    }
}
