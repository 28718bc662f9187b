package dev.portaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which command lines start reading the host before the command is built, and what the collector takes. */
class EarlyScanTest {

    @Test
    void onlyAPlainScanOfThisHost() {
        assertTrue(EarlyScan.eligible(new String[] {"scan"}));
        assertTrue(EarlyScan.eligible(new String[] {"scan", "--format", "json", "-o", "sarif=x.sarif", "-vv"}));
        assertTrue(EarlyScan.eligible(new String[] {"scan", "--policy", "p.yaml", "--no-reachability"}));
        assertFalse(EarlyScan.eligible(new String[] {}));
        assertFalse(EarlyScan.eligible(new String[] {"agent"}));
        assertFalse(EarlyScan.eligible(new String[] {"scan", "--from", "ss.txt"}));
        assertFalse(EarlyScan.eligible(new String[] {"scan", "--from=ss.txt"}));
        assertFalse(EarlyScan.eligible(new String[] {"scan", "--all-namespaces"}));
        assertFalse(EarlyScan.eligible(new String[] {"scan", "--target-pid", "1"}));
        assertFalse(EarlyScan.eligible(new String[] {"scan", "--collector", "oshi"}));
        assertFalse(EarlyScan.eligible(new String[] {"scan", "--help"}));
        assertFalse(EarlyScan.eligible(new String[] {"scan", "@args.txt"}), "an argument file could say anything");
    }

    @Test
    void theCollectorTakesWhatWasReadForItsSourceOnce() {
        EarlyScan.startIfPlainScan(new String[] {"scan"});
        ProcSockets.Source chosen = HostCollectors.auto(LinuxProc.system());
        Optional<SocketOwners> taken = EarlyScan.take(chosen);
        assertTrue(taken.isPresent(), "started for this source");
        assertEquals(Optional.empty(), EarlyScan.take(chosen), "taken once: the next scan reads for itself");
        EarlyScan.startIfPlainScan(new String[] {"scan"});
        ProcSockets.Source other = chosen == ProcSockets.Source.PROCFS ? ProcSockets.Source.NETLINK
                : ProcSockets.Source.PROCFS;
        assertEquals(Optional.empty(), EarlyScan.take(other), "read for another source: not used");
        assertEquals(Optional.empty(), EarlyScan.take(chosen), "and dropped");
    }
}
