package dev.portaudit.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portaudit.collect.NetlinkException;
import dev.portaudit.collect.ProcSockets;
import dev.portaudit.collect.SockDiag;

class SockDiagFuzzTest {

    /**
     * Any bytes as a sock_diag answer: read, or refused with a NetlinkException (which makes the
     * collector fall back to procfs) — never another exception, never a port out of range.
     */
    @FuzzTest(maxDuration = "10s")
    void netlinkAnswer(byte[] input) {
        for (ProcSockets.Table table : ProcSockets.Table.values()) {
            SockDiag.Dump d = SockDiag.Dump.empty();
            try {
                SockDiag.parse(input, input.length, table, d);
            } catch (NetlinkException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            }
            d.sockets().forEach(s -> assertTrue(s.socket().port() > 0 || table.name().startsWith("TCP"),
                    () -> "a UDP socket without a port: " + s));
            d.sockets().forEach(s -> assertTrue(s.socket().port() >= 0 && s.socket().port() <= 65535,
                    () -> "port out of range: " + s));
        }
    }
}
