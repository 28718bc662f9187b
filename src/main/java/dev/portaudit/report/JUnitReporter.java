package dev.portaudit.report;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Describe;
import dev.portaudit.model.Finding;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.IpFamily;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Report;
import dev.portaudit.model.SocketKey;
import dev.portaudit.model.Verdict;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML in the strict Ant dialect CI test-report views read: one test case per listener, failing
 * on the findings the report's verdict shows as failing, with the host facts as properties.
 */
public final class JUnitReporter implements Reporter {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    @Override
    public void write(Report r, OutputStream out) throws IOException {
        Verdict verdict = r.verdict();
        Map<Listener, List<Finding>> byListener = r.findingsByListener();
        Map<SocketKey, Case> cases = new LinkedHashMap<>();
        for (AuditedListener a : r.listeners()) {
            cases.put(a.listener().key(), new Case(a.listener(), byListener.getOrDefault(a.listener(), List.of())));
        }
        for (Finding f : r.findings()) {
            cases.computeIfAbsent(f.listener().key(), k -> new Case(f.listener(), byListener.get(f.listener())));
        }
        long failures = cases.values().stream().filter(c -> c.findings().stream().anyMatch(verdict::shownFailing))
                .count();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuites");
            w.writeCharacters("\n  ");
            w.writeStartElement("testsuite");
            w.writeAttribute("package", "portaudit");
            w.writeAttribute("id", "0");
            // the host stays in its own attribute: CI runners get a new host name per run, and a merge
            // request's test comparison must see the same suite from run to run
            w.writeAttribute("name", "portaudit scan");
            w.writeAttribute("timestamp", TIMESTAMP.format(r.generatedAt().truncatedTo(ChronoUnit.SECONDS)
                    .atOffset(ZoneOffset.UTC)));
            w.writeAttribute("hostname", name(r.host().hostname()));
            w.writeAttribute("tests", Integer.toString(cases.size()));
            w.writeAttribute("failures", Long.toString(failures));
            w.writeAttribute("errors", "0");
            w.writeAttribute("time", seconds(r.durationMillis()));
            w.writeCharacters("\n    ");
            w.writeStartElement("properties");
            for (Map.Entry<String, String> p : properties(r).entrySet()) {
                w.writeCharacters("\n      ");
                w.writeEmptyElement("property");
                w.writeAttribute("name", p.getKey());
                w.writeAttribute("value", attr(p.getValue()));
            }
            w.writeCharacters("\n    ");
            w.writeEndElement();
            Map<String, Integer> seen = new HashMap<>();
            for (Case c : cases.values()) {
                String base = testName(c.listener());
                int n = seen.merge(base, 1, Integer::sum);
                writeCase(w, c, verdict, n == 1 ? base : base + " #" + n);
            }
            w.writeCharacters("\n    ");
            w.writeStartElement("system-out");
            w.writeCharacters(XmlText.safe(TableReporter.summaryLine(r.summary())));
            w.writeEndElement();
            w.writeCharacters("\n    ");
            w.writeStartElement("system-err");
            StringBuilder coverage = new StringBuilder();
            r.coverage().forEach(n -> coverage.append(n.message()).append('\n'));
            w.writeCharacters(XmlText.safe(coverage.toString()));
            w.writeEndElement();
            w.writeCharacters("\n  ");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.flush();
            w.close();
        } catch (XMLStreamException e) {
            throw new IOException("could not write JUnit XML: " + e.getMessage(), e);
        }
    }

    private record Case(Listener listener, List<Finding> findings) {
    }

    /**
     * "tcp 0.0.0.0:22 sshd": the same from run to run, so a merge request's test comparison tells new
     * failures from old. A namespace is named by kind, never by its inode or container id, which change
     * with every run; two listeners that read alike are told apart by "#2", in the report's order.
     */
    static String testName(Listener l) {
        String host = l.family() == IpFamily.IPV6 ? "[" + l.scopedAddress() + "]" : l.address();
        String owner = l.primaryOwner().map(o -> " " + (o.name().isEmpty() ? "pid " + o.pid() : o.name()))
                .orElse(" (owner unknown)");
        String where = l.namespace().map(ns -> ns.container().isPresent() ? " in a container"
                : " in another network namespace").orElse("");
        return l.protocol().id() + " " + host + ":" + l.port() + owner + where;
    }

    private static void writeCase(XMLStreamWriter w, Case c, Verdict verdict, String testName)
            throws XMLStreamException {
        Listener l = c.listener();
        w.writeCharacters("\n    ");
        List<Finding> failing = c.findings().stream().filter(verdict::shownFailing).toList();
        if (failing.isEmpty()) {
            w.writeEmptyElement("testcase");
        } else {
            w.writeStartElement("testcase");
        }
        w.writeAttribute("name", name(testName));
        w.writeAttribute("classname", "portaudit." + l.protocol().id() + "." + l.port());
        w.writeAttribute("time", "0");
        if (failing.isEmpty()) {
            return;
        }
        w.writeCharacters("\n      ");
        w.writeStartElement("failure");
        Finding worst = failing.get(0);
        w.writeAttribute("type", worst.rule());
        w.writeAttribute("message", attr(failing.size() == 1 ? worst.message()
                : failing.size() + " findings at or above " + verdict.shownThreshold().id() + ", the worst "
                        + worst.severity().id() + ": " + worst.message()));
        StringBuilder detail = new StringBuilder("\n");
        for (Finding f : failing) {
            detail.append('[').append(f.severity().id()).append("] ").append(f.rule()).append(": ")
                    .append(f.message()).append('\n');
            if (!f.remediation().isEmpty()) {
                detail.append("  fix: ").append(f.remediation()).append('\n');
            }
            if (!f.controls().isEmpty()) {
                detail.append("  controls: ").append(String.join(", ", f.controls())).append('\n');
            }
        }
        detail.append("owners: ").append(Describe.owners(l)).append('\n');
        w.writeCharacters(XmlText.safe(detail.toString()));
        w.writeEndElement();
        w.writeCharacters("\n    ");
        w.writeEndElement();
    }

    private static Map<String, String> properties(Report r) {
        HostFacts h = r.host();
        KernelSettings k = h.settings();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("portaudit.version", r.toolVersion());
        p.put("host.name", h.hostname());
        p.put("host.os", h.os());
        p.put("host.kernel", h.kernel());
        p.put("host.elevated", Boolean.toString(h.elevated()));
        if (k.hasEphemeralRange()) {
            p.put("kernel.ephemeral-port-range", k.ephemeralFirst().getAsInt() + "-" + k.ephemeralLast().getAsInt());
        }
        k.unprivilegedPortStart().ifPresent(v -> p.put("kernel.unprivileged-port-start", Integer.toString(v)));
        k.ipv6BindV6Only().ifPresent(v -> p.put("kernel.ipv6-bindv6only", v ? "1" : "0"));
        p.put("scan.complete", Boolean.toString(r.coverage().isEmpty()));
        // a test case has no properties in the Ant schema: each control a finding evidences is one of the suite's
        Map<String, Integer> controls = new TreeMap<>();
        r.findings().stream().filter(f -> !f.waived())
                .forEach(f -> f.controls().forEach(c -> controls.merge(c, 1, Integer::sum)));
        controls.forEach((c, n) -> p.put("control." + c, n + (n == 1 ? " unwaived finding" : " unwaived findings")));
        p.put("scan.findings", Integer.toString(r.summary().findings()));
        p.put("scan.waived", Integer.toString(r.summary().waived()));
        return p;
    }

    /** Attribute values: parsers fold line breaks there, so every control character is shown as an escape. */
    private static String attr(String s) {
        return XmlText.safe(TerminalText.safe(s));
    }

    /** Ant's schema types names as non-empty tokens. */
    private static String name(String s) {
        String t = attr(s).replaceAll("\\s+", " ").strip();
        return t.isEmpty() ? "unknown" : t;
    }

    private static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).toPlainString();
    }
}
