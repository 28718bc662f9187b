package dev.portaudit.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portaudit.model.PortEntry;
import dev.portaudit.model.PortRange;
import dev.portaudit.model.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every range row of the shipped table, walked: each names a use of the ports it covers. */
class BundledTableTest {

    /** Words a label starts with when it kept the source's lead-in instead of naming the software. */
    private static final Pattern LEAD_IN = Pattern.compile("(?i)^(range|ports?|default|used|the default)\\b.*");

    @Test
    void everyRangeRowNamesAUseOfItsPorts() {
        List<String> wrong = new ArrayList<>();
        int ranges = 0;
        for (PortEntry e : PortTableLoader.bundled().all()) {
            if (e.source() != PortEntry.Source.USAGE || e.first() == e.last()) {
                continue;
            }
            ranges++;
            if (e.first() <= PortRange.DYNAMIC.first() && e.last() >= PortRange.DYNAMIC.last()) {
                wrong.add(e + ": spans the whole dynamic range, so it would name every dynamic listener");
            }
            if (e.description().isBlank() || LEAD_IN.matcher(e.description()).matches()) {
                wrong.add(e + ": the label does not name the software or protocol");
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(ranges > 50, "range rows walked: " + ranges);
    }

    @Test
    void aDynamicPortHasNoUseButTheOnesThatClaimIt() {
        PortTable t = PortTableLoader.bundled();
        assertTrue(t.entries(Transport.TCP, 50000).stream().allMatch(e -> e.source() != PortEntry.Source.USAGE),
                t.entries(Transport.TCP, 50000).toString());
        assertTrue(t.entries(Transport.UDP, 60500).stream().anyMatch(e -> e.description().equals("Mosh")),
                "Mosh's 60000-61000 keeps its name");
    }
}
