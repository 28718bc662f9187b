package dev.portaudit.bench;

import dev.portaudit.model.Transport;
import dev.portaudit.ports.PortTable;
import dev.portaudit.ports.PortTableLoader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The port table: loading the bundled table, and looking ports up in it. A scan loads the table
 * once, so the load is also measured cold, as the first call in a fresh JVM ({@code coldLoad}).
 */
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = {"-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TableBenchmark {

    private PortTable table;

    @Setup(Level.Trial)
    public void load() {
        table = PortTableLoader.bundled();
    }

    /** A warm load: the bundled files indexed, then every port looked up once as a big host would. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void loadAndLookUpEveryPort(Blackhole bh) {
        PortTable t = PortTableLoader.bundled();
        for (int port = 0; port <= 65535; port++) {
            bh.consume(t.entries(Transport.TCP, port));
        }
    }

    /** The first load in a fresh JVM, as each scan pays it: one shot per fork, many forks. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Fork(value = 10, jvmArgsAppend = {"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"})
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public PortTable coldLoad() {
        return PortTableLoader.bundled();
    }

    /** One lookup on a loaded table, over ports spread across the three ranges. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void lookup(Blackhole bh) {
        bh.consume(table.entries(Transport.TCP, 22));
        bh.consume(table.entries(Transport.TCP, 5000));
        bh.consume(table.entries(Transport.UDP, 6001));
        bh.consume(table.entries(Transport.TCP, 50123));
    }
}
