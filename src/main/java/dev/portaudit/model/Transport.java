package dev.portaudit.model;

/** Transport protocols a listener can use; the port table also knows SCTP and DCCP. */
public enum Transport {
    TCP, UDP, SCTP, DCCP;

    /** Lower-case name as it appears in reports and on the command line. */
    private final String id = Ids.of(this);

    public String id() {
        return id;
    }

    public static Transport parse(String text) {
        return Ids.parse(values(), Transport::id, text, "protocol");
    }
}
