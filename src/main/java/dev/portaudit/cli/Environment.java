package dev.portaudit.cli;

import dev.portaudit.collect.Collector;
import dev.portaudit.collect.HostCollectors;
import java.time.Clock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the commands take from the world: the collector, the clock, and a monotonic clock for
 * durations ({@code System::nanoTime}). Tests replace them to get deterministic runs; everything
 * else comes from argv.
 */
public record Environment(Supplier<Collector> collector, Clock clock, LongSupplier nanoTime) {

    public static Environment live() {
        return new Environment(() -> HostCollectors.create("auto"), Clock.systemUTC(), System::nanoTime);
    }
}
