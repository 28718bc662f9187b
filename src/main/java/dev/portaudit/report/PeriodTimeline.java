package dev.portaudit.report;

import dev.portaudit.model.Exposure;
import dev.portaudit.model.PeriodReport;
import dev.portaudit.model.PeriodReport.PeriodFinding;
import dev.portaudit.model.PeriodReport.PeriodListener;
import dev.portaudit.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The period report's picture of time, as numbers for the template's inline SVG: one bar per
 * listener for the part of the period it was open, and the findings open at each moment stacked
 * by severity. Everything is computed from the report; nothing is fetched or scripted.
 */
final class PeriodTimeline {

    /** Drawing units of the SVG's viewBox; the page scales it to its width. */
    static final int WIDTH = 1000;
    static final int LABEL_WIDTH = 300;
    static final int PLOT_LEFT = LABEL_WIDTH + 10;
    static final int PLOT_WIDTH = WIDTH - PLOT_LEFT - 28; // room for the last tick's label
    static final int ROW = 18;
    static final int AXIS = 22;
    static final int STEP_HEIGHT = 120;
    /** More rows than a reviewer can follow in one picture; the table below lists them all. */
    static final int MAX_ROWS = 120;
    static final int LABEL_CHARS = 46;
    static final Map<Exposure, String> EXPOSURE_COLORS = Map.of(Exposure.PUBLIC, "#9f1239",
            Exposure.WILDCARD, "#c2410c", Exposure.PRIVATE, "#b45309", Exposure.LINK_LOCAL, "#0e7490",
            Exposure.LOOPBACK, "#64748b");
    static final Map<Severity, String> SEVERITY_COLORS = Map.of(Severity.CRITICAL, "#8e1b1b", Severity.HIGH,
            "#d0361f", Severity.MEDIUM, "#e08a00", Severity.LOW, "#2f6fb3", Severity.INFO, "#6b7789");

    private final Instant since;
    private final long span;

    private PeriodTimeline(PeriodReport r) {
        this.since = r.since();
        this.span = Math.max(1, Duration.between(r.since(), r.until()).toMillis());
    }

    /** The template's view of both charts. */
    static Map<String, Object> view(PeriodReport r) {
        return new PeriodTimeline(r).build(r);
    }

    private Map<String, Object> build(PeriodReport r) {
        Map<String, Object> v = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        int shown = Math.min(r.listeners().size(), MAX_ROWS);
        for (int i = 0; i < shown; i++) {
            PeriodListener p = r.listeners().get(i);
            Instant from = p.openedAt().filter(t -> t.isAfter(since)).orElse(since);
            Instant to = p.closedAt().orElse(r.until());
            int x = x(from);
            int y = AXIS + i * ROW;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", label(TerminalText.safe(p.listener().endpoint() + " " + PeriodText.owner(p.listener()))));
            m.put("textY", y + 13);
            m.put("y", y + 4);
            m.put("x", x);
            m.put("width", Math.max(2, x(to) - x));
            m.put("color", EXPOSURE_COLORS.get(p.listener().identity().exposure()));
            m.put("exposure", p.listener().identity().exposure().id());
            m.put("title", TerminalText.safe(p.listener().endpoint() + ": " + PeriodText.opened(p) + " to "
                    + PeriodText.time(p.closedAt(), "the end of the period")));
            rows.add(m);
        }
        int height = AXIS + shown * ROW + 4;
        v.put("rows", rows);
        v.put("hasRows", !rows.isEmpty());
        v.put("listenerHeight", height);
        v.put("hidden", r.listeners().size() - shown);
        v.put("hasHidden", r.listeners().size() > shown);
        v.put("ticks", ticks(r.until(), height));
        v.put("legend", EXPOSURE_LEGEND);
        v.putAll(findings(r));
        v.put("width", WIDTH);
        v.put("plotLeft", PLOT_LEFT);
        v.put("plotRight", PLOT_LEFT + PLOT_WIDTH);
        return v;
    }

    /** Cut to what fits left of the plot; the bar's tooltip and the table keep the whole text. */
    static String label(String text) {
        return text.codePointCount(0, text.length()) <= LABEL_CHARS ? text
                : text.substring(0, text.offsetByCodePoints(0, LABEL_CHARS - 1)) + "…";
    }

    private static final List<Map<String, Object>> EXPOSURE_LEGEND = legend();

    private static List<Map<String, Object>> legend() {
        List<Map<String, Object>> l = new ArrayList<>();
        for (Exposure e : Exposure.values()) {
            l.add(Map.of("name", e.id(), "color", EXPOSURE_COLORS.get(e)));
        }
        return l;
    }

