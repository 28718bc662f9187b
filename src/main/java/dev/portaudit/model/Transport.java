package dev.portaudit.model;

import java.util.Locale;

/** Transport protocols a listener can use; the port table also knows SCTP and DCCP. */
public enum Transport {
    TCP, UDP, SCTP, DCCP;

    /** Lower-case name as it appears in reports and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Transport parse(String text) {
        for (Transport t : values()) {
            if (t.id().equalsIgnoreCase(text.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + text + "' (allowed: tcp, udp, sctp, dccp)");
    }
}
