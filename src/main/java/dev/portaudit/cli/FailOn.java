package dev.portaudit.cli;

import dev.portaudit.model.Severity;
import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * {@code --fail-on}: a severity, or {@code none} (findings never fail the run).
 *
 * @param threshold the lowest severity that fails the run, empty for none
 */
record FailOn(Optional<Severity> threshold) {

    static final class Converter implements CommandLine.ITypeConverter<FailOn> {
        @Override
        public FailOn convert(String value) {
            if (value.equalsIgnoreCase("none")) {
                return new FailOn(Optional.empty());
            }
            try {
                return new FailOn(Optional.of(Severity.parse(value)));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a severity (allowed: none, info, low, medium, high, critical)");
            }
        }
    }

    static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Stream.concat(Stream.of("none"), Stream.of(Severity.values()).map(Severity::id)).iterator();
        }
    }

}
