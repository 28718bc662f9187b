package dev.portaudit.agent;

import dev.portaudit.model.Checkpoint;
import dev.portaudit.model.ComplianceReport;
import dev.portaudit.model.ControlMap;
import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.JournalVerification;
import dev.portaudit.model.PeriodReport;
import dev.portaudit.model.Report;
import dev.portaudit.model.RuleInfo;
import dev.portaudit.report.ReportFormat;
import dev.portaudit.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent: scans every interval, journals what changed, keeps its checkpoint, and writes a report
 * per period. One thread; stopping is a signal it checks between steps, never an interrupt.
 */
public final class Agent {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** Periods missed while the agent was down that are still reported on its return. */
    static final int MAX_CATCH_UP = 31;

    /**
     * How the agent runs.
     *
     * @param interval      time between scans
     * @param reportEvery   length of a report period, if periodic reports are on
     * @param reportDir     where periodic reports go
     * @param reportFormats formats of periodic reports
     * @param toolVersion   portaudit's version, for reports
     * @param maxScans      stop after this many scans (0: run until stopped)
     * @param metricsFile   where the Prometheus textfile is refreshed after each scan, if anywhere
     * @param inputs        the policy and control files the agent judges by, named in its checkpoints
     * @param compliance    the frameworks whose compliance reports are written each period too
     * @param table         the port table's sources, which compliance reports name
     */
    public record Settings(Duration interval, Optional<Duration> reportEvery, Optional<Path> reportDir,
            List<ReportFormat> reportFormats, String toolVersion, int maxScans, Optional<Path> metricsFile,
            List<Checkpoint.Input> inputs, List<ControlMap.Framework> compliance,
            List<ComplianceReport.TableSource> table) {

        public Settings(Duration interval, Optional<Duration> reportEvery, Optional<Path> reportDir,
                List<ReportFormat> reportFormats, String toolVersion, int maxScans, Optional<Path> metricsFile) {
            this(interval, reportEvery, reportDir, reportFormats, toolVersion, maxScans, metricsFile, List.of(),
                    List.of(), List.of());
        }

        public Settings(Duration interval, Optional<Duration> reportEvery, Optional<Path> reportDir,
                List<ReportFormat> reportFormats, String toolVersion, int maxScans) {
            this(interval, reportEvery, reportDir, reportFormats, toolVersion, maxScans, Optional.empty());
        }
    }

    /** The longest the journal goes without a checkpoint while the agent runs, changes or not. */
    static final Duration CHECKPOINT_EVERY = Duration.ofHours(1);

    private final Settings settings;
    private final Supplier<Report> scan;
    private final Clock clock;
    private final Journal journal;
    private final StateStore store;
    private AgentState state;
    private int scans;
    private int attempts;
    private Optional<Report> lastRecorded = Optional.empty();
    private final Map<String, Long> eventsWritten = new TreeMap<>();
    private volatile AgentStatus status;
    private Optional<String> unrecorded = Optional.empty();
    /** Events found by scans whose journal write failed, written first by the next scan that can. */
    private final List<JournalEvent> pending = new ArrayList<>();
    static final int MAX_PENDING = 100_000;
    /** When this run of the agent last wrote a checkpoint; empty until its first recorded scan. */
    private Optional<Instant> lastCheckpoint = Optional.empty();

    /**
     * @param scan runs the scan pipeline once and returns its report
     */
    public Agent(Settings settings, Supplier<Report> scan, Clock clock, Journal journal, StateStore store) {
        this.settings = settings;
        this.scan = scan;
        this.clock = clock;
        this.journal = journal;
        this.store = store;
    }

    /** Loads the checkpoint and folds in the journal's events written after it. */
    public void start() throws IOException {
        List<String> warnings = new ArrayList<>();
        state = store.load(journal.file(), warnings);
        warnings.forEach(w -> LOG.warn("{}", w));
        LOG.info("agent started: {} listeners and {} findings known, last event #{}", state.listeners().size(),
                state.findings().size(), state.seq());
    }

    public AgentState state() {
        return state;
    }

    public int scans() {
        return scans;
    }

