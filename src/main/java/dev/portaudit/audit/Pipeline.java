package dev.portaudit.audit;

import dev.portaudit.audit.rules.RuleCatalog;
import dev.portaudit.collect.Collector;
import dev.portaudit.firewall.Firewall;
import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Probe;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Publication;
import dev.portaudit.model.Reachability;
import dev.portaudit.model.Report;
import dev.portaudit.model.Snapshot;
import dev.portaudit.model.Verdict;
import dev.portaudit.ports.PortTable;
import dev.portaudit.util.Logs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The scan pipeline, the one place a scan is put together: {@code scan}, {@code agent}, the tests
 * and the benchmarks all run it. Reporting and the exit code come after it and only read the
 * {@link Report} it returns.
 */
public final class Pipeline {

    /**
     * What listeners are judged against.
     *
     * @param table    the port table
     * @param settings the policy, rule settings, service catalogue and baseline
     */
    public record Criteria(PortTable table, AuditSettings settings) {
        public Criteria {
            Objects.requireNonNull(table);
            Objects.requireNonNull(settings);
        }
    }

    /**
     * One run.
     *
     * @param collector   reads the host, a namespace or a snapshot file
     * @param criteria    loads the table and the policy; called while the collector reads
     * @param thresholds  what fails the run
     * @param clock       when the scan starts: the report's time and the day waivers expire against
     * @param nanoTime    a monotonic clock for the report's duration ({@code System::nanoTime})
     * @param toolVersion portaudit's version, for the report
     * @param prober      asks listeners what they speak ({@code scan --probe})
     * @param firewall    reads the firewall reachability is judged against; read while the collector reads
     */
    public record Request(Collector collector, Supplier<Criteria> criteria, ExitPolicy.Thresholds thresholds,
            Clock clock, LongSupplier nanoTime, String toolVersion, Prober prober, FirewallSource firewall) {
        public Request {
            Objects.requireNonNull(collector);
            Objects.requireNonNull(criteria);
            Objects.requireNonNull(thresholds);
            Objects.requireNonNull(clock);
            Objects.requireNonNull(nanoTime);
            Objects.requireNonNull(toolVersion);
            Objects.requireNonNull(prober);
            Objects.requireNonNull(firewall);
        }

        /** A run that reads no firewall. */
        public Request(Collector collector, Supplier<Criteria> criteria, ExitPolicy.Thresholds thresholds,
                Clock clock, LongSupplier nanoTime, String toolVersion, Prober prober) {
            this(collector, criteria, thresholds, clock, nanoTime, toolVersion, prober, FirewallSource.NONE);
        }

        /** A run that probes nothing and reads no firewall. */
        public Request(Collector collector, Supplier<Criteria> criteria, ExitPolicy.Thresholds thresholds,
                Clock clock, LongSupplier nanoTime, String toolVersion) {
            this(collector, criteria, thresholds, clock, nanoTime, toolVersion, Prober.NONE);
        }
    }

    /** The firewall a scan is judged against: the host's, a target namespace's, saved files, or none. */
    @FunctionalInterface
    public interface FirewallSource {
        FirewallSource NONE = Optional::empty;

        /** This namespace's firewall, if listeners are judged at all. */
        Optional<Firewall.View> read();

        /** The firewall of the network namespace process {@code pid} is in; none unless the source reads them. */
        default Optional<Firewall.View> readIn(int pid) {
            return Optional.empty();
        }

        /**
         * The firewall whose NAT may publish the scanned namespace's listeners, where that is another
         * namespace's (the host's, for a container audited on its own); empty: the scanned one's own.
         */
        default Optional<Firewall.View> publisher() {
            return Optional.empty();
        }

        /** This source turned on the namespace of process {@code pid}: judged by its own, published by this one. */
        default FirewallSource inNamespaceOf(int pid) {
            FirewallSource host = this;
            return new FirewallSource() {
                @Override
                public Optional<Firewall.View> read() {
                    return host.readIn(pid);
                }

                @Override
                public Optional<Firewall.View> publisher() {
                    return host.read();
                }
            };
        }
    }

