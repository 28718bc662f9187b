package dev.portaudit.agent;

import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.ListenerIdentity;
import dev.portaudit.model.PeriodReport.PeriodFinding;
import dev.portaudit.model.PeriodReport.PeriodListener;
import dev.portaudit.model.PeriodReport;
import dev.portaudit.model.Tracked.TrackedListener;
import dev.portaudit.model.Waiver;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds a period's report by replaying the journal: the state at the start, then the period's events. */
public final class PeriodReports {

    private PeriodReports() {
    }

    public static PeriodReport build(List<JournalEvent> events, List<String> warnings, Instant since, Instant until,
            String toolVersion, Instant generatedAt) {
        AgentState state = new AgentState();
        String host = events.isEmpty() ? "" : events.get(events.size() - 1).host();
        int i = 0;
        while (i < events.size() && events.get(i).time().isBefore(since)) {
            state.apply(events.get(i++));
        }
        Map<ListenerIdentity, PeriodListener> listeners = new LinkedHashMap<>();
        state.listeners().values().forEach(l -> listeners.put(l.identity(),
                new PeriodListener(l, Optional.empty(), Optional.empty())));
        Map<String, PeriodFinding> open = new LinkedHashMap<>();
        state.findings().values().forEach(f -> open.put(f.finding().fingerprint(),
                new PeriodFinding(f.finding(), f.listener(), Optional.empty(), Optional.empty())));
        List<PeriodListener> closedEarlier = new ArrayList<>();
        List<JournalEvent> changes = new ArrayList<>();
        List<PeriodFinding> raised = new ArrayList<>();
        List<PeriodFinding> resolved = new ArrayList<>();
        for (; i < events.size() && events.get(i).time().isBefore(until); i++) {
            JournalEvent e = events.get(i);
            ListenerIdentity id = e.listener().identity();
            switch (e.type()) {
                case LISTENER_OPENED -> {
                    PeriodListener before = listeners.remove(id);
                    if (before != null) {
                        closedEarlier.add(before);
                    }
                    listeners.put(id, new PeriodListener(e.listener(), Optional.of(e.time()), Optional.empty(),
                            e.inventory()));
                    if (!e.inventory()) {
                        changes.add(e);
                    }
                }
                case LISTENER_CLOSED -> {
                    PeriodListener before = listeners.get(id);
                    listeners.put(id, new PeriodListener(before == null ? e.listener() : before.listener(),
                            before == null ? Optional.empty() : before.openedAt(), Optional.of(e.time()),
                            before != null && before.inventory()));
                    changes.add(e);
                }
                case EXPOSURE_CHANGED -> {
                    PeriodListener before = listeners.get(id);
                    listeners.put(id, new PeriodListener(e.listener(), before == null ? Optional.empty()
                            : before.openedAt(), Optional.empty(), before != null && before.inventory()));
                    changes.add(e);
                }
                case FINDING_RAISED -> {
                    PeriodFinding f = new PeriodFinding(e.finding().orElseThrow(), e.listener(), Optional.of(e.time()),
                            Optional.empty(), e.inventory());
                    open.put(f.finding().fingerprint(), f);
                    if (!e.inventory()) {
                        raised.add(f);
                    }
                }
                case FINDING_RESOLVED -> {
                    PeriodFinding before = open.remove(e.finding().orElseThrow().fingerprint());
                    resolved.add(new PeriodFinding(e.finding().orElseThrow(), e.listener(),
                            before == null ? Optional.empty() : before.raisedAt(), Optional.of(e.time()),
                            before != null && before.inventory()));
                }
            }
        }
        if (!events.isEmpty() && host.isEmpty()) {
            host = events.get(0).host();
        }
        List<PeriodListener> all = new ArrayList<>(closedEarlier);
        all.addAll(listeners.values());
        all.sort(Comparator.comparing(PeriodListener::listener, TrackedListener.ORDER)
                .thenComparing(p -> p.openedAt().orElse(Instant.MIN)));
        List<PeriodFinding> stillOpen = new ArrayList<>(open.values());
        Comparator<PeriodFinding> order = Comparator.comparing((PeriodFinding f) -> f.finding().severity())
                .reversed().thenComparing(PeriodFinding::listener, TrackedListener.ORDER)
                .thenComparing(f -> f.finding().rule());
        stillOpen.sort(order);
        LocalDate end = LocalDate.ofInstant(until, ZoneOffset.UTC);
        // an allow entry's acceptance has no expiry, so it is never among the waivers expiring soon
        List<PeriodFinding> soon = stillOpen.stream().filter(f -> f.finding().waiver().flatMap(Waiver::expires)
                .map(d -> !d.isAfter(end.plusDays(PeriodReport.SOON_DAYS))).orElse(false))
                .sorted(Comparator.comparing(f -> f.finding().waiver().flatMap(Waiver::expires).orElseThrow()))
                .toList();
        return new PeriodReport(toolVersion, generatedAt, host, since, until, all, changes, raised, resolved,
                stillOpen, soon, warnings);
    }
}
