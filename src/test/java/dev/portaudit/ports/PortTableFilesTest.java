package dev.portaudit.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.PortEntry;
import dev.portaudit.model.PortEntry.Source;
import dev.portaudit.model.PortStatus;
import dev.portaudit.model.Transport;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortTableFilesTest {

    @TempDir
    Path tmp;

    private static List<PortEntry> read(String text) throws Exception {
        return PortTableFiles.read(new BufferedReader(new StringReader(text)), "x.tsv", Source.IANA);
    }

    @Test
    void roundTripsEscapes() throws Exception {
        List<PortEntry> entries = List.of(
                new PortEntry(1, 1, Transport.TCP, PortStatus.ASSIGNED, "a\tb", "line\nbreak \\ back", Source.IANA),
                new PortEntry(6000, 6063, Transport.UDP, PortStatus.YES, "", "", Source.IANA));
        String text = PortTableFiles.format(List.of("comment"), entries);
        assertTrue(text.startsWith("# comment\n" + PortTableFiles.COLUMNS + "\n"));
        assertEquals(entries, read(text));
    }

    @Test
    void malformedLinesAreReportedWithFileAndLine() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(
                PortTableFiles.COLUMNS + "\n1\t1\ttcp\tassigned\tx\ty\n2\t2\tquic\tassigned\tx\ty\n3\t3\ttcp\n"
                        + "4\t4\ttcp\tmaybe\tx\ty\n5\t1\ttcp\tno\tx\ty\n"));
        assertEquals(4, e.problems().size());
        assertTrue(e.problems().get(0).startsWith("x.tsv:3: unknown protocol 'quic'"), e.problems().get(0));
        assertTrue(e.problems().get(1).startsWith("x.tsv:4: 3 tab-separated fields"), e.problems().get(1));
        assertTrue(e.problems().get(2).startsWith("x.tsv:5: unknown status 'maybe'"), e.problems().get(2));
        assertTrue(e.problems().get(3).startsWith("x.tsv:6: bad port range 5-1"), e.problems().get(3));
        assertThrows(InvalidInputException.class, () -> read("not a table\n"));
        assertThrows(InvalidInputException.class, () -> read(""));
    }

    @Test
    void loaderReportsAMissingPart() throws Exception {
        Files.writeString(tmp.resolve(PortTableFiles.IANA_FILE), PortTableFiles.COLUMNS + "\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PortTableLoader.fromDirectory(tmp));
        assertTrue(e.getMessage().contains(PortTableFiles.USAGE_FILE + ": missing"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> PortTableLoader.fromDirectory(tmp.resolve("nope")));
    }
}
