package dev.portaudit.collect;

import dev.portaudit.model.KernelSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Parses the sysctl files under {@code /proc/sys/net} that change a listener's verdict. */
public final class KernelSettingsParser {

    private KernelSettingsParser() {
    }

    /**
     * @param localPortRange        content of net/ipv4/ip_local_port_range ("32768\t60999"), or empty
     * @param unprivilegedPortStart content of net/ipv4/ip_unprivileged_port_start, or empty
     * @param bindV6Only            content of net/ipv6/bindv6only, or empty
     */
    public static KernelSettings parse(Optional<String> localPortRange, Optional<String> unprivilegedPortStart,
            Optional<String> bindV6Only) {
        OptionalInt first = OptionalInt.empty();
        OptionalInt last = OptionalInt.empty();
        if (localPortRange.isPresent()) {
            String[] f = localPortRange.get().trim().split("\\s+");
            if (f.length == 2) {
                OptionalInt a = port(f[0]);
                OptionalInt b = port(f[1]);
                if (a.isPresent() && b.isPresent() && a.getAsInt() <= b.getAsInt()) {
                    first = a;
                    last = b;
                }
            }
        }
        OptionalInt unpriv = unprivilegedPortStart.map(s -> port(s.trim())).orElse(OptionalInt.empty());
        Optional<Boolean> v6only = bindV6Only.map(String::trim)
                .filter(s -> s.equals("0") || s.equals("1"))
                .map(s -> s.equals("1"));
        return new KernelSettings(first, last, unpriv, v6only);
    }

    /**
     * The same settings from the output of {@code sysctl net.ipv4.ip_local_port_range
     * net.ipv4.ip_unprivileged_port_start net.ipv6.bindv6only} ("key = value" lines, other lines
     * ignored), captured beside a snapshot; empty when none of the three is there.
     */
    public static Optional<KernelSettings> fromSysctl(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        Optional<String> range = Optional.ofNullable(values.get("net.ipv4.ip_local_port_range"));
        Optional<String> unpriv = Optional.ofNullable(values.get("net.ipv4.ip_unprivileged_port_start"));
        Optional<String> v6only = Optional.ofNullable(values.get("net.ipv6.bindv6only"));
        if (range.isEmpty() && unpriv.isEmpty() && v6only.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parse(range, unpriv, v6only));
    }

    private static OptionalInt port(String s) {
        try {
            int p = Integer.parseInt(s);
            return p >= 0 && p <= 65536 ? OptionalInt.of(p) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