    /** Asks listeners what they speak ({@code scan --probe}); most runs ask nothing. */
    @FunctionalInterface
    public interface Prober {
        Prober NONE = listeners -> List.of();

        List<Probe> probe(List<Listener> listeners);
    }

    /** The collector failed: the host could not be read at all (exit 3, unlike a bad snapshot file). */
    public static final class CollectionFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CollectionFailedException(Throwable cause) {
            super("collection failed: " + cause, cause);
        }
    }

    private Pipeline() {
    }

    public static Report run(Request request) {
        Instant started = request.clock().instant();
        if (Logs.verbose()) {
            // the process began in the launcher script, which execs the JVM: start-up as a user waits for it
            ProcessHandle.current().info().startInstant().ifPresent(t -> Logs.of(Pipeline.class).debug(
                    "scan starts {} ms after the process did", Duration.between(t, Instant.now()).toMillis()));
        }
        LocalDate today = LocalDate.ofInstant(started, ZoneOffset.UTC);

        // 1. collect on a thread of its own: collection mostly waits on the kernel, while
        // 2. loading the table and the policy, here, is pure computation
        FutureTask<Timed<Snapshot>> collection = new FutureTask<>(() -> collect(request));
        start(collection, "portaudit-collect");
        // the firewall too: nft's dump of a large ruleset takes as long as collecting a busy host
        FutureTask<List<Optional<Firewall.View>>> reading = new FutureTask<>(() -> {
            Optional<Firewall.View> own = request.firewall().read();
            return List.of(own, own.isPresent() ? request.firewall().publisher() : Optional.empty());
        });
        start(reading, "portaudit-firewall");
        Criteria criteria;
        try {
            criteria = request.criteria().get();
        } catch (RuntimeException e) {
            collection.cancel(true);
            reading.cancel(true);
            throw e;
        }
        Timed<Snapshot> snapshot = await(collection);
        List<Optional<Firewall.View>> views = await(reading);
        Optional<Firewall.View> firewall = views.get(0);
        Optional<Firewall.View> publisher = views.get(1);
        // with --probe, the listeners whose port cannot tell are asked what they speak (not timed: the
        // report's duration is collection and matching, as its schema says)
        List<Probe> probes = request.prober().probe(snapshot.value().listeners());

        // 3. match listeners against the table, the rules, the probes and the policy
        long matchStart = request.nanoTime().getAsLong();
        Snapshot seen = snapshot.value();
        Map<Long, Optional<Firewall.View>> namespaces = new ConcurrentHashMap<>();
        // each listener judged on its own, on every core: on a big ruleset this is the costly part
        List<Optional<Reachability>> judged = firewall.isEmpty() ? List.of() : seen.listeners().parallelStream()
                .map(l -> reachability(l, seen, firewall.get(), publisher.orElse(firewall.get()), namespaces,
                        request.firewall())).toList();
        Map<Listener, Optional<Reachability>> reach = new IdentityHashMap<>();
        for (int i = 0; i < judged.size(); i++) {
            reach.put(seen.listeners().get(i), judged.get(i));
        }
        Auditor.Matched matched = new Auditor(criteria.table(), RuleCatalog.defaults(), criteria.settings())
                .match(seen, probes, today, l -> reach.getOrDefault(l, Optional.empty()));
        long matchNanos = request.nanoTime().getAsLong() - matchStart;
        if (Logs.verbose()) {
            Logs.of(Pipeline.class).debug("collection {} ms, matching {} ms ({} listeners, {} findings)",
                    snapshot.nanos() / 1_000_000, matchNanos / 1_000_000, seen.listeners().size(),
                    matched.findings().size());
        }

        // 4. decide the outcome and assemble the report
        List<CoverageNote> coverage = new ArrayList<>(seen.coverage());
        firewall.flatMap(v -> reachabilityCoverage(matched.listeners(), v)).ifPresent(coverage::add);
        Verdict verdict = ExitPolicy.decide(matched.findings(), coverage, request.thresholds());
        long millis = (snapshot.nanos() + matchNanos) / 1_000_000;
        Map<Long, Firewall.View> read = new HashMap<>();
        namespaces.forEach((inode, view) -> view.ifPresent(v -> read.put(inode, v)));
        List<Publication> published = firewall.filter(v -> seen.host().namespace().isEmpty())
                .map(v -> Firewall.publications(v, matched.listeners().stream().map(AuditedListener::listener)
                        .toList(), read)).orElse(List.of());
        return Report.of(request.toolVersion(), started, millis, seen.host(), matched.listeners(),
                matched.findings(), coverage, matched.rules(), verdict, probes, published);
    }

    /**
     * Who can reach a listener: by the scanned namespace's firewall; a listener of another namespace
     * (a container under --all-namespaces) by that namespace's own, read through a process holding it,
     * with the scanned namespace's NAT publishing it; one whose namespace could not be read, not at all.
     */
    private static Optional<Reachability> reachability(Listener l, Snapshot s, Firewall.View v, Firewall.View publisher,
            Map<Long, Optional<Firewall.View>> namespaces, FirewallSource source) {
        if (s.host().namespace().isPresent()) {
            // one namespace audited on its own (--target-pid): its firewall, and the host's NAT publishing it
            return Optional.of(Firewall.reachability(l, v, publisher));
        }
        if (l.namespace().isPresent()) {
            // a container's own firewall and interfaces, read once per namespace through a process in it
            Optional<Integer> pid = l.primaryOwner().map(ProcessOwner::pid);
            Optional<Firewall.View> own = namespaces.computeIfAbsent(l.namespace().get().inode(),
                    k -> pid.flatMap(source::readIn));
            // the host's NAT may publish it: a container's published port is reached through the host
            return own.map(view -> Firewall.reachability(l, view, v));
        }
        return Optional.of(Firewall.reachability(l, v));
    }

    /** What made reachability unknown, for the report's coverage: a firewall not read, or other namespaces. */
    private static Optional<CoverageNote> reachabilityCoverage(List<AuditedListener> listeners, Firewall.View v) {
        // a construct the model cannot decide is named in the verdict itself; only a firewall (the host's
        // or a namespace's) that could not be read at all is a gap
        List<String> problems = new ArrayList<>();
        long unknown = 0;
        for (AuditedListener a : listeners) {
            Optional<String> unread = a.reachability().filter(r -> r.reach() == Reachability.Reach.UNKNOWN)
                    .flatMap(r -> r.verdicts().stream().filter(x -> x.outcome() == Reachability.Outcome.UNKNOWN)
                            .map(x -> x.decidedBy().isEmpty() ? "" : x.decidedBy().get(0))
                            .filter(d -> !d.startsWith("depends on") && !d.contains("too large to follow")
                                    && !d.contains("cannot read") && !d.contains("does not follow")
                                    && !d.startsWith("xt target")
                                    && !d.contains("which the ruleset does not define"))
                            .findFirst());
            if (unread.isPresent()) {
                unknown++;
                if (!problems.contains(unread.get())) {
                    problems.add(unread.get());
                }
            }
        }
        if (unknown == 0) {
            return Optional.empty();
        }
        String why = String.join("; ", problems);
        return Optional.of(new CoverageNote("reachability-unknown", (int) unknown, "who can reach " + unknown
                + " listener" + (unknown == 1 ? "" : "s") + " is unknown: " + why));
    }

    private record Timed<T>(T value, long nanos) {
    }

    private static Timed<Snapshot> collect(Request request) {
        long start = request.nanoTime().getAsLong();
        Snapshot s = collect(request.collector());
        return new Timed<>(s, request.nanoTime().getAsLong() - start);
    }

    /** Stage 1 alone, for commands that only record what listens ({@code baseline save}). */
    public static Snapshot collect(Collector collector) {
        try {
            return collector.collect();
        } catch (InvalidInputException e) {
            throw e; // a snapshot file that is not one: the user's input, not a failure of the host
        } catch (RuntimeException | LinkageError e) {
            throw new CollectionFailedException(e);
        }
    }

    private static void start(FutureTask<?> task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    /** A task's result, its failure rethrown as it was raised on the task's thread. */
    private static <T> T await(FutureTask<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectionFailedException(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error x) {
                throw x;
            }
            throw new CollectionFailedException(cause);
        }
    }
}
