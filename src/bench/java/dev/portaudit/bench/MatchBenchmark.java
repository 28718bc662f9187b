package dev.portaudit.bench;

import dev.portaudit.audit.AuditSettings;
import dev.portaudit.audit.ExitPolicy;
import dev.portaudit.audit.Pipeline;
import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Report;
import dev.portaudit.model.Snapshot;
import dev.portaudit.model.Transport;
import dev.portaudit.ports.PortTable;
import dev.portaudit.report.JsonReporter;
import dev.portaudit.testing.Scenarios;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Matching: the scan pipeline with the rules already loaded and the host already read (table
 * lookups, every rule, the default policy, the verdict) for a host with N listeners held by N/16
 * processes, a mix of well-known, registered and dynamic ports on loopback, wildcard and private
 * addresses; and writing that audit's JSON report.
 */
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = {"-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MatchBenchmark {

    @Param({"100", "8000"})
    public int listeners;

    private PortTable table;
    private AuditSettings settings;
    private Snapshot snapshot;
    private Pipeline.Request request;
    private Report report;

    @Setup(Level.Trial)
    public void setUp() {
        table = Scenarios.table();
        settings = Scenarios.settings(Optional.empty());
        String[] addresses = {"127.0.0.1", "0.0.0.0", "10.1.2.3", "::", "::1"};
        int[] ports = {22, 25, 53, 80, 443, 3306, 5000, 5432, 6001, 8080, 11211, 27017};
        List<ProcessOwner> owners = new ArrayList<>();
        for (int p = 0; p < Math.max(1, listeners / 16); p++) {
            owners.add(Scenarios.owner(2000 + p, "svc" + p, p % 3 == 0 ? "root" : "app", p % 3 == 0 ? 0 : 1000,
                    "/usr/bin/svc" + p + " --serve", "/usr/bin/svc" + p));
        }
        List<Listener> ls = new ArrayList<>(listeners);
        for (int i = 0; i < listeners; i++) {
            String address = addresses[i % addresses.length];
            int port = i < ports.length ? ports[i] : 1024 + (i * 7919) % 64000;
            ls.add(new Listener(i % 4 == 3 ? Transport.UDP : Transport.TCP,
                    address.contains(":") ? IpFamily.IPV6 : IpFamily.IPV4, address, port, false,
                    List.of(owners.get(i % owners.size()))));
        }
        snapshot = new Snapshot(Scenarios.host(), ls, List.of());
        Pipeline.Criteria criteria = new Pipeline.Criteria(table, settings);
        request = new Pipeline.Request(() -> snapshot, () -> criteria, ExitPolicy.Thresholds.NONE,
                Clock.fixed(Scenarios.AT, ZoneOffset.UTC), System::nanoTime, "bench");
        report = Pipeline.run(request);
    }

    @Benchmark
    public Report audit() {
        return Pipeline.run(request);
    }

    /** The JSON report of that audit (N listeners and their findings), written to nowhere. */
    @Benchmark
    public void jsonReport() throws IOException {
        new JsonReporter().write(report, OutputStream.nullOutputStream());
    }
}
