package dev.portaudit.model;

import java.util.Locale;

public enum IpFamily {
    IPV4, IPV6;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
