package dev.portaudit.model;

/**
 * The status vocabulary of the port table, per port and protocol: the legend of the
 * "List of TCP and UDP port numbers", reconciled with the IANA registry.
 */
public enum PortStatus {
    /** IANA-assigned and standardized or widely used. */
    YES,
    /** Not IANA-assigned, but widely used. */
    UNOFFICIAL,
    /** IANA-assigned, not widely used. */
    ASSIGNED,
    /** Not assigned and not known to be used. */
    NO,
    /** Reserved by IANA. */
    RESERVED;

    private final String id = Ids.of(this);

    public String id() {
        return id;
    }

    public static PortStatus parse(String text) {
        return Ids.parse(values(), PortStatus::id, text, "status");
    }
}