    /**
     * One scan: run the pipeline, log the changes and journal them (forced to disk, after any that an
     * earlier scan could not write), move the checkpoint, then reports and rotation. A stop that
     * arrives during the scan abandons it.
     *
     * @return the events written, empty when the scan was abandoned
     */
    public Optional<List<JournalEvent>> scanOnce(StopSignal stop) throws IOException {
        Report report = scan.get();
        if (stop.stopped()) {
            LOG.info("stop requested during a scan; the scan is abandoned");
            return Optional.empty();
        }
        Instant started = report.generatedAt();
        List<JournalEvent> events = Changes.between(state, report, state.seq() + 1, started);
        if (state.beforeFirstScan()) {
            // what the first scan finds was there before the agent watched: no change happened
            events = events.stream().map(JournalEvent::asInventory).toList();
            state.firstScan(started);
        }
        events.forEach(state::apply);
        events.forEach(EventLog::log);
        pending.addAll(events);
        // A checkpoint vouches for what this run wrote, and says what it judged by: at its first scan
        // (after a restart, perhaps with another policy), after every scan that wrote events, and at
        // least every CHECKPOINT_EVERY, so that a quiet journal still shows it was watched.
        boolean due = !pending.isEmpty() || lastCheckpoint.isEmpty()
                || !started.isBefore(lastCheckpoint.get().plus(CHECKPOINT_EVERY));
        Optional<Checkpoint> checkpoint = due ? Optional.of(new Checkpoint(state.seq(), started,
                report.host().hostname(), settings.toolVersion(), settings.inputs(),
                report.rules().stream().map(RuleInfo::id).toList(), Optional.empty())) : Optional.empty();
        try {
            journal.append(pending, checkpoint);
            checkpoint.ifPresent(c -> lastCheckpoint = Optional.of(started));
            state.head(journal.head());
        } catch (IOException e) {
            if (pending.size() > MAX_PENDING) {
                // Held long enough: give them up and continue from what the journal holds, which
                // stays consistent (a listener's open and close are both lost, never one of them).
                LOG.error("{} events could not be written and are given up; the journal continues from its "
                        + "last recorded state", pending.size());
                pending.clear();
                state = store.load(journal.file(), new ArrayList<>());
            }
            throw e;
        }
        pending.forEach(e -> eventsWritten.merge(e.type().id(), 1L, Long::sum));
        pending.clear();
        store.save(state);
        scans++;
        lastRecorded = Optional.of(report);
        periodicReports(started);
        if (journal.rotateIfDue(started, state.journalStarted()).isPresent()) {
            state.journalStarted(Optional.empty());
            store.save(state);
        }
        return Optional.of(events);
    }

    /**
     * The textfile node_exporter serves: the last recorded scan's metrics and the agent's own, so an
     * alert can fire on a scan that is old ({@code time() - portaudit_agent_last_success_timestamp_seconds})
     * or failing. Written whole or not at all; a failure is logged and the agent goes on.
     */
    private void writeMetrics(Path file) {
        try {
            AtomicFiles.write(file, out -> AgentMetrics.write(out, lastRecorded, attempts, scans, settings.interval()));
        } catch (IOException e) {
            LOG.warn("cannot write the metrics file {}: {}", file, AtomicFiles.describe(e));
        }
    }

    /** What the agent says of itself now: its last recorded scan and its counters (read from any thread). */
    public AgentStatus status() {
        AgentStatus s = status;
        return s != null ? s : new AgentStatus(Optional.empty(), 0, 0, Map.of(), settings.interval(),
                settings.toolVersion());
    }

    /** Why the last scan could not be recorded, if it could not. */
    public Optional<String> unrecorded() {
        return unrecorded;
    }

