package dev.portaudit.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Exposure;
import dev.portaudit.model.Finding;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.PortRange;
import dev.portaudit.model.Publication;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Report;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Waiver;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One self-contained HTML file for a compliance reviewer: no scripts, no fonts or images fetched,
 * charts drawn as inline SVG, readable on screen and on paper. The template engine escapes every
 * value; strings from the system additionally have control characters made visible.
 */
public final class HtmlReporter implements Reporter {

    private static final String TEMPLATE = "report.html.mustache";
    private static final Mustache MUSTACHE = compile(TEMPLATE);
    private static final int BAR_MAX = 160;
    private static final Map<String, String> COLORS = Map.of("critical", "#8e1b1b", "high", "#d0361f",
            "medium", "#e08a00", "low", "#2f6fb3", "info", "#6b7789");
    private static final int SOON_DAYS = 30;

    /** Compiles a template of portaudit/report/ (partials such as the shared styles resolve there too). */
    static Mustache compile(String name) {
        try {
            return new DefaultMustacheFactory("portaudit/report").compile(name);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the jar is incomplete: template " + name + " cannot be read", e);
        }
    }

    @Override
    public void write(Report r, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        MUSTACHE.execute(w, view(r)).flush();
    }

    static Map<String, Object> view(Report r) {
        HostFacts h = r.host();
        KernelSettings k = h.settings();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("version", r.toolVersion());
        v.put("hostname", s(h.hostname().isEmpty() ? "this host" : h.hostname()));
        v.put("os", s(h.os().isEmpty() ? "unknown operating system" : h.os()));
        v.put("kernel", s(h.kernel()));
        v.put("kernelOrUnknown", h.kernel().isEmpty() ? "unknown" : s(h.kernel()));
        v.put("elevated", h.elevated());
        v.put("generatedAt", r.generatedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        v.put("duration", r.durationMillis() + " ms");
        v.put("ephemeral", k.hasEphemeralRange() ? k.ephemeralFirst().getAsInt() + "–" + k.ephemeralLast().getAsInt()
                : "unknown");
        v.put("unprivileged", k.unprivilegedPortStart().isPresent() ? k.unprivilegedPortStart().getAsInt()
                + (k.privilegedPortsOpened() ? " (lowered)" : "") : "unknown");
        v.put("bindv6only", k.ipv6BindV6Only().map(b -> b ? "yes (bindv6only 1)" : "no (bindv6only 0)").orElse("unknown"));
        String highest = r.summary().highestSeverity().map(Severity::id).orElse("none");
        v.put("highest", highest);
        v.put("highestText", highest.equals("none") ? "no findings" : highest.toUpperCase(Locale.ROOT));
        v.put("findingCount", r.summary().findings());
        v.put("findingPlural", r.summary().findings() == 1 ? "" : "s");
        v.put("waivedCount", r.summary().waived());
        v.put("listenerCount", r.summary().listeners());
        v.put("ownersUnknown", r.summary().ownersUnknown());
        v.put("charts", charts(r));
        v.put("hasCoverage", !r.coverage().isEmpty());
        v.put("coverage", r.coverage().stream().map(c -> Map.of("message", s(c.message()))).toList());
        v.put("hasPublished", !r.published().isEmpty());
        v.put("published", r.published().stream().map(p -> Map.of("what", s(p.describe()), "behind",
                s(p.behind().describe()), "none", p.behind() == Publication.Behind.NONE)).toList());
        List<List<Listener>> twins = Twins.group(r.listeners().stream().map(AuditedListener::listener).toList());
        List<Map<String, Object>> cards = Twins.findings(r.findings(), twins).stream().map(HtmlReporter::finding)
                .toList();
        // on paper a remediation is printed once: the first card of a rule carries it for the rest
        Set<Object> shown = new HashSet<>();
        cards.forEach(c -> c.put("fixAgain", !shown.add(List.of(c.get("rule"), c.get("remediation")))));
        v.put("findings", cards);
        LocalDate today = LocalDate.ofInstant(r.generatedAt(), ZoneOffset.UTC);
        List<Map<String, Object>> waivers = new ArrayList<>();
        for (Finding f : r.findings()) {
            f.waiver().ifPresent(w -> {
                long days = w.expires().map(d -> ChronoUnit.DAYS.between(today, d)).orElse(Long.MAX_VALUE);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("rule", f.rule());
                m.put("endpoint", f.listener().endpoint());
                m.put("owner", s(w.owner()));
                m.put("expires", w.expires().map(LocalDate::toString).orElse("no expiry (an allow entry accepts it)"));
                m.put("soon", days <= SOON_DAYS);
                m.put("days", days);
                m.put("reason", s(w.reason()));
                waivers.add(m);
            });
        }
        v.put("waivers", waivers);
        v.put("hasWaivers", !waivers.isEmpty());
        Map<Listener, List<Finding>> byListener = r.findingsByListener();
        Map<Listener, AuditedListener> audited = new IdentityHashMap<>();
        r.listeners().forEach(a -> audited.put(a.listener(), a));
        v.put("listeners", twins.stream().map(g -> listener(g.stream().map(audited::get).toList(), byListener))
                .toList());
        v.put("hasListeners", !r.listeners().isEmpty());
        return v;
    }

    /** One card for a finding, or for the same finding on IPv4/IPv6 twins: both addresses, each message. */
    private static Map<String, Object> finding(List<Finding> twins) {
        Finding f = twins.get(0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("severity", f.severity().id());
        m.put("rule", f.rule());
        m.put("endpoint", f.listener().endpoint() + twins.stream().skip(1)
                .map(t -> " · " + t.listener().endpoint().substring(t.listener().protocol().id().length() + 1))
                .collect(Collectors.joining()));
        m.put("waived", f.waived());
        m.put("messages", twins.stream().map(t -> s(t.message())).distinct().toList());
        m.put("remediation", s(f.remediation()));
        m.put("waiver", f.waiver().map(HtmlReporter::waiver).orElse(null));
        m.put("controls", f.controls().isEmpty() ? null : String.join(", ", f.controls()));
        return m;
    }

    /** A row of the listener table: one socket, or IPv4/IPv6 twins, which share everything but the address. */
    private static Map<String, Object> listener(List<AuditedListener> twins, Map<Listener, List<Finding>> byListener) {
        AuditedListener a = twins.get(0);
        Listener l = a.listener();
        List<Finding> findings = twins.stream().flatMap(t -> byListener.getOrDefault(t.listener(), List.of()).stream())
                .toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", l.protocol().id());
        m.put("addresses", twins.stream().map(t -> Map.of("address", t.listener().address(), "dualStack",
                t.listener().dualStack())).toList());
        m.put("port", l.port());
        // twins may differ in what the firewall lets through (IPv4 and IPv6 rules): each says its own
        m.put("exposure", twins.stream().map(TableReporter::exposure).distinct().collect(Collectors.joining(" / ")));
        List<String> reach = new ArrayList<>();
        for (AuditedListener t : twins) {
            String who = twins.size() > 1 ? t.listener().address() + ", " : "";
            t.reachability().ifPresent(r -> r.verdicts().forEach(v -> reach.add(s(who + v.describe() + ": "
                    + v.outcome().id() + (v.partial() ? " (some addresses)" : "") + " — "
                    + String.join("; ", v.decidedBy())))));
        }
        m.put("reach", reach);
        m.put("hasReach", !reach.isEmpty());
        m.put("owner", l.primaryOwner().map(HtmlReporter::owner).orElse("not seen")
                + (l.owners().size() > 1 ? " + " + (l.owners().size() - 1) + " more" : ""));
        m.put("command", l.primaryOwner().map(o -> s(o.command())).orElse(""));
        m.put("service", s(TableReporter.service(a.entries())));
        m.put("findings", findings.stream().map(f -> Map.of("severity", f.waived() ? "none" : f.severity().id(),
                "rule", f.rule())).distinct().toList());
        return m;
    }

    private static String owner(ProcessOwner o) {
        return s(o.name().isEmpty() ? "process" : o.name()) + " (pid " + o.pid()
                + (o.userLabel().isEmpty() ? "" : ", " + s(o.userLabel())) + o.unit().map(u -> ", " + s(u)).orElse("")
                + ")";
    }

    private static List<Map<String, Object>> charts(Report r) {
        Map<String, Integer> bySeverity = new LinkedHashMap<>(r.summary().bySeverity());
        Map<String, Integer> byRange = new LinkedHashMap<>();
        for (PortRange p : PortRange.values()) {
            byRange.put(p.id(), r.summary().byRange().getOrDefault(p.id(), 0));
        }
        Map<String, Integer> byExposure = new LinkedHashMap<>();
        for (Exposure e : Exposure.values()) {
            byExposure.put(e.id(), r.summary().byExposure().getOrDefault(e.id(), 0));
        }
        return List.of(chart("Findings by severity", bySeverity, true), chart("Listeners by port range", byRange,
                false), chart("Listeners by exposure", byExposure, false));
    }

    private static Map<String, Object> chart(String title, Map<String, Integer> counts, boolean severityColors) {
        int max = Math.max(1, counts.values().stream().mapToInt(Integer::intValue).max().orElse(1));
        List<Map<String, Object>> bars = new ArrayList<>();
        int row = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            int width = e.getValue() == 0 ? 0 : Math.max(2, e.getValue() * BAR_MAX / max);
            int y = 4 + row * 22;
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("label", e.getKey());
            b.put("count", e.getValue());
            b.put("y", y);
            b.put("textY", y + 11);
            b.put("width", width);
            b.put("countX", 96 + width + 6);
            b.put("color", severityColors ? COLORS.get(e.getKey()) : "#3b5b8c");
            bars.add(b);
            row++;
        }
        return Map.of("title", title, "height", 8 + row * 22, "bars", bars);
    }

    /** A waiver for the templates; {@code expires} is left out for an acceptance, which has none. */
    static Map<String, Object> waiver(Waiver w) {
        Map<String, Object> m = new LinkedHashMap<>();
        w.expires().ifPresent(d -> m.put("expires", d.toString()));
        m.put("owner", s(w.owner()));
        m.put("reason", s(w.reason()));
        m.put("source", s(w.source()));
        return m;
    }

    /** System text made legible: control characters and bidi overrides shown as escapes. */
    static String s(String text) {
        return TerminalText.safe(text);
    }
}
