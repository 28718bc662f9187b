package dev.portaudit.model;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Who can reach a listener through the host's firewall: a verdict for each place a new connection
 * can come from, and the class they add up to.
 *
 * @param reach    the summary class users filter and grade on
 * @param verdicts one per source: loopback, each interface's connected subnets, beyond them
 */
public record Reachability(Reach reach, List<SourceVerdict> verdicts) {

    public Reachability {
        Objects.requireNonNull(reach);
        verdicts = List.copyOf(verdicts);
    }

    /** The summary class: the widest place that can reach the listener, or why that is not known. */
    public enum Reach {
        LOCAL_ONLY, LAN, ANYWHERE, FILTERED, UNKNOWN;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Reach parse(String text) {
            return Ids.parse(values(), Reach::id, text, "reachability");
        }
    }

    /** What the firewall does to a new connection from one source. */
    public enum Outcome {
        OPEN, FILTERED, UNKNOWN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The kinds of source, from nearest to farthest. */
    public enum SourceKind {
        LOOPBACK, LAN, ANYWHERE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The verdict for one source.
     *
     * @param kind      loopback, lan or anywhere
     * @param iface     the interface the traffic arrives on ("lo", "eth0")
     * @param subnets   for lan, the interface's connected subnets ("10.0.0.0/24")
     * @param outcome   open, filtered or unknown
     * @param decidedBy the deciding rule(s), "inet filter input handle 7 (comment)", or the policy;
     *                  for unknown, the construct that could not be evaluated
     * @param partial   open only from some of the source's addresses (a rule matches some of them)
     * @param via       the host port(s) a NAT rule publishes the listener on ("8443", "30000-32767"),
     *                  for traffic addressed to them; empty for traffic addressed to the listener itself
     */
    public record SourceVerdict(SourceKind kind, String iface, List<String> subnets, Outcome outcome,
            List<String> decidedBy, boolean partial, String via) {
        public SourceVerdict {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(iface);
            subnets = List.copyOf(subnets);
            Objects.requireNonNull(outcome);
            decidedBy = List.copyOf(decidedBy);
            Objects.requireNonNull(via);
        }

        public SourceVerdict(SourceKind kind, String iface, List<String> subnets, Outcome outcome,
                List<String> decidedBy, boolean partial) {
            this(kind, iface, subnets, outcome, decidedBy, partial, "");
        }

        /** "loopback", "LAN on eth0 (10.0.0.0/24)", "anywhere on eth0", "anywhere on eth0 via host port 8443". */
        public String describe() {
            String where = switch (kind) {
                case LOOPBACK -> "loopback";
                case LAN -> "LAN on " + iface + (subnets.isEmpty() ? "" : " (" + String.join(", ", subnets) + ")");
                case ANYWHERE -> "anywhere on " + iface;
            };
            return via.isEmpty() ? where : where + " via host port" + (via.matches("\\d+") ? " " : "s ") + via;
        }
    }

    /**
     * The class of a set of verdicts: anywhere if any beyond-the-subnets source is open, else lan if
     * a subnet is, else local-only if loopback is; unknown when an undecided verdict could widen it;
     * filtered when nothing is open.
     */
    public static Reach classify(List<SourceVerdict> verdicts) {
        Reach[] classes = {Reach.ANYWHERE, Reach.LAN, Reach.LOCAL_ONLY};
        SourceKind[] kinds = {SourceKind.ANYWHERE, SourceKind.LAN, SourceKind.LOOPBACK};
        for (int i = 0; i < kinds.length; i++) {
            SourceKind k = kinds[i];
            if (verdicts.stream().anyMatch(v -> v.kind() == k && v.outcome() == Outcome.OPEN)) {
                return classes[i];
            }
            if (verdicts.stream().anyMatch(v -> v.kind() == k && v.outcome() == Outcome.UNKNOWN)) {
                return Reach.UNKNOWN; // it might be open from here, wider than anything below
            }
        }
        return Reach.FILTERED;
    }
}
