package dev.portaudit.model;

public enum IpFamily {
    IPV4, IPV6;

    public String id() {
        return Ids.of(this);
    }
}
