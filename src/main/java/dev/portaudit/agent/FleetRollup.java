package dev.portaudit.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portaudit.model.FleetReport;
import dev.portaudit.model.InvalidInputException;
import dev.portaudit.model.JournalVerification;
import dev.portaudit.model.ListenerIdentity;
import dev.portaudit.model.Severity;
import dev.portaudit.model.Tracked;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Rolls many hosts' JSON scan reports — or their agents' journals, folded to what they last knew —
 * up into one {@link FleetReport}. Sources are read one at a time and only what the roll-up keeps is
 * held (per host a few counts, per listener identity the names of the hosts that have it), so
 * thousands fit in a small heap. Two sources of one host: the newer one counts, the other is listed
 * as skipped. A file that is neither is skipped with the reason, never a reason to give up on the
 * others.
 */
public final class FleetRollup {

    /** Told after each report is read: how many of how many. */
    @FunctionalInterface
    public interface Progress {
        void read(int done, int total);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BYTES = 512L << 20;
    private static final int MAX_DEPTH = 8;

    private FleetRollup() {
    }

    /** The files of the arguments: files as given, directories searched for {@code *.json} and journals ({@code *.jsonl}). */
    static List<Path> files(List<Path> inputs) {
        List<Path> out = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p, MAX_DEPTH)) {
                    s.filter(f -> Files.isRegularFile(f) && (f.getFileName().toString().endsWith(".json")
                            || f.getFileName().toString().endsWith(".jsonl"))).sorted()
                            .forEach(out::add);
                } catch (IOException | RuntimeException e) {
                    throw new InvalidInputException(p + ": cannot list the directory (" + e.getMessage() + ")");
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new InvalidInputException(p + ": no such file or directory");
            }
        }
        return out;
    }

    public static FleetReport build(List<Path> inputs, Instant now, String version, Progress progress) {
        List<Path> files = files(inputs);
        List<FleetReport.Skipped> skipped = new ArrayList<>();
        // first pass: which report speaks for each host (the newest), from the top of each file only
        Map<String, Path> chosen = new LinkedHashMap<>();
        Map<String, Instant> newest = new HashMap<>();
        for (Path f : files) {
            Optional<String[]> head = head(f, skipped);
            if (head.isEmpty()) {
                continue;
            }
            String host = head.get()[0];
            Instant at = Instant.parse(head.get()[1]);
            Path earlier = chosen.get(host);
            if (earlier == null || at.isAfter(newest.get(host))) {
                if (earlier != null) {
                    skipped.add(new FleetReport.Skipped(earlier.toString(), "an older report of " + host + " than " + f));
                }
                chosen.put(host, f);
                newest.put(host, at);
            } else {
                skipped.add(new FleetReport.Skipped(f.toString(), "an older report of " + host + " than " + earlier));
            }
        }
        // second pass: each chosen report whole, one at a time
        Rollup r = new Rollup();
        int done = 0;
        for (Map.Entry<String, Path> e : chosen.entrySet()) {
            try {
                if (journal(e.getValue())) {
                    r.add(e.getKey(), e.getValue(), fold(e.getValue()), newest.get(e.getKey()));
                } else {
                    r.add(e.getKey(), e.getValue(), JSON.readTree(e.getValue().toFile()));
                }
            } catch (IOException | RuntimeException ex) {
                skipped.add(new FleetReport.Skipped(e.getValue().toString(), "not readable as a portaudit scan report: "
                        + ex.getMessage()));
            }
            progress.read(++done, chosen.size());
        }
        return r.report(now, version, skipped);
    }

    /** Whether the file is an agent's journal: its first line an event of the journal's schema. */
    private static boolean journal(Path f) {
        try (BufferedReader r = Files.newBufferedReader(f)) {
            String first = r.readLine();
            return first != null && first.startsWith("{") && JSON.readTree(first).path("schema").asText("")
                    .startsWith("portaudit-journal/");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A journal and its rotated files folded, event by event, to what the agent last knew. */
    private static AgentState fold(Path journal) throws IOException {
        AgentState state = new AgentState();
        List<String> warnings = new ArrayList<>();
        for (Path file : JournalReader.files(journal)) {
            JournalReader.read(file, state::apply, warnings);
        }
        return state;
    }

    /**
     * Host name and time of a journal's last event, read from the newest file back until one has an
     * event (the current file, unless it was just rotated): the whole journal is read once, later.
     */
    private static Optional<String[]> journalHead(Path f, List<FleetReport.Skipped> skipped) throws IOException {
        String[] last = new String[2];
        List<Path> files = new ArrayList<>(JournalReader.files(f));
        Collections.reverse(files);
        for (Path file : files) {
            JournalReader.read(file, e -> {
                last[0] = e.host();
                last[1] = e.time().toString();
            }, new ArrayList<>());
            if (last[0] != null) {
                break;
            }
        }
        if (last[0] == null) {
            skipped.add(new FleetReport.Skipped(f.toString(), "a journal with no event"));
            return Optional.empty();
        }
        return Optional.of(new String[] {last[0].isEmpty() ? f.getFileName().toString() : last[0], last[1]});
    }

    /** Host name and scan time from the top of a report; empty (and the reason kept) for anything else. */
    private static Optional<String[]> head(Path f, List<FleetReport.Skipped> skipped) {
        try {
            if (journal(f)) {
                return journalHead(f, skipped);
            }
            if (Files.size(f) > MAX_BYTES) {
                skipped.add(new FleetReport.Skipped(f.toString(), "larger than " + (MAX_BYTES >> 20) + " MiB"));
                return Optional.empty();
            }
            String tool = null;
            String host = null;
            String at = null;
            try (JsonParser p = new JsonFactory().createParser(f.toFile())) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    skipped.add(new FleetReport.Skipped(f.toString(), "not a JSON object"));
                    return Optional.empty();
                }
                while (p.nextToken() == JsonToken.FIELD_NAME && (tool == null || host == null || at == null)) {
                    String field = p.currentName();
                    p.nextToken();
                    if (field.equals("generatedAt")) {
                        at = p.getValueAsString();
                    } else if (field.equals("tool") || field.equals("host")) {
                        JsonNode n = JSON.readTree(p);
                        if (field.equals("tool")) {
                            tool = n.path("name").asText(null);
                        } else {
                            host = n.path("hostname").asText(null);
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            }
            if (!"portaudit".equals(tool) || host == null || at == null) {
                skipped.add(new FleetReport.Skipped(f.toString(), "not a portaudit scan report (no tool.name "
                        + "\"portaudit\", host.hostname and generatedAt)"));
                return Optional.empty();
            }
            Instant.parse(at);
            return Optional.of(new String[] {host.isEmpty() ? f.getFileName().toString() : host, at});
        } catch (IOException | RuntimeException e) { // a bad timestamp (DateTimeParseException) too
            skipped.add(new FleetReport.Skipped(f.toString(), "not readable as JSON: " + e.getMessage()));
            return Optional.empty();
        }
    }

    /** What is kept across reports. */
    private static final class Rollup {
        private final List<FleetReport.Host> hosts = new ArrayList<>();
        private final Map<String, Key> keys = new HashMap<>();
        private final Map<String, TreeSet<String>> ruleHosts = new TreeMap<>();
        private final Map<String, Map<String, Integer>> ruleCounts = new TreeMap<>();

        /** A listener identity and the hosts that have it. */
        private static final class Key {
            final String protocol;
            final int port;
            final String server;
            String service = "";
            final TreeSet<String> hosts = new TreeSet<>();
            int highest = -1;

            Key(String protocol, int port, String server) {
                this.protocol = protocol;
                this.port = port;
                this.server = server;
            }
        }

        void add(String host, Path file, JsonNode r) {
            if (!r.path("listeners").isArray() || !r.path("findings").isArray()) {
                throw new IllegalArgumentException("no listeners or findings lists");
            }
            // everything is read before anything is kept: a report that fails halfway adds nothing
            Map<String, Integer> severest = new HashMap<>();
            Map<String, Integer> bySeverity = new TreeMap<>();
            Map<String, Integer> byRule = new TreeMap<>();
            Map<String, Map<String, Integer>> rules = new TreeMap<>();
            TreeSet<String> outOfPolicy = new TreeSet<>();
            for (JsonNode f : r.get("findings")) {
                if (f.path("waived").asBoolean(false)) {
                    continue;
                }
                String rule = f.path("rule").asText("");
                Severity sev = Severity.parse(f.path("severity").asText("info"));
                bySeverity.merge(sev.id(), 1, Integer::sum);
                byRule.merge(rule, 1, Integer::sum);
                rules.computeIfAbsent(rule, k -> new TreeMap<>()).merge(sev.id(), 1, Integer::sum);
                severest.merge(f.path("protocol").asText() + " " + f.path("address").asText() + " "
                        + f.path("port").asInt(), sev.ordinal(), Math::max);
                if (rule.equals("unexpected-listener") || rule.equals("denied-listener")) {
                    outOfPolicy.add(rule + " " + f.path("protocol").asText() + "/" + f.path("port").asInt());
                }
            }
            List<String[]> seen = new ArrayList<>(); // protocol, port, server, service, severity ordinal
            for (JsonNode l : r.get("listeners")) {
                String protocol = l.path("protocol").asText("");
                int port = l.path("port").asInt(0);
                JsonNode entries = l.path("entries");
                String service = entries.isArray() && entries.size() > 0 ? entries.get(0).path("service").asText("")
                        : "";
                Integer sev = severest.get(protocol + " " + l.path("address").asText() + " " + port);
                seen.add(new String[] {protocol, Integer.toString(port), server(l), service,
                        Integer.toString(sev == null ? -1 : sev)});
            }
            Instant at = Instant.parse(r.path("generatedAt").asText());
            for (String[] x : seen) {
                keep(host, x[0], Integer.parseInt(x[1]), x[2], x[3], Integer.parseInt(x[4]));
            }
            rules.forEach((rule, counts) -> {
                ruleHosts.computeIfAbsent(rule, k -> new TreeSet<>()).add(host);
                counts.forEach((sev, n) -> ruleCounts.computeIfAbsent(rule, k -> new TreeMap<>()).merge(sev, n,
                        Integer::sum));
            });
            hosts.add(new FleetReport.Host(host, file.toString(), at, r.get("listeners").size(), bySeverity, byRule,
                    List.copyOf(outOfPolicy),
                    r.path("complete").isBoolean() ? Optional.of(r.get("complete").asBoolean()) : Optional.empty()));
        }

        /** One host's listener, kept under its identity. */
        private void keep(String host, String protocol, int port, String server, String service, int severity) {
            Key k = keys.computeIfAbsent(protocol + "/" + port + "/" + server, x -> new Key(protocol, port, server));
            k.hosts.add(host);
            if (k.service.isEmpty()) {
                k.service = service;
            }
            k.highest = Math.max(k.highest, severity);
        }

        /** A journal's last state: its listeners and open findings, as the agent last recorded them. */
        void add(String host, Path file, AgentState state, Instant at) {
            Map<String, Integer> severest = new HashMap<>();
            Map<String, Integer> bySeverity = new TreeMap<>();
            Map<String, Integer> byRule = new TreeMap<>();
            TreeSet<String> outOfPolicy = new TreeSet<>();
            for (AgentState.Finding f : state.findings().values()) {
                if (f.finding().waiver().isPresent()) {
                    continue;
                }
                String rule = f.finding().rule();
                Severity sev = f.finding().severity();
                bySeverity.merge(sev.id(), 1, Integer::sum);
                byRule.merge(rule, 1, Integer::sum);
                ruleHosts.computeIfAbsent(rule, k -> new TreeSet<>()).add(host);
                ruleCounts.computeIfAbsent(rule, k -> new TreeMap<>()).merge(sev.id(), 1, Integer::sum);
                ListenerIdentity id = f.listener().identity();
                severest.merge(id.protocol().id() + " " + f.listener().address() + " " + id.port(), sev.ordinal(),
                        Math::max);
                if (rule.equals("unexpected-listener") || rule.equals("denied-listener")) {
                    outOfPolicy.add(rule + " " + id.protocol().id() + "/" + id.port());
                }
            }
            for (Tracked.TrackedListener l : state.listeners().values()) {
                ListenerIdentity id = l.identity();
                String server = l.owner().map(o -> !o.unit().isEmpty() ? o.unit() : !o.pkg().isEmpty() ? o.pkg() : "")
                        .filter(x -> !x.isEmpty()).orElse(!id.executable().isEmpty() ? id.executable()
                                : l.owner().map(Tracked.Owner::process).orElse(""));
                Integer sev = severest.get(id.protocol().id() + " " + l.address() + " " + id.port());
                keep(host, id.protocol().id(), id.port(), server, "", sev == null ? -1 : sev);
            }
            // the chain only: each host signs with its own key, which a roll-up does not hold
            JournalVerification v = JournalVerifier.verify(file, Optional.empty(),
                    Optional.of(file.resolveSibling(file.getFileName() + ".state")));
            hosts.add(new FleetReport.Host(host, file.toString(), at, state.listeners().size(), bySeverity, byRule,
                    List.copyOf(outOfPolicy), Optional.empty(), Optional.of(v.problem().map(p -> "broken at #"
                            + p.firstBad() + " (" + p.kind().id() + ")").orElse(v.status().id()))));
        }

        /** What serves a listener, in an operator's words: unit, else package, else executable, else process. */
        private static String server(JsonNode l) {
            for (String s : new String[] {l.path("activation").path("socketUnit").asText(""), l.path("unit").asText(""),
                    l.path("package").path("name").asText(""), l.path("executable").asText(""),
                    l.path("process").asText("")}) {
                if (!s.isEmpty()) {
                    return s;
                }
            }
            return "";
        }

        FleetReport report(Instant now, String version, List<FleetReport.Skipped> skipped) {
            hosts.sort(Comparator.comparing(FleetReport.Host::name));
            List<FleetReport.FleetListener> listeners = new ArrayList<>();
            for (Key k : keys.values()) {
                listeners.add(new FleetReport.FleetListener(k.protocol, k.port, k.server, k.service,
                        new ArrayList<>(k.hosts), k.highest < 0 ? "" : Severity.values()[k.highest].id()));
            }
            listeners.sort(Comparator.comparing((FleetReport.FleetListener l) -> l.service().isEmpty())
                    .thenComparing(FleetReport.FleetListener::service).thenComparing(FleetReport.FleetListener::protocol)
                    .thenComparingInt(FleetReport.FleetListener::port).thenComparing(FleetReport.FleetListener::server));
            // rare: on at most 2 % of the hosts (at least one), and not on every host
            int rareAtMost = Math.max(1, hosts.size() / 50);
            List<FleetReport.FleetListener> rare = hosts.size() < 2 ? List.of() : listeners.stream()
                    .filter(l -> l.hosts().size() <= rareAtMost && l.hosts().size() < hosts.size())
                    .sorted(Comparator.comparingInt((FleetReport.FleetListener l) -> l.hosts().size())
                            .thenComparing(l -> -severity(l.highest())).thenComparing(FleetReport.FleetListener::protocol)
                            .thenComparingInt(FleetReport.FleetListener::port))
                    .toList();
            List<FleetReport.RuleRow> rules = new ArrayList<>();
            ruleCounts.forEach((rule, counts) -> rules.add(new FleetReport.RuleRow(rule, counts,
                    new ArrayList<>(ruleHosts.get(rule)))));
            return new FleetReport(now, version, hosts, listeners, rare, rareAtMost, rules, skipped);
        }

        private static int severity(String id) {
            return id.isEmpty() ? -1 : Severity.parse(id).ordinal();
        }
    }
}
