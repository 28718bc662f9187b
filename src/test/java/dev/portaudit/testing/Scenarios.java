package dev.portaudit.testing;

import dev.portaudit.audit.AuditSettings;
import dev.portaudit.audit.ExitPolicy;
import dev.portaudit.audit.Pipeline;
import dev.portaudit.collect.Collector;
import dev.portaudit.model.CoverageNote;
import dev.portaudit.model.HostFacts;
import dev.portaudit.model.IpFamily;
import dev.portaudit.model.KernelSettings;
import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.model.Report;
import dev.portaudit.model.Snapshot;
import dev.portaudit.model.SoftwarePackage;
import dev.portaudit.model.Transport;
import dev.portaudit.policy.Baseline;
import dev.portaudit.policy.CatalogLoader;
import dev.portaudit.policy.ControlsLoader;
import dev.portaudit.policy.PolicyLoader;
import dev.portaudit.policy.RuleFiles;
import dev.portaudit.policy.ServiceCatalog;
import dev.portaudit.ports.PortTable;
import dev.portaudit.ports.PortTableLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Shared scenarios for rules, reporters and the CLI: hosts, owners and listeners. */
public final class Scenarios {

    public static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");
    public static final KernelSettings LINUX_DEFAULTS = new KernelSettings(OptionalInt.of(32768),
            OptionalInt.of(60999), OptionalInt.of(1024), Optional.of(false));
    private static PortTable table;

    private Scenarios() {
    }

    public static synchronized PortTable table() {
        if (table == null) {
            table = PortTableLoader.bundled();
        }
        return table;
    }

    public static HostFacts host(KernelSettings settings) {
        return new HostFacts("web-1", "Debian GNU/Linux 12 (bookworm)", "6.1.0-28-amd64", true, settings);
    }

    public static HostFacts host() {
        return host(LINUX_DEFAULTS);
    }

    public static ProcessOwner owner(int pid, String name, String user, long uid, String command, String exe) {
        return new ProcessOwner(pid, name, Optional.ofNullable(user), OptionalLong.of(uid), command, exe,
                Optional.of(uid == 0));
    }

    public static ProcessOwner withCapability(ProcessOwner o, boolean cap) {
        return new ProcessOwner(o.pid(), o.name(), o.user(), o.uid(), o.command(), o.executable(), Optional.of(cap));
    }

