package dev.portaudit.collect;

import dev.portaudit.model.Listener;
import dev.portaudit.model.ProcessOwner;
import dev.portaudit.util.Logs;
import dev.portaudit.util.Processes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * User names that /etc/passwd lacks, from the system's name service (NSS: LDAP, SSSD, NIS,
 * extrausers). Every such uid of a scan is asked in one {@code getent passwd UID…}, which goes
 * through NSS as the C library does, so a host with thousands of directory users costs one short
 * process per scan, and none where /etc/passwd names everyone. Answers, known and unknown, are kept
 * for a while so an agent scanning every minute does not ask each time.
 */
public final class NameService {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final Duration KEEP = Duration.ofMinutes(10);
    /** Arguments per lookup: far below any command-line limit, far above the users of a host's listeners. */
    static final int MAX_UIDS = 1000;

    private final List<String> getent;
    private final Clock clock;
    private final Duration timeout;
    private final Map<Long, Answer> answers = new HashMap<>();
    private int lookups;

    private record Answer(Optional<String> name, Instant at) {
    }

    /**
     * @param getent the command to run, without the uids (normally {@code getent passwd})
     */
    NameService(List<String> getent, Clock clock, Duration timeout) {
        this.getent = List.copyOf(getent);
        this.clock = clock;
        this.timeout = timeout;
    }

    /** The host's name service, through the C library's getent where it is installed. */
    public static NameService system() {
        return new NameService(Processes.find("getent").map(p -> List.of(p.toString(), "passwd")).orElse(List.of()),
                Clock.systemUTC(), TIMEOUT);
    }

    /** One that knows nobody beyond /etc/passwd: for snapshots of other hosts, and tests. */
    public static NameService none() {
        return new NameService(List.of(), Clock.systemUTC(), TIMEOUT);
    }

    /** How many times the name service was asked, for tests of the batching. */
    int lookups() {
        return lookups;
    }

    /** The listeners with a name for every owner that has a uid and no name, where the name service knows one. */
    public synchronized List<Listener> complete(List<Listener> listeners) {
        Set<Long> unnamed = new TreeSet<>();
        for (Listener l : listeners) {
            for (ProcessOwner o : l.owners()) {
                if (hostsOwn(o)) {
                    unnamed.add(o.uid().getAsLong());
                }
            }
        }
        if (unnamed.isEmpty()) {
            return listeners;
        }
        Map<Long, String> names = names(unnamed);
        if (names.isEmpty()) {
            return listeners;
        }
        List<Listener> out = new ArrayList<>(listeners.size());
        for (Listener l : listeners) {
            boolean changed = false;
            List<ProcessOwner> owners = new ArrayList<>(l.owners().size());
            for (ProcessOwner o : l.owners()) {
                String name = hostsOwn(o) ? names.get(o.uid().getAsLong()) : null;
                owners.add(name == null ? o : o.withUser(name));
                changed |= name != null;
            }
            out.add(changed ? l.withOwners(owners) : l);
        }
        return out;
    }

    /** An unnamed host user: a container's users are the container's, never the host directory's. */
    private static boolean hostsOwn(ProcessOwner o) {
        return o.user().isEmpty() && o.uid().isPresent() && o.container().isEmpty() && o.hostUid().isEmpty();
    }

    /** Names for the uids, from what was kept and one lookup for the rest. */
    private Map<Long, String> names(Set<Long> uids) {
        Instant now = clock.instant();
        answers.values().removeIf(a -> a.at().plus(KEEP).isBefore(now));
        List<Long> ask = uids.stream().filter(u -> !answers.containsKey(u)).limit(MAX_UIDS).toList();
        if (!ask.isEmpty() && !getent.isEmpty()) {
            Map<Long, String> found = ask(ask);
            if (found != null) {
                ask.forEach(u -> answers.put(u, new Answer(Optional.ofNullable(found.get(u)), now)));
            }
        }
        Map<Long, String> names = new HashMap<>();
        for (long u : uids) {
            Answer a = answers.get(u);
            if (a != null && a.name().isPresent()) {
                names.put(u, a.name().get());
            }
        }
        return names;
    }

    /** One getent run; null when it could not answer (not kept, so the next scan asks again). */
    private Map<Long, String> ask(List<Long> uids) {
        List<String> cmd = new ArrayList<>(getent);
        uids.forEach(u -> cmd.add(Long.toString(u)));
        lookups++;
        Processes.Run r = Processes.run(cmd, timeout);
        // 0: all found; 2: some not found, the others printed; anything else: the lookup failed
        if (r.code() != 0 && r.code() != 2) {
            if (r.timedOut()) {
                Logs.of(NameService.class).warn("user names for {} uid(s) not in /etc/passwd are shown as numbers: "
                        + "the name service did not answer within {} ms", uids.size(), timeout.toMillis());
            } else if (Logs.verbose()) {
                Logs.of(NameService.class).debug("getent passwd failed ({}): {}", r.code(), r.err().strip());
            }
            return null;
        }
        Map<Long, String> found = PasswdParser.parse(r.out());
        found.keySet().retainAll(new TreeSet<>(uids)); // only what was asked: never a name for another uid
        return found;
    }

}
