package dev.portaudit.report;

import dev.portaudit.model.Report;
import java.io.IOException;
import java.io.OutputStream;

/** Renders a report in one format. Renders only: decides nothing. */
public interface Reporter {
    void write(Report report, OutputStream out) throws IOException;
}
