package dev.portaudit.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portaudit.collect.ProcNetParser;
import dev.portaudit.model.IpFamily;
import dev.portaudit.model.Transport;

class ProcNetFuzzTest {

    /** Any bytes at all: a kernel table is never refused, its unreadable lines are counted. */
    @FuzzTest(maxDuration = "10s")
    void procNetTable(byte[] input) {
        for (Transport t : Transport.values()) {
            for (IpFamily f : IpFamily.values()) {
                ProcNetParser.Result r = ProcNetParser.parse(input, t, f);
                r.sockets().forEach(s -> assertTrue(s.socket().port() >= 0 && s.socket().port() <= 65535,
                        () -> "port out of range: " + s));
            }
        }
    }
}
