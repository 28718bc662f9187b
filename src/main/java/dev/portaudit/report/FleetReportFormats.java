package dev.portaudit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.mustachejava.Mustache;
import dev.portaudit.model.FleetReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fleet roll-up as JSON (for tools), CSV (one row per host and listener: the matrix, long form),
 * Markdown and HTML (for a reviewer: one page, its charts drawn in the page, nothing fetched). Every
 * string from the hosts' reports is escaped for the format it lands in.
 */
public final class FleetReportFormats {

    public static final List<ReportFormat> FORMATS = List.of(ReportFormat.HTML, ReportFormat.MARKDOWN,
            ReportFormat.CSV, ReportFormat.JSON);
    private static final Mustache HTML = HtmlReporter.compile("fleet.html.mustache");
    /** Host names listed per listener in the human formats; the rest are counted. */
    private static final int NAMES = 20;

    private FleetReportFormats() {
    }

    public static void write(FleetReport r, ReportFormat format, OutputStream out) throws IOException {
        switch (format) {
            case JSON -> Json.write(json(r), out);
            case CSV -> csv(r, out);
            case MARKDOWN -> markdown(r, out);
            case HTML -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                HTML.execute(w, view(r)).flush();
            }
            default -> throw new IllegalArgumentException("a fleet report is html, markdown, csv or json, not "
                    + format.id());
        }
    }

    static ObjectNode json(FleetReport r) {
        ObjectNode root = Json.NODES.objectNode();
        root.put("schema", "portaudit-fleet/1");
        root.put("generatedAt", r.generatedAt().toString());
        root.put("toolVersion", r.toolVersion());
        ArrayNode hosts = root.putArray("hosts");
        for (FleetReport.Host h : r.hosts()) {
            ObjectNode n = hosts.addObject();
            n.put("name", h.name());
            n.put("source", h.source());
            n.put("scannedAt", h.scannedAt().toString());
            n.put("listeners", h.listeners());
            n.put("journal", h.journal().orElse(null));
            if (h.complete().isPresent()) {
                n.put("complete", h.complete().get());
            } else {
                n.putNull("complete");
            }
            ObjectNode f = n.putObject("findings");
            h.findings().forEach(f::put);
            ObjectNode byRule = n.putObject("findingsByRule");
            h.byRule().forEach(byRule::put);
            ArrayNode out = n.putArray("outOfPolicy");
            h.outOfPolicy().forEach(out::add);
        }
        root.set("listeners", listeners(r.listeners()));
        root.put("rareAtMost", r.rareAtMost());
        root.set("rare", listeners(r.rare()));
        ArrayNode rules = root.putArray("rules");
        for (FleetReport.RuleRow rule : r.rules()) {
            ObjectNode n = rules.addObject();
            n.put("rule", rule.rule());
            ObjectNode f = n.putObject("findings");
            rule.findings().forEach(f::put);
            ArrayNode hs = n.putArray("hosts");
            rule.hosts().forEach(hs::add);
        }
        ArrayNode skipped = root.putArray("skipped");
        r.skipped().forEach(s -> skipped.addObject().put("source", s.source()).put("why", s.why()));
        return root;
    }

    private static ArrayNode listeners(List<FleetReport.FleetListener> list) {
        ArrayNode a = Json.NODES.arrayNode();
        for (FleetReport.FleetListener l : list) {
            ObjectNode n = a.addObject();
            n.put("protocol", l.protocol());
            n.put("port", l.port());
            n.put("server", l.server());
            n.put("service", l.service());
            if (l.highest().isEmpty()) {
                n.putNull("highestSeverity");
            } else {
                n.put("highestSeverity", l.highest());
            }
            ArrayNode hs = n.putArray("hosts");
            l.hosts().forEach(hs::add);
        }
        return a;
    }

    /** The host × listener matrix in long form: one row per listener and host that has it. */
    private static void csv(FleetReport r, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write("service,protocol,port,server,hosts_with_it,rare,host,highest_severity\r\n");
        Set<FleetReport.FleetListener> rare = new HashSet<>(r.rare());
        for (FleetReport.FleetListener l : r.listeners()) {
            for (String host : l.hosts()) {
                w.write(String.join(",", CsvReporter.cell(l.service()), l.protocol(), Integer.toString(l.port()),
                        CsvReporter.cell(l.server()), Integer.toString(l.hosts().size()),
                        Boolean.toString(rare.contains(l)), CsvReporter.cell(host), l.highest()) + "\r\n");
            }
        }
        w.flush();
    }

    private static void markdown(FleetReport r, OutputStream out) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# Fleet roll-up\n\n").append(r.hosts().size()).append(" hosts · ").append(r.listeners().size())
                .append(" distinct listeners · generated ").append(r.generatedAt()).append(" · portaudit ")
                .append(MarkdownText.text(r.toolVersion())).append("\n\n## Hosts out of policy\n\n");
        List<FleetReport.Host> out0 = r.hosts().stream().filter(h -> !h.outOfPolicy().isEmpty()).toList();
        if (out0.isEmpty()) {
            b.append("None.\n");
        } else {
            b.append("| host | why |\n|---|---|\n");
            out0.forEach(h -> b.append("| ").append(MarkdownText.text(h.name())).append(" | ")
                    .append(MarkdownText.text(String.join(", ", h.outOfPolicy()))).append(" |\n"));
        }
        b.append("\n## Rare listeners\n\nOn at most ").append(r.rareAtMost()).append(" host(s), rarest first.\n\n");
        if (r.rare().isEmpty()) {
            b.append("None.\n");
        } else {
            b.append("| listener | served by | hosts | worst finding |\n|---|---|---|---|\n");
            r.rare().forEach(l -> b.append("| ").append(l.protocol()).append('/').append(l.port()).append(" | ")
                    .append(MarkdownText.code(l.server())).append(" | ").append(MarkdownText.text(names(l.hosts())))
                    .append(" | ").append(l.highest().isEmpty() ? "—" : l.highest()).append(" |\n"));
        }
        b.append("\n## Findings by rule\n\n| rule | critical | high | medium | low | info | hosts |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (FleetReport.RuleRow rule : r.rules()) {
            b.append("| ").append(MarkdownText.text(rule.rule()));
            for (String s : List.of("critical", "high", "medium", "low", "info")) {
                b.append(" | ").append(rule.findings().getOrDefault(s, 0));
            }
            b.append(" | ").append(rule.hosts().size()).append(" |\n");
        }
        b.append("\n## Hosts\n\n| host | scanned | listeners | critical | high | medium | low | complete | journal |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (FleetReport.Host h : r.hosts()) {
            b.append("| ").append(MarkdownText.text(h.name())).append(" | ").append(h.scannedAt()).append(" | ")
                    .append(h.listeners());
            for (String s : List.of("critical", "high", "medium", "low")) {
                b.append(" | ").append(h.findings().getOrDefault(s, 0));
            }
            b.append(" | ").append(h.complete().map(c -> c ? "yes" : "no").orElse("not known")).append(" | ")
                    .append(h.journal().orElse("—")).append(" |\n");
        }
        b.append("\n## Listeners by service\n\n| service | listener | served by | hosts | which |\n")
                .append("|---|---|---|---|---|\n");
        for (FleetReport.FleetListener l : r.listeners()) {
            b.append("| ").append(MarkdownText.text(l.service().isEmpty() ? "—" : l.service())).append(" | ")
                    .append(l.protocol()).append('/').append(l.port()).append(" | ").append(MarkdownText.code(l.server()))
                    .append(" | ").append(l.hosts().size()).append(" | ").append(MarkdownText.text(names(l.hosts())))
                    .append(" |\n");
        }
        if (!r.skipped().isEmpty()) {
            b.append("\n## Files not read\n\n");
            r.skipped().forEach(s -> b.append("- ").append(MarkdownText.code(s.source())).append(": ")
                    .append(MarkdownText.text(s.why())).append('\n'));
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** "web-1, web-2 and 38 more". */
    private static String names(List<String> hosts) {
        String shown = String.join(", ", hosts.subList(0, Math.min(NAMES, hosts.size())));
        return hosts.size() > NAMES ? shown + " and " + (hosts.size() - NAMES) + " more" : shown;
    }

    /** What the HTML template shows; the template escapes every value, TerminalText shows control characters. */
    static Map<String, Object> view(FleetReport r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("version", r.toolVersion());
        v.put("generatedAt", r.generatedAt().toString());
        v.put("hostCount", r.hosts().size());
        v.put("listenerKinds", r.listeners().size());
        List<Map<String, Object>> outOfPolicy = new ArrayList<>();
        for (FleetReport.Host h : r.hosts()) {
            if (!h.outOfPolicy().isEmpty()) {
                outOfPolicy.add(Map.of("name", TerminalText.safe(h.name()), "reasons", String.join(", ", h.outOfPolicy())));
            }
        }
        v.put("outOfPolicy", outOfPolicy);
        v.put("hasOutOfPolicy", !outOfPolicy.isEmpty());
        v.put("outOfPolicyCount", outOfPolicy.size());
        v.put("rareAtMost", r.rareAtMost());
        v.put("rareCount", r.rare().size());
        int fleet = Math.max(1, r.hosts().size());
        v.put("rare", r.rare().stream().map(l -> Map.<String, Object>of("protocol", l.protocol(), "port", l.port(),
                "server", TerminalText.safe(l.server()), "count", l.hosts().size(), "hosts",
                TerminalText.safe(names(l.hosts())), "percent", Math.max(1, 100 * l.hosts().size() / fleet))).toList());
        int maxRule = r.rules().stream().mapToInt(x -> x.hosts().size()).max().orElse(1);
        v.put("rules", r.rules().stream().map(x -> Map.<String, Object>of("rule", x.rule(), "hostCount",
                x.hosts().size(), "percent", 100 * x.hosts().size() / Math.max(1, maxRule))).toList());
        v.put("hosts", r.hosts().stream().map(h -> Map.<String, Object>of("name", TerminalText.safe(h.name()),
                "scannedAt", h.scannedAt().toString(), "listeners", h.listeners(),
                "critical", h.findings().getOrDefault("critical", 0), "high", h.findings().getOrDefault("high", 0),
                "medium", h.findings().getOrDefault("medium", 0), "low", h.findings().getOrDefault("low", 0),
                "complete", h.complete().map(c -> c ? "yes" : "no").orElse("not known"),
                "journal", h.journal().orElse("—"))).toList());
        Map<String, List<Map<String, Object>>> services = new LinkedHashMap<>();
        for (FleetReport.FleetListener l : r.listeners()) {
            services.computeIfAbsent(l.service().isEmpty() ? "no known service" : l.service(), k -> new ArrayList<>())
                    .add(Map.of("protocol", l.protocol(), "port", l.port(), "server", TerminalText.safe(l.server()),
                            "count", l.hosts().size(), "highest", l.highest().isEmpty() ? "—" : l.highest(),
                            "hosts", TerminalText.safe(names(l.hosts()))));
        }
        v.put("services", services.entrySet().stream().map(e -> Map.<String, Object>of("service",
                TerminalText.safe(e.getKey()), "listeners", e.getValue())).toList());
        v.put("skipped", r.skipped().stream().map(s -> Map.of("source", TerminalText.safe(s.source()), "why",
                TerminalText.safe(s.why()))).toList());
        v.put("hasSkipped", !r.skipped().isEmpty());
        return v;
    }
}
