package dev.portaudit.model;

import java.util.Locale;

/**
 * Who can reach a listener, judged from its bound address: the machine itself ({@code loopback}),
 * the local link, private networks, the internet, or every interface ({@code wildcard}).
 */
public enum Exposure {
    LOOPBACK("loopback"), LINK_LOCAL("link-local"), PRIVATE("private"), PUBLIC("public"), WILDCARD("wildcard");

    private final String id;

    Exposure(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Exposure parse(String text) {
        return Ids.parse(values(), Exposure::id, text, "address class");
    }

    /**
     * Classifies a canonical address literal as listeners carry it ("0.0.0.0", "::1", "10.0.0.5").
     * Multicast groups are classed by scope: link-local groups as link-local, organisation-local
     * ones as private, the rest as public.
     */
    public static Exposure of(String address) {
        if (address.equals("0.0.0.0") || address.equals("::")) {
            return WILDCARD;
        }
        return address.indexOf(':') >= 0 ? ofIpv6(address.toLowerCase(Locale.ROOT)) : ofIpv4(address);
    }

    private static Exposure ofIpv4(String address) {
        String[] p = address.split("\\.");
        if (p.length != 4) {
            return PUBLIC;
        }
        int a;
        int b;
        int c;
        try {
            a = Integer.parseInt(p[0]);
            b = Integer.parseInt(p[1]);
            c = Integer.parseInt(p[2]);
        } catch (NumberFormatException e) {
            return PUBLIC;
        }
        if (a == 127) {
            return LOOPBACK;
        }
        if (a == 169 && b == 254 || a == 224 && b == 0 && c == 0) {
            return LINK_LOCAL;
        }
        if (a == 10 || a == 172 && b >= 16 && b <= 31 || a == 192 && b == 168 || a == 100 && b >= 64 && b <= 127
                || a == 239) {
            return PRIVATE;
        }
        return PUBLIC;
    }

    private static Exposure ofIpv6(String address) {
        if (address.equals("::1")) {
            return LOOPBACK;
        }
        String first = address.startsWith("::") ? "0" : address.substring(0, address.indexOf(':'));
        int group;
        try {
            group = Integer.parseInt(first, 16);
        } catch (NumberFormatException e) {
            return PUBLIC;
        }
        if ((group & 0xffc0) == 0xfe80) {
            return LINK_LOCAL;
        }
        if ((group & 0xfe00) == 0xfc00) {
            return PRIVATE;
        }
        if ((group & 0xff00) == 0xff00) {
            int scope = group & 0x000f;
            return scope <= 2 ? (scope == 1 ? LOOPBACK : LINK_LOCAL) : scope <= 8 ? PRIVATE : PUBLIC;
        }
        return PUBLIC;
    }
}
