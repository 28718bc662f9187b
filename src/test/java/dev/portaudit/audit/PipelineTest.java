package dev.portaudit.audit;

import static dev.portaudit.testing.Scenarios.AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.collect.Collector;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.Report;
import dev.portaudit.model.RuleInfo;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Snapshot;
import dev.portaudit.model.Verdict;
import dev.portaudit.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class PipelineTest {

    private static final Clock FIXED = Clock.fixed(AT, ZoneOffset.UTC);
    private static final ExitPolicy.Thresholds MEDIUM = new ExitPolicy.Thresholds(Optional.of(Severity.MEDIUM), false);

    private static Pipeline.Request request(Collector c, LongSupplier nanos) {
        return new Pipeline.Request(c, () -> new Pipeline.Criteria(Scenarios.table(),
                Scenarios.settings(Optional.empty())), MEDIUM, FIXED, nanos, "test");
    }

    @Test
    void loadsTheRulesWhileTheCollectorReads() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        AtomicBoolean overlapped = new AtomicBoolean();
        Collector waitsForLoading = () -> {
            try {
                // only returns early if the criteria are being loaded at the same time
                overlapped.set(loading.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Scenarios.mixed();
        };
        Report r = Pipeline.run(new Pipeline.Request(waitsForLoading, () -> {
            loading.countDown();
            return new Pipeline.Criteria(Scenarios.table(), Scenarios.settings(Optional.empty()));
        }, MEDIUM, FIXED, System::nanoTime, "test"));
        assertTrue(overlapped.get(), "collection and loading ran one after the other");
        assertEquals(Scenarios.mixed().listeners().size(), r.listeners().size());
    }

    @Test
    void durationCountsCollectionAndMatchingOnly() {
        // each thread has its own clock: the collecting thread's reads are 30 ms apart, the main thread's
        // (matching) 12 ms; loading the rules reads none, so however long it takes it is not counted
        AtomicLong collecting = new AtomicLong();
        AtomicLong main = new AtomicLong(5_000_000_000L);
        LongSupplier nanos = () -> Thread.currentThread().getName().equals("portaudit-collect")
                ? collecting.getAndAdd(30_000_000L) : main.getAndAdd(12_000_000L);
        Report r = Pipeline.run(request(Scenarios::mixed, nanos));
        assertEquals(42, r.durationMillis());
        assertEquals(AT, r.generatedAt());
    }

    @Test
    void theReportCarriesTheActiveRulesAndTheVerdict() {
        Report r = Pipeline.run(request(Scenarios::mixed, System::nanoTime));
        assertEquals(Verdict.Outcome.FINDINGS, r.verdict().outcome());
        assertEquals(r.findings().stream().filter(f -> !f.waived() && f.severity().atLeast(Severity.MEDIUM))
                .count(), r.verdict().failing());
        List<String> ids = r.rules().stream().map(RuleInfo::id).toList();
        assertTrue(ids.contains("privileged-bind"), ids.toString());
        assertTrue(!ids.contains("baseline-added") && !ids.contains("denied-listener"),
                "no baseline and no deny entries: those rules did not run: " + ids);
        assertEquals("privileged-bind", ids.get(0), "catalogue order");
        assertTrue(r.rules().stream().allMatch(x -> !x.summary().isEmpty() && !x.help().isEmpty()));
    }

    @Test
    void aPolicyOverrideIsTheRuleSeverityReportsShow() throws Exception {
        Path p = Files.createTempFile("policy", ".yaml");
        try {
            Files.writeString(p, "version: 1\nrules:\n  privileged-bind:\n    severity: high\n"
                    + "  dynamic-range-listener:\n    enabled: false\n");
            Report r = Scenarios.report(Scenarios.mixed(), Scenarios.settings(Optional.empty(), p));
            assertEquals(Severity.HIGH, r.rule("privileged-bind").orElseThrow().severity());
            assertTrue(r.rule("dynamic-range-listener").isEmpty(), "a disabled rule is not active");
            assertEquals(Severity.LOW, r.rule("unassigned-port").orElseThrow().severity(), "default kept");
        } finally {
            Files.delete(p);
        }
    }

    @Test
    void aHostThatCannotBeReadIsACollectionFailureAndABadSnapshotIsTheUsers() {
        Pipeline.CollectionFailedException failed = assertThrows(Pipeline.CollectionFailedException.class,
                () -> Pipeline.run(request(() -> {
                    throw new IllegalStateException("procfs vanished");
                }, System::nanoTime)));
        assertTrue(failed.getMessage().contains("procfs vanished"), failed.getMessage());
        InvalidInputException bad = new InvalidInputException("snap.txt: not a snapshot");
        assertSame(bad, assertThrows(InvalidInputException.class, () -> Pipeline.run(request(() -> {
            throw bad;
        }, System::nanoTime))));
    }

    @Test
    void aPolicyThatCannotLoadStopsTheRunWithItsOwnError() {
        InvalidInputException bad = new InvalidInputException("policy.yaml:1:1: not a policy");
        Snapshot s = Scenarios.mixed();
        assertSame(bad, assertThrows(InvalidInputException.class, () -> Pipeline.run(new Pipeline.Request(
                () -> s, () -> {
                    throw bad;
                }, MEDIUM, FIXED, System::nanoTime, "test"))));
    }
}
