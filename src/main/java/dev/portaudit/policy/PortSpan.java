package dev.portaudit.policy;

/** An inclusive range of ports; a single port has {@code first == last}. */
public record PortSpan(int first, int last) {

    public PortSpan {
        if (first < 0 || last > 65535 || first > last) {
            throw new IllegalArgumentException("bad port range " + first + "-" + last);
        }
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