    public static final ProcessOwner SSHD = owner(812, "sshd", "root", 0, "sshd: /usr/sbin/sshd -D [listener]",
            "/usr/sbin/sshd").withUnit("ssh.service").withSoftware(new SoftwarePackage("dpkg",
                    Optional.of("openssh-server"), Optional.of("1:9.2p1-2+deb12u3")));
    public static final ProcessOwner NGINX_MASTER = owner(1000, "nginx", "root", 0,
            "nginx: master process /usr/sbin/nginx -g daemon on;", "/usr/sbin/nginx").withUnit("nginx.service");
    public static final ProcessOwner NGINX_WORKER_1 = owner(1001, "nginx", "www-data", 33, "nginx: worker process",
            "/usr/sbin/nginx").withUnit("nginx.service");
    public static final ProcessOwner NGINX_WORKER_2 = owner(1002, "nginx", "www-data", 33, "nginx: worker process",
            "/usr/sbin/nginx");
    public static final ProcessOwner FLASK = owner(4100, "python3", "alice", 1000,
            "/usr/bin/python3 -m flask run --port 5000", "/usr/bin/python3.11");
    public static final ProcessOwner CADDY = withCapability(owner(4200, "caddy", "caddy", 998,
            "/usr/bin/caddy run --config /etc/caddy/Caddyfile", "/usr/bin/caddy"), true);
    public static final ProcessOwner JAVA = owner(4300, "java", "app", 1001,
            "/usr/bin/java -jar /opt/app/app.jar", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    public static final ProcessOwner CHRONY = owner(600, "chronyd", "_chrony", 101, "/usr/sbin/chronyd -F 1",
            "/usr/sbin/chronyd");

    public static final ProcessOwner TELNETD = owner(900, "in.telnetd", "root", 0, "/usr/sbin/in.telnetd",
            "/usr/sbin/in.telnetd");
    public static final ProcessOwner POSTGRES = owner(700, "postgres", "postgres", 105,
            "/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main", "/usr/lib/postgresql/15/bin/postgres");
    public static final ProcessOwner NETCAT = owner(6000, "nc", "mallory", 1666, "nc -lk 3306", "/usr/bin/nc.openbsd");

    public static final ProcessOwner HOSTILE_HTML = owner(6661, "<script>alert(1)</script>", "mallory", 1666,
            "<script>alert(1)</script> --x=\"&'<>\"", "/tmp/<b>x</b>");
    public static final ProcessOwner HOSTILE_TERMINAL = owner(6662, "evil\u001b[31m", "mallory", 1666,
            "/tmp/evil --banner \u001b[2J\u001b[31mRED\nsecond line\r\u0007", "/tmp/evil\nname");
    public static final ProcessOwner HOSTILE_CSV = owner(6663, "=cmd|' /C calc'!A0", "mallory", 1666,
            "=cmd|' /C calc'!A0 +SUM(1) -x @y", "/tmp/=cmd");

    public static Listener tcp(String address, int port, ProcessOwner... owners) {
        return new Listener(Transport.TCP, address.contains(":") ? IpFamily.IPV6 : IpFamily.IPV4, address, port,
                false, List.of(owners));
    }

    public static Listener udp(String address, int port, ProcessOwner... owners) {
        return new Listener(Transport.UDP, address.contains(":") ? IpFamily.IPV6 : IpFamily.IPV4, address, port,
                false, List.of(owners));
    }

    /** A host with no listeners at all. */
    public static Snapshot empty() {
        return new Snapshot(host(), List.of(), List.of());
    }

    /** A host where everything is expected: root daemons on their assigned ports. */
    public static Snapshot clean() {
        return new Snapshot(host(), List.of(tcp("127.0.0.1", 5432, owner(700, "postgres", "postgres", 105,
                "/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main", "/usr/lib/postgresql/15/bin/postgres")),
                tcp("127.0.0.1", 6379, owner(710, "redis-server", "redis", 106, "/usr/bin/redis-server 127.0.0.1:6379",
                        "/usr/bin/redis-server"))), List.of());
    }

    /** Many findings of every rule, shared sockets, unknown owners and coverage gaps. */
    public static Snapshot mixed() {
        return new Snapshot(host(), List.of(
                tcp("0.0.0.0", 22, SSHD),
                tcp("::", 22, SSHD),
                tcp("0.0.0.0", 80, NGINX_MASTER, NGINX_WORKER_1, NGINX_WORKER_2),
                tcp("0.0.0.0", 443, CADDY),
                tcp("127.0.0.1", 5000, FLASK),
                tcp("0.0.0.0", 1024),
                tcp("127.0.0.1", 40000, JAVA),
                udp("::1", 50123, JAVA),
                udp("127.0.0.1", 323, CHRONY),
                tcp("10.0.0.5", 4, JAVA),
                tcp("0.0.0.0", 23, TELNETD),
                tcp("0.0.0.0", 5432, POSTGRES),
                tcp("0.0.0.0", 3306, NETCAT),
                new Listener(Transport.TCP, IpFamily.IPV6, "::", 8443, true, List.of(JAVA))),
                List.of(new CoverageNote("owner-unknown", 1, "owner of 1 listening socket unknown: not running as "
                        + "root, so other users' processes cannot be inspected")));
    }

    /** Owners whose names and command lines are built to break reports. */
    public static Snapshot hostile() {
        return new Snapshot(new HostFacts("host<1>&\u001b[0m", "OS \"quoted\"", "k\nnext", false, LINUX_DEFAULTS),
                List.of(tcp("127.0.0.1", 25565, HOSTILE_HTML), tcp("127.0.0.1", 50001, HOSTILE_TERMINAL),
                        udp("127.0.0.1", 4, HOSTILE_CSV)),
                List.of());
    }

    private static ServiceCatalog catalog;

    /** The bundled service catalogue. */
    public static synchronized ServiceCatalog catalog() {
        if (catalog == null) {
            catalog = CatalogLoader.load(RuleFiles.BUNDLED_RULES.yaml(PolicyLoader.CATALOG));
        }
        return catalog;
    }

    /** The bundled default policy merged with the given policy files, as a scan on {@link #AT} loads it. */
    public static AuditSettings settings(Optional<Baseline> baseline, Path... policies) {
        Set<String> names = new HashSet<>();
        table().all().forEach(e -> names.add(e.service()));
        PolicyLoader.Loaded loaded = PolicyLoader.load(RuleFiles.BUNDLED_RULES, List.of(policies), names::contains,
                LocalDate.ofInstant(AT, ZoneOffset.UTC));
        ControlsLoader.Loaded controls = ControlsLoader.load(RuleFiles.BUNDLED_RULES, Optional.empty(),
                loaded.catalog());
        return new AuditSettings(loaded.policy(), loaded.rules(), loaded.catalog(), baseline, controls.map(),
                controls.inputs());
    }

    /** A scan of {@code s} through the pipeline at {@link #AT}, taking 42 ms; findings never fail it. */
    public static Report report(Snapshot s, AuditSettings settings) {
        return report(s, settings, ExitPolicy.Thresholds.NONE);
    }

    public static Report report(Snapshot s, AuditSettings settings, ExitPolicy.Thresholds thresholds) {
        return Pipeline.run(request(() -> s, settings, thresholds, Clock.fixed(AT, ZoneOffset.UTC)));
    }

    /**
     * A pipeline request with the bundled table and a monotonic clock that moves 21 ms at each
     * reading, so that collection and matching take 21 ms each, whatever the machine.
     */
    public static Pipeline.Request request(Collector collector, AuditSettings settings,
            ExitPolicy.Thresholds thresholds, Clock clock) {
        AtomicLong ticks = new AtomicLong();
        return new Pipeline.Request(collector, () -> new Pipeline.Criteria(table(), settings), thresholds, clock,
                () -> ticks.addAndGet(21_000_000L), "0.1.0-test");
    }

    public static Report report(Snapshot s) {
        return report(s, settings(Optional.empty()));
    }
}