    /** Scans at a fixed rate until stopped; a scan that overruns skips the slots it missed. */
    public void run(StopSignal stop) throws IOException {
        Instant next = clock.instant();
        while (!stop.stopped()) {
            try {
                scanOnce(stop);
                unrecorded = Optional.empty();
            } catch (IOException e) {
                // A full disk or a lost directory: nothing half-written stays behind (the journal is
                // cut back, the state replaced whole); the changes are held and written, in order,
                // by the next scan that can write.
                unrecorded = Optional.of(AtomicFiles.describe(e));
                LOG.error("scan not recorded, retrying at the next interval: cannot write the journal, state or "
                        + "reports ({})", unrecorded.get());
                LOG.debug("write failure", e);
            } catch (RuntimeException e) {
                LOG.error("scan failed, retrying at the next interval: {}", e.toString());
                LOG.debug("scan failure", e);
            }
            attempts++;
            status = new AgentStatus(lastRecorded, attempts, scans, eventsWritten, settings.interval(),
                    settings.toolVersion());
            settings.metricsFile().ifPresent(this::writeMetrics);
            if (settings.maxScans() > 0 && attempts >= settings.maxScans()) {
                break;
            }
            Instant now = clock.instant();
            next = next.plus(settings.interval());
            while (!next.isAfter(now)) {
                next = next.plus(settings.interval());
            }
            if (stop.await(Duration.between(now, next))) {
                break;
            }
        }
        journal.close();
        LOG.info("agent stopped after {} scans", scans);
    }

    private void periodicReports(Instant now) throws IOException {
        if (settings.reportEvery().isEmpty() || settings.reportDir().isEmpty()) {
            return;
        }
        Duration every = settings.reportEvery().get();
        Instant boundary = floor(now, every);
        if (state.lastReport().isEmpty()) {
            state.lastReport(boundary);
            store.save(state);
            return;
        }
        Instant from = state.lastReport().get();
        if (!boundary.isAfter(from)) {
            return;
        }
        long periods = Duration.between(from, boundary).dividedBy(every);
        if (periods > MAX_CATCH_UP) {
            from = boundary.minus(every.multipliedBy(MAX_CATCH_UP));
        }
        JournalReader.Result all = JournalReader.readAll(journal.file());
        // the journal as written so far, checked with the agent's own key: each report says whether it held
        JournalVerification verified = JournalVerifier.verify(journal.file(), journal.publicKey(),
                Optional.of(store.file()));
        if (!verified.whole()) {
            LOG.warn("the journal is not whole: {}", verified.summary());
        }
        for (Instant p = from; p.isBefore(boundary); p = p.plus(every)) {
            writePeriodReport(PeriodReports.build(all.events(), all.warnings(), p, p.plus(every),
                    settings.toolVersion(), now).verified(verified));
            for (ControlMap.Framework fw : settings.compliance()) {
                writeComplianceReport(ComplianceReports.build(all, new ComplianceReports.Request(fw, verified,
                        settings.table(), settings.toolVersion()), p, p.plus(every), now));
            }
        }
        state.lastReport(boundary);
        store.save(state);
    }

    private void writePeriodReport(PeriodReport r) throws IOException {
        Path dir = settings.reportDir().orElseThrow();
        Files.createDirectories(dir);
        for (ReportFormat f : settings.reportFormats()) {
            Path file = dir.resolve("portaudit-" + FILE_STAMP.format(r.since()) + "-" + FILE_STAMP.format(r.until())
                    + "." + f.extension());
            AtomicFiles.write(file, out -> PeriodReportFormats.write(r, f, out));
            LOG.info("period report written: {}", file);
        }
    }

    private void writeComplianceReport(ComplianceReport r) throws IOException {
        Path dir = settings.reportDir().orElseThrow();
        for (ReportFormat f : settings.reportFormats()) {
            if (!ComplianceReports.FORMATS.contains(f)) {
                continue; // markdown: the compliance report is for paper and for tools
            }
            Path file = dir.resolve("portaudit-compliance-" + r.framework().id() + "-" + FILE_STAMP.format(r.since())
                    + "-" + FILE_STAMP.format(r.until()) + "." + f.extension());
            AtomicFiles.write(file, out -> ComplianceReports.write(r, f, out));
            LOG.info("compliance report written: {}", file);
        }
    }

    /** The start of the period that {@code t} falls in, periods counted from the epoch. */
    static Instant floor(Instant t, Duration every) {
        long ms = every.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
    }
}
