package dev.portaudit.agent;

import dev.portaudit.model.Finding;
import dev.portaudit.model.JournalEvent;
import dev.portaudit.model.JournalEvent.Type;
import dev.portaudit.model.ListenerIdentity;
import dev.portaudit.model.Report;
import dev.portaudit.model.Tracked.TrackedFinding;
import dev.portaudit.model.Tracked.TrackedListener;
import dev.portaudit.model.Fingerprints;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What changed between the agent's state and a new scan, as journal events: listeners by stable
 * identity (a restart with a new pid is no change), who can reach a listener that stayed (where the
 * firewall was judged), findings by fingerprint. Closed, opened, exposure changes, resolved, then
 * raised; each group is in a stable order.
 */
public final class Changes {

    private Changes() {
    }

    public static List<JournalEvent> between(AgentState state, Report report, long firstSeq, Instant time) {
        String host = report.host().hostname();
        Map<ListenerIdentity, TrackedListener> now = new LinkedHashMap<>();
        report.listeners().forEach(a -> now.putIfAbsent(ListenerIdentity.of(a.listener()), TrackedListener.of(a)));
        Map<String, AgentState.Finding> found = new LinkedHashMap<>();
        for (Finding f : report.findings()) {
            TrackedFinding t = new TrackedFinding(Fingerprints.of(f), f.rule(), f.severity(), f.message(), f.waiver());
            found.putIfAbsent(t.fingerprint(), new AgentState.Finding(t, TrackedListener.of(f.listener())));
        }
        List<JournalEvent> events = new ArrayList<>();
        // what stayed is paired by stable name (or, against state journalled before names were, by executable)
        ListenerIdentity.Index<TrackedListener> before = new ListenerIdentity.Index<>(state.listeners().values(),
                TrackedListener::identity);
        ListenerIdentity.Index<TrackedListener> after = new ListenerIdentity.Index<>(now.values(),
                TrackedListener::identity);
        state.listeners().values().stream().filter(l -> after.find(l.identity()).isEmpty())
                .sorted(TrackedListener.ORDER)
                .forEach(l -> events.add(event(Type.LISTENER_CLOSED, time, host, l, Optional.empty())));
        now.values().stream().filter(l -> before.find(l.identity()).isEmpty())
                .sorted(TrackedListener.ORDER)
                .forEach(l -> events.add(event(Type.LISTENER_OPENED, time, host, l, Optional.empty())));
        // the listener stayed, but who can reach it changed: a firewall reload, a rule added or removed
        for (TrackedListener l : state.listeners().values().stream().sorted(TrackedListener.ORDER).toList()) {
            Optional<TrackedListener> stays = after.find(l.identity());
            if (stays.isPresent() && stays.get().reach().isPresent() && !stays.get().reach().equals(l.reach())) {
                events.add(new JournalEvent(0, Type.EXPOSURE_CHANGED, time, host, l.withReach(stays.get()),
                        Optional.empty(), false, Optional.of(l.reach().orElse("not judged"))));
            }
        }
        Comparator<AgentState.Finding> order = Comparator.comparing((AgentState.Finding f) -> f.listener(),
                TrackedListener.ORDER).thenComparing(f -> f.finding().rule());
        Set<String> stayed = new HashSet<>();
        List<AgentState.Finding> resolved = new ArrayList<>();
        Map<String, List<AgentState.Finding>> foundByExecutable = new HashMap<>();
        found.values().forEach(f -> foundByExecutable.computeIfAbsent(byExecutable(f), k -> new ArrayList<>()).add(f));
        for (AgentState.Finding f : state.findings().values()) {
            Optional<AgentState.Finding> still = Optional.ofNullable(found.get(f.finding().fingerprint()))
                    .or(() -> foundByExecutable.getOrDefault(byExecutable(f), List.of()).stream()
                            .filter(n -> n.listener().identity().name().isEmpty()
                                    || f.listener().identity().name().isEmpty()).findFirst());
            still.ifPresentOrElse(n -> stayed.add(n.finding().fingerprint()), () -> resolved.add(f));
        }
        resolved.stream().sorted(order).forEach(f -> events.add(event(Type.FINDING_RESOLVED, time, host, f.listener(),
                Optional.of(f.finding()))));
        found.values().stream().filter(f -> !stayed.contains(f.finding().fingerprint())).sorted(order)
                .forEach(f -> events.add(event(Type.FINDING_RAISED, time, host, f.listener(),
                        Optional.of(f.finding()))));
        List<JournalEvent> numbered = new ArrayList<>(events.size());
        long seq = firstSeq;
        for (JournalEvent e : events) {
            numbered.add(e.withSeq(seq++, time));
        }
        return numbered;
    }

    /**
     * The finding's fingerprint by executable: how one recorded without a stable name (journalled by an
     * older version, or its unit unread at the time) is recognised, as listeners are.
     */
    private static String byExecutable(AgentState.Finding f) {
        TrackedListener l = f.listener();
        return Fingerprints.byExecutable(f.finding().rule(), l.identity().protocol(), l.address(), l.identity().port(),
                l.identity().executable());
    }

    private static JournalEvent event(Type type, Instant time, String host, TrackedListener l,
            Optional<TrackedFinding> f) {
        return new JournalEvent(0, type, time, host, l, f);
    }
}
