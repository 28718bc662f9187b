package dev.portaudit.model;

import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Lower-case identifiers of enum constants, as users write them. */
public final class Ids {

    private Ids() {
    }

    public static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant whose id equals {@code text} (ignoring case and surrounding space).
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static <E extends Enum<E>> E parse(E[] values, Function<E, String> id, String text, String what) {
        for (E e : values) {
            if (id.apply(e).equals(text)) {
                return e;
            }
        }
        for (E e : values) {
            if (id.apply(e).equalsIgnoreCase(text.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text + "' (allowed: "
                + Stream.of(values).map(id).collect(Collectors.joining(", ")) + ")");
    }
}
