package dev.portaudit.model;

/** The three IANA port ranges of RFC 6335. */
public enum PortRange {
    WELL_KNOWN("well-known", 0, 1023),
    REGISTERED("registered", 1024, 49151),
    DYNAMIC("dynamic", 49152, 65535);

    private final String id;
    private final int first;
    private final int last;

    PortRange(String id, int first, int last) {
        this.id = id;
        this.first = first;
        this.last = last;
    }

    public String id() {
        return id;
    }

    public int first() {
        return first;
    }

    public int last() {
        return last;
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    public static PortRange of(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0-65535: " + port);
        }
        return port <= WELL_KNOWN.last ? WELL_KNOWN : port <= REGISTERED.last ? REGISTERED : DYNAMIC;
    }
}