    /**
     * Findings open at each moment, unwaived ones only (a waived finding is accepted risk, shown in
     * the tables), stacked from the most severe at the bottom. Every finding that existed in the
     * period is either still open at its end or resolved in it.
     */
    private Map<String, Object> findings(PeriodReport r) {
        List<PeriodFinding> all = new ArrayList<>(r.resolved());
        all.addAll(r.open());
        all.removeIf(f -> f.finding().waiver().isPresent());
        TreeSet<Instant> times = new TreeSet<>();
        times.add(since);
        for (PeriodFinding f : all) {
            f.raisedAt().filter(t -> t.isAfter(since)).ifPresent(times::add);
            f.resolvedAt().ifPresent(times::add);
        }
        List<Instant> steps = new ArrayList<>(times);
        Severity[] order = {Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO};
        int[][] counts = new int[order.length][steps.size()];
        int max = 0;
        for (int s = 0; s < steps.size(); s++) {
            Instant t = steps.get(s);
            int total = 0;
            for (PeriodFinding f : all) {
                boolean open = f.raisedAt().map(x -> !x.isAfter(t)).orElse(true)
                        && f.resolvedAt().map(x -> x.isAfter(t)).orElse(true);
                if (open) {
                    for (int k = 0; k < order.length; k++) {
                        if (order[k] == f.finding().severity()) {
                            counts[k][s]++;
                        }
                    }
                    total++;
                }
            }
            max = Math.max(max, total);
        }
        int top = niceCeiling(max);
        int base = AXIS + STEP_HEIGHT;
        List<Map<String, Object>> areas = new ArrayList<>();
        int[] below = new int[steps.size()];
        for (int k = 0; k < order.length; k++) {
            boolean any = false;
            for (int c : counts[k]) {
                any |= c > 0;
            }
            if (!any) {
                continue;
            }
            int[] above = new int[steps.size()];
            for (int s = 0; s < steps.size(); s++) {
                above[s] = below[s] + counts[k][s];
            }
            areas.add(Map.of("severity", order[k].id(), "color", SEVERITY_COLORS.get(order[k]),
                    "points", stepArea(steps, below, above, top, base)));
            below = above;
        }
        List<Map<String, Object>> levels = new ArrayList<>();
        for (int n = 0; n <= top; n += Math.max(1, top / 4)) {
            int y = y(n, top, base);
            levels.add(Map.of("y", y, "textY", y + 4, "count", n, "levelX", PLOT_LEFT - 4));
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("areas", areas);
        v.put("levels", levels);
        v.put("findingHeight", base + 4);
        v.put("findingTicks", ticks(since.plusMillis(span), base));
        v.put("peak", max);
        v.put("hasFindings", max > 0);
        v.put("severityLegend", areas.stream().map(a -> Map.of("name", a.get("severity"), "color", a.get("color")))
                .toList());
        return v;
    }

    /** The outline of a stacked step band: along its top from left to right, back along its bottom. */
    private String stepArea(List<Instant> steps, int[] below, int[] above, int top, int base) {
        StringBuilder b = new StringBuilder();
        int end = PLOT_LEFT + PLOT_WIDTH;
        for (int s = 0; s < steps.size(); s++) {
            int x0 = x(steps.get(s));
            int x1 = s + 1 < steps.size() ? x(steps.get(s + 1)) : end;
            int y = y(above[s], top, base);
            b.append(x0).append(',').append(y).append(' ').append(x1).append(',').append(y).append(' ');
        }
        for (int s = steps.size() - 1; s >= 0; s--) {
            int x0 = x(steps.get(s));
            int x1 = s + 1 < steps.size() ? x(steps.get(s + 1)) : end;
            int y = y(below[s], top, base);
            b.append(x1).append(',').append(y).append(' ').append(x0).append(',').append(y).append(' ');
        }
        return b.toString().strip();
    }

    private static int y(int count, int top, int base) {
        return base - count * STEP_HEIGHT / Math.max(1, top);
    }

    /** The smallest of 1, 2, 4, 5, 10, 20, 40, 50, … at or above n: gridlines at round counts. */
    static int niceCeiling(int n) {
        int scale = 1;
        while (true) {
            for (int m : new int[] {1, 2, 4, 5}) {
                if (m * scale >= n) {
                    return m * scale;
                }
            }
            scale *= 10;
        }
    }

    int x(Instant t) {
        long ms = Math.max(0, Math.min(span, Duration.between(since, t).toMillis()));
        return PLOT_LEFT + (int) (ms * PLOT_WIDTH / span);
    }

    /** Gridlines at round times: hours within a day or two, days within a few weeks, else weeks. */
    private List<Map<String, Object>> ticks(Instant until, int height) {
        Duration d = Duration.ofMillis(span);
        Duration step = d.toHours() <= 6 ? Duration.ofHours(1) : d.toHours() <= 48 ? Duration.ofHours(6)
                : d.toDays() <= 16 ? Duration.ofDays(1) : d.toDays() <= 62 ? Duration.ofDays(7) : Duration.ofDays(30);
        DateTimeFormatter f = DateTimeFormatter.ofPattern(step.toDays() >= 1 ? "MM-dd" : "MM-dd HH:mm")
                .withZone(ZoneOffset.UTC);
        long stepMs = step.toMillis();
        Instant first = Instant.ofEpochMilli(Math.floorDiv(since.toEpochMilli() + stepMs - 1, stepMs) * stepMs);
        List<Map<String, Object>> ticks = new ArrayList<>();
        for (Instant t = first; !t.isAfter(until) && ticks.size() < 40; t = t.plus(step)) {
            ticks.add(Map.of("x", x(t), "label", f.format(t), "bottom", height));
        }
        return ticks;
    }
}
