package dev.portaudit.report;

import dev.portaudit.model.AuditedListener;
import dev.portaudit.model.Finding;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Report;
import dev.portaudit.model.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * CSV for spreadsheets (RFC 4180): one row per listener with its findings joined. A cell that a
 * spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return) is prefixed
 * with an apostrophe.
 */
public final class CsvReporter implements Reporter {

    static final List<String> COLUMNS = List.of("protocol", "family", "address", "port", "exposure", "range", "pid",
            "process", "user", "uid", "command", "executable", "owners", "service", "findings", "highest_severity",
            "waived", "namespace", "reachability", "unit", "controls");

    @Override
    public void write(Report r, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        row(w, COLUMNS);
        Map<Listener, List<Finding>> byListener = r.findingsByListener();
        for (AuditedListener a : r.listeners()) {
            Listener l = a.listener();
            List<Finding> findings = byListener.getOrDefault(l, List.of());
            Optional<ProcessOwner> o = l.primaryOwner();
            List<Finding> active = findings.stream().filter(f -> !f.waived()).toList();
            row(w, List.of(l.protocol().id(), l.family().id(), l.address(), Integer.toString(l.port()),
                    l.exposure().id(), l.range().id(), o.map(p -> Integer.toString(p.pid())).orElse(""),
                    o.map(ProcessOwner::name).orElse(""), o.map(ProcessOwner::userLabel).orElse(""),
                    o.filter(p -> p.uid().isPresent()).map(p -> Long.toString(p.uid().getAsLong())).orElse(""),
                    o.map(ProcessOwner::command).orElse(""), o.map(ProcessOwner::executable).orElse(""),
                    l.owners().stream().map(p -> p.pid() + ":" + p.name()).collect(Collectors.joining(" ")),
                    TableReporter.service(a.entries()),
                    findings.stream().map(f -> f.rule() + ":" + f.severity().id() + (f.waived() ? ":waived" : ""))
                            .collect(Collectors.joining(" ")),
                    active.stream().map(Finding::severity).max(Severity::compareTo).map(Severity::id).orElse(""),
                    Long.toString(findings.size() - active.size()),
                    l.place().orElse(""), a.reachability().map(x -> x.reach().id()).orElse(""),
                    o.flatMap(ProcessOwner::unit).orElse(""),
                    findings.stream().flatMap(f -> f.controls().stream()).distinct().collect(Collectors.joining(" "))));
        }
        w.flush();
    }

    private static void row(Writer w, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(cell(cells.get(i)));
        }
        w.write("\r\n");
    }

    /**
     * One CSV cell: control characters shown as visible escapes (as on a terminal, since CSV files
     * are read with cat as often as with a spreadsheet), neutralised if a spreadsheet would take it
     * for a formula, quoted when needed.
     */
    static String cell(String value) {
        String v = TerminalText.safe(value);
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
