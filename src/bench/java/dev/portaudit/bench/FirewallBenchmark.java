package dev.portaudit.bench;

import dev.portaudit.firewall.Firewall;
import dev.portaudit.firewall.Interfaces.AddressRangeText;
import dev.portaudit.firewall.Interfaces.Iface;
import dev.portaudit.firewall.NftRuleset;
import dev.portaudit.model.Listener;
import dev.portaudit.model.Reachability;
import dev.portaudit.testing.Scenarios;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reachability on a big ruleset: 5,000 rules in a chain tree and a named set of 100,000 addresses,
 * judged for 200 listeners on a host with three interfaces — reading (parsing nft's JSON) and
 * evaluating, what a scan adds beside collection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FirewallBenchmark {

    String json;
    List<Iface> interfaces;
    List<Listener> listeners;

    @Setup
    public void setUp() throws Exception {
        StringBuilder b = new StringBuilder("{\"nftables\":[");
        b.append("{\"set\":{\"family\":\"inet\",\"table\":\"f\",\"name\":\"blocked\",\"type\":\"ipv4_addr\",\"flags\":"
                + "[\"interval\"],\"elem\":[");
        for (int i = 0; i < 100_000; i++) {
            b.append(i == 0 ? "" : ",").append("\"203.").append(i >> 14 & 63).append('.').append(i >> 8 & 63)
                    .append('.').append(i & 255).append('"');
        }
        b.append("]}},");
        b.append("{\"chain\":{\"family\":\"inet\",\"table\":\"f\",\"name\":\"input\",\"hook\":\"input\",\"prio\":0,"
                + "\"policy\":\"drop\"}},");
        b.append(rule("input", 1, "{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"ip\",\"field\":"
                + "\"saddr\"}},\"right\":\"@blocked\"}},{\"drop\":null}"));
        for (int c = 0; c < 50; c++) {
            b.append(",{\"chain\":{\"family\":\"inet\",\"table\":\"f\",\"name\":\"svc").append(c).append("\"}}");
            b.append(",").append(rule("input", 2 + c, "{\"match\":{\"op\":\"==\",\"left\":{\"meta\":{\"key\":"
                    + "\"iifname\"}},\"right\":\"eth" + (c % 3) + "\"}},{\"jump\":{\"target\":\"svc" + c + "\"}}"));
            for (int r = 0; r < 99; r++) {
                int port = 1000 + c * 100 + r;
                b.append(",").append(rule("svc" + c, 100 + r, "{\"match\":{\"op\":\"==\",\"left\":{\"payload\":"
                        + "{\"protocol\":\"tcp\",\"field\":\"dport\"}},\"right\":" + port + "}},{\"match\":{\"op\":\"==\","
                        + "\"left\":{\"payload\":{\"protocol\":\"ip\",\"field\":\"saddr\"}},\"right\":{\"prefix\":"
                        + "{\"addr\":\"10." + (r % 200) + ".0.0\",\"len\":16}}}},{\"accept\":null}"));
            }
        }
        json = b.append("]}").toString();
        interfaces = List.of(iface("lo", true, "127.0.0.1", "127.0.0.0", 8), iface("eth0", false, "10.0.0.5",
                "10.0.0.0", 24), iface("eth1", false, "192.168.7.5", "192.168.7.0", 24));
        listeners = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            listeners.add(Scenarios.tcp("0.0.0.0", 1000 + i * 25, Scenarios.SSHD));
        }
    }

    private static String rule(String chain, int handle, String expr) {
        return "{\"rule\":{\"family\":\"inet\",\"table\":\"f\",\"chain\":\"" + chain + "\",\"handle\":" + handle
                + ",\"expr\":[" + expr + "]}}";
    }

    private static Iface iface(String name, boolean loopback, String address, String network, int length)
            throws Exception {
        return new Iface(name, loopback, List.of(InetAddress.getByName(address)), List.of(new AddressRangeText(
                network + "/" + length, false, length, InetAddress.getByName(network))));
    }

    /** Parsing nft's JSON and judging every listener: what reachability adds to a scan. */
    @Benchmark
    public int readAndJudge() {
        Firewall.View view = new Firewall.View(Optional.of(NftRuleset.parse(json)), interfaces, "");
        int open = 0;
        for (Listener l : listeners) {
            Reachability r = Firewall.reachability(l, view);
            open += r.reach() == Reachability.Reach.ANYWHERE ? 1 : 0;
        }
        return open;
    }

    /** Parsing nft's JSON alone: the part that does not depend on the listeners. */
    @Benchmark
    public NftRuleset read() {
        return NftRuleset.parse(json);
    }
}
