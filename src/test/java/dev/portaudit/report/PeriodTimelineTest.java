package dev.portaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.Exposure;
import dev.portaudit.model.ListenerIdentity;
import dev.portaudit.model.PeriodReport;
import dev.portaudit.model.PeriodReport.PeriodFinding;
import dev.portaudit.model.PeriodReport.PeriodListener;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Tracked.Owner;
import dev.portaudit.model.Tracked.TrackedFinding;
import dev.portaudit.model.Tracked.TrackedListener;
import dev.portaudit.model.Transport;
import dev.portaudit.model.Waiver;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeriodTimelineTest {

    private static final Instant SINCE = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-11-03T00:00:00Z");

    private static TrackedListener listener(int port, String process) {
        return new TrackedListener(new ListenerIdentity(Transport.TCP, Exposure.WILDCARD, port, "/usr/bin/" + port),
                "0.0.0.0", Optional.of(new Owner(port, process, "root")));
    }

    private static PeriodFinding finding(int port, Severity s, Optional<Instant> raised, Optional<Instant> resolved,
            boolean waived) {
        return new PeriodFinding(new TrackedFinding("f" + port + s, "rule", s, "m", waived ? Optional.of(new Waiver(
                "r", "o", LocalDate.of(2027, 1, 1), "p.yaml:1:1")) : Optional.empty()), listener(port, "p"), raised,
                resolved);
    }

    private static PeriodReport report(List<PeriodListener> listeners, List<PeriodFinding> resolved,
            List<PeriodFinding> open) {
        return new PeriodReport("t", UNTIL, "h", SINCE, UNTIL, listeners, List.of(), List.of(), resolved, open,
                List.of(), List.of());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> v, String key) {
        return (List<Map<String, Object>>) v.get(key);
    }

    @Test
    void barsSpanTheOpenPartOfThePeriod() {
        Map<String, Object> v = PeriodTimeline.view(report(List.of(
                new PeriodListener(listener(22, "sshd"), Optional.empty(), Optional.empty()),
                new PeriodListener(listener(80, "nginx"), Optional.of(SINCE.plusSeconds(6 * 3600)),
                        Optional.of(SINCE.plusSeconds(18 * 3600)))), List.of(), List.of()));
        List<Map<String, Object>> rows = list(v, "rows");
        int left = PeriodTimeline.PLOT_LEFT;
        int w = PeriodTimeline.PLOT_WIDTH;
        assertEquals(left, rows.get(0).get("x"), "open before the period: from its start");
        assertEquals(w, rows.get(0).get("width"), "still open: to its end");
        assertEquals(left + w / 4, rows.get(1).get("x"));
        assertEquals(w * 3 / 4 - w / 4, (int) rows.get(1).get("width"), 1.0);
        assertEquals(List.of("11-02 00:00", "11-02 06:00", "11-02 12:00", "11-02 18:00", "11-03 00:00"),
                list(v, "ticks").stream().map(t -> t.get("label")).toList());
        assertFalse((Boolean) v.get("hasFindings"));
    }

    @Test
    void findingsAreCountedAtEachMomentWaivedOnesLeftOut() {
        Instant six = SINCE.plusSeconds(6 * 3600);
        Instant twelve = SINCE.plusSeconds(12 * 3600);
        Map<String, Object> v = PeriodTimeline.view(report(List.of(),
                List.of(finding(23, Severity.HIGH, Optional.of(six), Optional.of(twelve), false)),
                List.of(finding(22, Severity.LOW, Optional.empty(), Optional.empty(), false),
                        finding(25, Severity.LOW, Optional.of(six), Optional.empty(), false),
                        finding(26, Severity.CRITICAL, Optional.empty(), Optional.empty(), true))));
        assertEquals(3, v.get("peak"), "one low all day, a second low and a high from 06:00: three at most");
        List<Map<String, Object>> areas = list(v, "areas");
        assertEquals(List.of("high", "low"), areas.stream().map(a -> a.get("severity")).toList(),
                "the waived critical is not drawn");
        int base = PeriodTimeline.AXIS + PeriodTimeline.STEP_HEIGHT;
        int unit = PeriodTimeline.STEP_HEIGHT / 4; // three at most: gridlines to four
        String high = (String) areas.get(0).get("points");
        int x6 = PeriodTimeline.PLOT_LEFT + PeriodTimeline.PLOT_WIDTH / 4;
        int x12 = PeriodTimeline.PLOT_LEFT + PeriodTimeline.PLOT_WIDTH / 2;
        assertTrue(high.startsWith(PeriodTimeline.PLOT_LEFT + "," + base + " " + x6 + "," + base + " " + x6 + ","
                + (base - unit) + " " + x12 + "," + (base - unit) + " "), high);
        String low = (String) areas.get(1).get("points");
        assertTrue(low.startsWith(PeriodTimeline.PLOT_LEFT + "," + (base - unit) + " " + x6 + "," + (base - unit)
                + " " + x6 + "," + (base - 3 * unit) + " "), "stacked on the high band: " + low);
    }

    @Test
    void manyListenersAreCappedAndLabelsCut() {
        List<PeriodListener> many = new ArrayList<>();
        for (int i = 1; i <= PeriodTimeline.MAX_ROWS + 5; i++) {
            many.add(new PeriodListener(listener(i, "p".repeat(80)), Optional.empty(), Optional.empty()));
        }
        Map<String, Object> v = PeriodTimeline.view(report(many, List.of(), List.of()));
        assertEquals(PeriodTimeline.MAX_ROWS, list(v, "rows").size());
        assertEquals(5, v.get("hidden"));
        String label = (String) list(v, "rows").get(0).get("label");
        assertTrue(label.endsWith("…") && label.codePointCount(0, label.length()) == PeriodTimeline.LABEL_CHARS, label);
        assertTrue(((String) list(v, "rows").get(0).get("title")).contains("to the end of the period"));
    }

    @Test
    void gridlinesAtRoundCounts() {
        assertEquals(List.of(1, 1, 2, 4, 4, 5, 10, 20, 40, 50, 100), List.of(0, 1, 2, 3, 4, 5, 6, 11, 33, 41, 99)
                .stream().map(PeriodTimeline::niceCeiling).toList());
    }
}
