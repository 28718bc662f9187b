package dev.portaudit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real daemons from Debian's packages (.ci/run installs them, their services kept from starting)
 * run in a test host of their own, a network namespace with loopback and a "public" address on a
 * veth pair; portaudit audits it from the outside with --target-pid and every listener's verdict is
 * checked against src/test/resources/realserver/expected.tsv: which findings, which severities, and
 * no others. No packet leaves the namespace.
 */
class RealServerIT {

    private static final Path EXPECTED = Path.of("src/test/resources/realserver/expected.tsv");
    private static final String PUBLIC = "203.0.113.10";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    /** The findings expected per listener ("tcp 0.0.0.0:22" to "privileged-bind/info ..."), for one case. */
    private static Map<String, Set<String>> expected(String testCase) throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        for (String line : Files.readAllLines(EXPECTED)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f[0].equals(testCase)) {
                out.put(f[1], f[2].equals("-") ? Set.of() : new TreeSet<>(List.of(f[2].split(" "))));
            }
        }
        assertTrue(out.size() >= 4, testCase + ": the expectations are there");
        return out;
    }

    @Test
    void aTidyServerPassesAndASloppyOneFailsWithExactlyItsProblems() throws Exception {
        try (TestHost host = new TestHost("pa-real-" + ProcessHandle.current().pid(), tmp)) {
            host.start(tidy());
            Map<String, Set<String>> seen = audit(host, "tidy", 0);
            assertEquals(expected("tidy"), seen, "every listener of the tidy host, judged as written down");
        }
        try (TestHost host = new TestHost("pa-real-" + ProcessHandle.current().pid(), tmp)) {
            List<List<String>> daemons = sloppy();
            host.start(daemons);
            // its listening port pinned (one the table knows nothing of): a random one may be a reserved port
            host.start(List.of(List.of("/usr/sbin/rpc.statd", "-F", "-p", "46000"))); // registers with rpcbind, now up
            Map<String, Set<String>> seen = audit(host, "sloppy", 1);
            assertEquals(expected("sloppy"), seen, "every listener of the sloppy host, judged as written down");

            // probed from the outside too: the probes enter the host's namespace through a holder
            JarRunner.Result r = JarRunner.run(List.of(), "scan", "--target-pid", Long.toString(host.anyPid()),
                    "--probe", "--format", "json");
            assertEquals(0, r.code(), r.err());
            JsonNode report = MAPPER.readTree(r.out());
            Map<String, String> probes = new TreeMap<>();
            for (JsonNode p : report.get("probes")) {
                probes.put(p.get("port").asInt() + "/" + p.get("spoken").asText(), p.get("seen").asText());
            }
            assertEquals("FTP server; no AUTH TLS", probes.get("21/ftp"), probes.toString());
            assertTrue(probes.get("22/ssh").startsWith("SSH banner SSH-2.0-OpenSSH"), probes.toString());
            assertTrue(findings(report).get("tcp 0.0.0.0:21").contains("cleartext-protocol/high"),
                    "FTP without AUTH TLS, probed: credentials in the clear");
            // the package each daemon came from, as this machine's dpkg database has it
            for (String[] daemon : new String[][] {{"/usr/sbin/nginx", "nginx"}, {"/usr/sbin/sshd", "openssh-server"}}) {
                JarRunner.Result version = JarRunner.exec(new ProcessBuilder("dpkg-query", "-W", "-f=${Version}",
                        daemon[1]), 30);
                assertEquals(0, version.code(), version.err());
                List<String> packages = new ArrayList<>();
                for (JsonNode l : report.get("listeners")) {
                    for (JsonNode o : l.get("owners")) {
                        if (o.get("executable").asText().equals(daemon[0])) {
                            packages.add(o.get("package").toString());
                        }
                    }
                }
                assertTrue(!packages.isEmpty() && packages.stream().allMatch(p -> p.equals("{\"manager\":\"dpkg\",\"name\":\""
                        + daemon[1] + "\",\"version\":\"" + version.out().strip() + "\"}")), daemon[0] + ": " + packages);
            }
        }
    }

    /**
     * scan --probe from inside the host, as an operator runs it on a mail server: Postfix and Dovecot
     * offering STARTTLS on SMTP, IMAP and POP3, vsftpd without AUTH TLS, and sshd, asked what they offer.
     */
    @Test
    void probesARealMailServerAndAnFtpServerFromTheHostItself() throws Exception {
        Path d = tmp;
        List<List<String>> daemons = new ArrayList<>(List.of(tidy().get(0)));
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", d.resolve("key.pem").toString(),
                "-out", d.resolve("cert.pem").toString(), "-days", "2", "-subj", "/CN=mail.test.invalid");
        Files.setPosixFilePermissions(d.resolve("key.pem"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(d.resolve("dovecot.conf"), "protocols = imap pop3\nlisten = *\nbase_dir = " + d.resolve("dv")
                + "\nssl = required\nssl_cert = <" + d.resolve("cert.pem") + "\nssl_key = <" + d.resolve("key.pem")
                + "\ndisable_plaintext_auth = yes\nauth_mechanisms = plain\npassdb {\n  driver = static\n  args = "
                + "password=unused\n}\nuserdb {\n  driver = static\n  args = uid=65534 gid=65534 home=" + d
                + "\n}\nlog_path = " + d.resolve("dovecot.log") + "\nservice imap-login {\n  inet_listener imaps {\n"
                + "    port = 0\n  }\n}\nservice pop3-login {\n  inet_listener pop3s {\n    port = 0\n  }\n}\n");
        daemons.add(List.of("/usr/sbin/dovecot", "-F", "-c", d.resolve("dovecot.conf").toString()));
        Files.writeString(d.resolve("vsftpd.conf"), "listen=YES\nlisten_ipv6=NO\nbackground=NO\nlisten_port=21\n"
                + "anonymous_enable=NO\nlocal_enable=YES\nsecure_chroot_dir=/var/run/vsftpd/empty\n");
        Files.createDirectories(Path.of("/var/run/vsftpd/empty"));
        daemons.add(List.of("/usr/sbin/vsftpd", d.resolve("vsftpd.conf").toString()));
        // Postfix on loopback, offering STARTTLS, with a queue and configuration of the test's own
        Path pf = Files.createDirectories(d.resolve("postfix"));
        Path master = Files.exists(Path.of("/etc/postfix/master.cf")) ? Path.of("/etc/postfix/master.cf")
                : Path.of("/usr/share/postfix/master.cf.dist");
        Files.copy(master, pf.resolve("master.cf"));
        Files.writeString(pf.resolve("main.cf"), "myhostname = mail.test.invalid\nmydestination =\n"
                + "inet_interfaces = 127.0.0.1\ninet_protocols = ipv4\nqueue_directory = " + d.resolve("pfqueue")
                + "\ndata_directory = " + d.resolve("pfdata") + "\nmail_owner = postfix\nsetgid_group = postdrop\n"
                + "compatibility_level = 3.6\nmaillog_file = /dev/stdout\nsmtpd_tls_cert_file = "
                + d.resolve("cert.pem") + "\nsmtpd_tls_key_file = " + d.resolve("key.pem")
                + "\nsmtpd_tls_security_level = may\n");
        Files.createDirectories(d.resolve("pfqueue"));
        run("chown", "postfix", Files.createDirectories(d.resolve("pfdata")).toString());
        daemons.add(List.of("/usr/sbin/postfix", "-c", pf.toString(), "start-fg"));
        try (TestHost host = new TestHost("pa-probe-" + ProcessHandle.current().pid(), tmp)) {
            host.start(daemons);
            JarRunner.Result r = JarRunner.run(host.inside(), "scan", "--probe", "--format", "json");
            assertEquals(0, r.code(), r.err());
            JsonNode report = MAPPER.readTree(r.out());
            Map<String, String> probes = new TreeMap<>();
            for (JsonNode p : report.get("probes")) {
                probes.put(p.get("port").asInt() + "/" + p.get("spoken").asText(), p.get("seen").asText());
            }
            assertTrue(probes.get("143/imap").startsWith("IMAP server; STARTTLS offered"), probes.toString());
            assertTrue(probes.get("110/pop3").startsWith("POP3 server; STLS offered"), probes.toString());
            assertEquals("FTP server; no AUTH TLS", probes.get("21/ftp"), probes.toString());
            assertTrue(probes.get("22/ssh").startsWith("SSH banner SSH-2.0-OpenSSH"), probes.toString());
            assertEquals("SMTP server; STARTTLS offered; no password login before TLS", probes.get("25/smtp"),
                    probes.toString());
            Map<String, Set<String>> expected = expected("probed");
            assertEquals(expected, findings(report), "the probed servers, judged by what they answered, and no other");
        }
    }

    /** Scans the host with --fail-on medium, checks the exit code, and returns each listener's findings. */
    private Map<String, Set<String>> audit(TestHost host, String testCase, int exit) throws Exception {
        JarRunner.Result r = JarRunner.run(List.of(), "scan", "--target-pid", Long.toString(host.anyPid()),
                "--format", "json", "--fail-on", "medium");
        assertEquals(exit, r.code(), testCase + ": " + r.err());
        return findings(MAPPER.readTree(r.out()));
    }

    /** Programs whose ports are chosen at start, written down as "udp 0.0.0.0:<rpc.statd>". */
    private static final Set<String> RANDOM_PORTS = Set.of("rpc.statd");
    /**
     * The rules that judge a port by its port-table entry: on a port drawn at random they fire or not by
     * the draw (statd's loopback UDP port once fell on one with an unofficial use), so they are left out there.
     */
    private static final Set<String> BY_PORT_DRAWN = Set.of("unofficial-use", "unassigned-port", "reserved-port");

    /** Each listener of a JSON report, "tcp 0.0.0.0:22", with its findings as rule/severity. */
    private static Map<String, Set<String>> findings(JsonNode report) {
        Map<String, Set<String>> seen = new TreeMap<>();
        for (JsonNode l : report.get("listeners")) {
            seen.put(key(l), new TreeSet<>());
        }
        for (JsonNode f : report.get("findings")) {
            if (RANDOM_PORTS.contains(f.path("process").asText("")) && BY_PORT_DRAWN.contains(f.get("rule").asText())) {
                continue; // what the table says of a port drawn at start changes from run to run
            }
            seen.computeIfAbsent(key(f), k -> new TreeSet<>()).add(f.get("rule").asText() + "/"
                    + f.get("severity").asText());
        }
        return seen;
    }

    private static String key(JsonNode n) {
        String process = n.path("process").asText("");
        return n.get("protocol").asText() + " " + n.get("address").asText() + ":"
                + (RANDOM_PORTS.contains(process) ? "<" + process + ">" : Integer.toString(n.get("port").asInt()));
    }

    private List<List<String>> tidy() throws IOException {
        Path d = tmp;
        // the daemons' own users (postgres, memcache) read their files here
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(d.resolve("sshd.conf"), "Port 22\nListenAddress 0.0.0.0\nHostKey " + d.resolve("hostkey")
                + "\nPidFile " + d.resolve("sshd.pid") + "\nUsePAM no\n");
        Files.createDirectories(Path.of("/run/sshd"));
        if (!Files.exists(d.resolve("hostkey"))) {
            run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", d.resolve("hostkey").toString());
        }
        if (!Files.exists(d.resolve("cert.pem"))) {
            run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", d.resolve("key.pem").toString(),
                    "-out", d.resolve("cert.pem").toString(), "-days", "2", "-subj", "/CN=server.test.invalid");
            Files.setPosixFilePermissions(d.resolve("key.pem"), PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.writeString(d.resolve("nginx.conf"), "worker_processes 1;\npid " + d.resolve("nginx.pid")
                + ";\nerror_log " + d.resolve("nginx.err") + ";\nevents {}\nhttp { access_log off; server { listen 80; "
                + "listen 443 ssl; ssl_certificate " + d.resolve("cert.pem") + "; ssl_certificate_key "
                + d.resolve("key.pem") + "; root " + d + "; } }\n");
        // BIND, authoritative only, on loopback: it binds as root and runs as bind
        Path named = Files.createDirectories(d.resolve("named"));
        run("chown", "bind:bind", named.toString());
        Files.writeString(d.resolve("named.conf"), "options { directory \"" + named + "\"; listen-on { 127.0.0.1; }; "
                + "listen-on-v6 { none; }; recursion no; pid-file \"" + named.resolve("named.pid") + "\"; };\n"
                + "controls { };\n");
        run("chmod", "644", d.resolve("named.conf").toString());
        // avahi without D-Bus and without publishing: it answers mDNS queries on the link, nothing more
        Files.writeString(d.resolve("avahi.conf"), "[server]\nuse-ipv4=yes\nuse-ipv6=no\nenable-dbus=no\n"
                + "[publish]\ndisable-publishing=yes\n");
        Files.writeString(d.resolve("chrony.conf"), "port 0\ncmdport 323\nbindcmdaddress 127.0.0.1\nbindcmdaddress ::1\n"
                + "pidfile " + d.resolve("chronyd.pid") + "\ndriftfile " + d.resolve("chrony.drift") + "\n");
        Files.writeString(d.resolve("snmpd.conf"), "agentAddress udp:127.0.0.1:161\nrocommunity public 127.0.0.1\n");
        Path pg = postgresData();
        return new ArrayList<>(List.of(
                List.of("/usr/sbin/sshd", "-D", "-f", d.resolve("sshd.conf").toString()),
                List.of("/usr/sbin/nginx", "-g", "daemon off;", "-c", d.resolve("nginx.conf").toString()),
                List.of("/usr/bin/redis-server", "--port", "6379", "--bind", "127.0.0.1", "--daemonize", "no",
                        "--save", "", "--dir", d.toString()),
                List.of("/usr/bin/memcached", "-u", "memcache", "-l", "127.0.0.1", "-p", "11211", "-U", "0"),
                List.of("/usr/sbin/chronyd", "-d", "-f", d.resolve("chrony.conf").toString()),
                List.of("/usr/sbin/snmpd", "-f", "-Lo", "-C", "-I", "-smux", "-c", d.resolve("snmpd.conf").toString()),
                List.of("/usr/sbin/named", "-g", "-c", d.resolve("named.conf").toString(), "-u", "bind"),
                List.of("/usr/sbin/avahi-daemon", "--no-drop-root", "--no-chroot", "--no-rlimits", "-f",
                        d.resolve("avahi.conf").toString()),
                postgres(pg, "127.0.0.1")));
    }

    private List<List<String>> sloppy() throws IOException {
        List<List<String>> daemons = tidy();
        Path d = tmp;
        // the databases move: PostgreSQL to every interface, Redis to the public address
        daemons.removeIf(c -> c.get(0).endsWith("redis-server") || c.get(0).equals("/usr/sbin/runuser"));
        daemons.add(List.of("/usr/bin/redis-server", "--port", "6379", "--bind", PUBLIC, "--daemonize", "no",
                "--save", "", "--dir", d.toString()));
        daemons.add(postgres(d.resolve("pg"), "0.0.0.0"));
        Files.writeString(d.resolve("vsftpd.conf"), "listen=YES\nlisten_ipv6=NO\nbackground=NO\nlisten_port=21\n"
                + "anonymous_enable=NO\nlocal_enable=YES\nsecure_chroot_dir=/var/run/vsftpd/empty\n");
        Files.createDirectories(Path.of("/var/run/vsftpd/empty"));
        Files.createDirectories(d.resolve("tftp"));
        Files.writeString(d.resolve("inetd.conf"), "telnet stream tcp nowait root /usr/sbin/telnetd telnetd\n"
                + "telnet stream tcp6 nowait root /usr/sbin/telnetd telnetd\n");
        daemons.add(List.of("/usr/sbin/vsftpd", d.resolve("vsftpd.conf").toString()));
        daemons.add(List.of("/usr/sbin/in.tftpd", "--listen", "--foreground", "--address", "0.0.0.0:69", "--secure",
                d.resolve("tftp").toString()));
        daemons.add(List.of("/usr/sbin/inetd", "-d", d.resolve("inetd.conf").toString()));
        daemons.add(List.of("/usr/sbin/rpcbind", "-f", "-w"));
        return daemons;
    }

    /** A PostgreSQL cluster of the test's own, made once. */
    private Path postgresData() throws IOException {
        Path pg = tmp.resolve("pg");
        if (!Files.exists(pg.resolve("PG_VERSION"))) {
            Files.createDirectories(pg);
            run("chown", "postgres:postgres", pg.toString());
            run("/usr/sbin/runuser", "-u", "postgres", "--", initdb(), "-D", pg.toString(), "-A", "trust");
        }
        return pg;
    }

    private static List<String> postgres(Path pg, String address) {
        return List.of("/usr/sbin/runuser", "-u", "postgres", "--", initdb().replace("initdb", "postgres"), "-D",
                pg.toString(), "-c", "listen_addresses=" + address, "-c", "unix_socket_directories=" + pg);
    }

    private static String initdb() {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.sorted().reduce((a, b) -> b).orElseThrow().resolve("bin/initdb").toString();
        } catch (IOException e) {
            throw new AssertionError("PostgreSQL is not installed (.ci/run installs it)", e);
        }
    }

    static void run(String... command) throws IOException {
        try {
            JarRunner.Result r = JarRunner.exec(new ProcessBuilder(command), 60);
            if (r.code() != 0) {
                fail(String.join(" ", command) + " exited " + r.code() + ": " + r.err());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A network namespace with loopback and a public address, its daemons, and their removal. */
    static final class TestHost implements AutoCloseable {
        private final String name;
        private final Path logs;
        private final List<Process> daemons = new ArrayList<>();

        TestHost(String name, Path logs) throws IOException {
            this.name = name;
            this.logs = logs;
            run("ip", "netns", "add", name);
            run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
            run("ip", "netns", "exec", name, "ip", "link", "add", "pub0", "type", "veth", "peer", "name", "pub1");
            run("ip", "netns", "exec", name, "ip", "addr", "add", PUBLIC + "/24", "dev", "pub0");
            run("ip", "netns", "exec", name, "ip", "link", "set", "pub0", "up");
            run("ip", "netns", "exec", name, "ip", "link", "set", "pub1", "up");
        }

        /** Starts every daemon in the namespace and waits, at most 30 s, until each has a listening socket. */
        void start(List<List<String>> commands) throws Exception {
            for (List<String> c : commands) {
                List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", name));
                argv.addAll(c);
                Path log = logs.resolve(Path.of(c.get(c.get(0).endsWith("runuser") ? 3 : 0)).getFileName() + ".log");
                daemons.add(new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                String ss = JarRunner.exec(new ProcessBuilder("ip", "netns", "exec", name, "ss", "-tulpnH"), 10).out();
                long listening = daemons.stream().filter(p -> ss.contains("pid=" + p.pid() + ",")
                        || p.descendants().anyMatch(h -> ss.contains("pid=" + h.pid() + ","))).count();
                if (listening == daemons.size()) {
                    return;
                }
                for (Process p : daemons) {
                    if (!p.isAlive()) {
                        fail("a daemon exited: " + p.info().commandLine().orElse("?") + " (logs in " + logs + ")");
                    }
                }
                if (System.nanoTime() > deadline) {
                    fail(listening + " of " + daemons.size() + " daemons listen after 30 s:\n" + ss);
                }
                Thread.sleep(200);
            }
        }

        long anyPid() {
            return daemons.get(0).pid();
        }

        /** The command prefix that runs a program inside the host. */
        List<String> inside() {
            return List.of("ip", "netns", "exec", name);
        }

        @Override
        public void close() throws Exception {
            for (Process p : daemons) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
            }
            for (Process p : daemons) {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            // anything the daemons left behind in the namespace goes with it
            for (String pid : JarRunner.exec(new ProcessBuilder("ip", "netns", "pids", name), 10).out().split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            run("ip", "netns", "del", name);
        }
    }
}
