package dev.portaudit.cli;

import dev.portaudit.audit.Pipeline;
import dev.portaudit.collect.Collector;
import dev.portaudit.firewall.Firewall;
import dev.portaudit.collect.HostCollectors;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the commands take from the world: the collector, the clock, a monotonic clock for durations
 * ({@code System::nanoTime}), the environment variables and the system configuration directory.
 * Tests replace them to get deterministic runs; everything else comes from argv.
 *
 * @param variables the process environment ({@code PORTAUDIT_*}, {@code HOME}, {@code XDG_CONFIG_HOME})
 * @param configDir the system configuration directory ({@code /etc/portaudit}); empty: none is read
 * @param firewall  the firewall a live scan of this namespace is judged against
 */
public record Environment(Supplier<Collector> collector, Clock clock, LongSupplier nanoTime,
        Map<String, String> variables, Optional<Path> configDir, Pipeline.FirewallSource firewall) {

    public static final Path SYSTEM_CONFIG = Path.of("/etc/portaudit");

    public Environment {
        Objects.requireNonNull(collector);
        Objects.requireNonNull(clock);
        Objects.requireNonNull(nanoTime);
        variables = Map.copyOf(variables);
        Objects.requireNonNull(configDir);
        Objects.requireNonNull(firewall);
    }

    /** An environment whose scans read no firewall (tests with collectors of their own). */
    public Environment(Supplier<Collector> collector, Clock clock, LongSupplier nanoTime,
            Map<String, String> variables, Optional<Path> configDir) {
        this(collector, clock, nanoTime, variables, configDir, Pipeline.FirewallSource.NONE);
    }

    /** An environment that reads no configuration from outside argv: no variables, no configuration files. */
    public Environment(Supplier<Collector> collector, Clock clock, LongSupplier nanoTime) {
        this(collector, clock, nanoTime, Map.of(), Optional.empty());
    }

    public static Environment live() {
        return new Environment(() -> HostCollectors.create("auto"), Clock.systemUTC(), System::nanoTime,
                System.getenv(), Optional.of(SYSTEM_CONFIG), new Pipeline.FirewallSource() {
                    @Override
                    public Optional<Firewall.View> read() {
                        return Optional.of(Firewall.read());
                    }

                    @Override
                    public Optional<Firewall.View> readIn(int pid) {
                        return Optional.of(Firewall.readIn(pid));
                    }
                });
    }

    /** The variable's value, if it is set and not empty. */
    Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isEmpty());
    }
}
