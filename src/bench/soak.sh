#!/usr/bin/env bash
# Soak: the agent scanning every second, for a long time, on a host that churns listeners and
# processes (src/bench/churn.pl). Samples the agent's resident memory and its heap after each
# garbage collection, then checks the journal: sequence numbers whole and unrepeated, every
# listener's events alternating opened/closed, every finding's raised/resolved, and the journal
# replayed equal to the agent's final state. Exits 1 if memory grew or an event was lost or doubled.
# Usage: src/bench/soak.sh [--minutes N] [--rate R]   (defaults: 30 minutes, 100 processes a second)
#        src/bench/soak.sh --quick                     (20 seconds, journal checks only; run in CI)
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=30
rate=100
quick=0
while [ $# -gt 0 ]; do
    case $1 in
        --minutes) minutes=${2:-}; shift 2 ;;
        --rate) rate=${2:-}; shift 2 ;;
        --quick) quick=1; shift ;;
        *) echo "usage: soak.sh [--minutes N] [--rate R] | --quick" >&2; exit 2 ;;
    esac
done
case "$minutes$rate" in *[!0-9]*|'') echo "soak.sh: --minutes and --rate take whole numbers" >&2; exit 2 ;; esac
[ -f target/portaudit.jar ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }
seconds=$((minutes * 60))
[ "$quick" = 1 ] && seconds=20
warmup=$(( seconds / 10 < 120 ? seconds / 10 : 120 ))

work=$(mktemp -d)
agent=
churn=
cleanup() {
    [ -n "$agent" ] && kill -KILL "$agent" 2>/dev/null || true
    [ -n "$churn" ] && kill -TERM "$churn" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

perl src/bench/churn.pl "$rate" $((seconds + 30)) > "$work/churn.out" &
churn=$!
for _ in $(seq 50); do grep -q ready "$work/churn.out" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$work/churn.out" || { echo "soak.sh: the churn fixture did not start" >&2; exit 3; }

journal=$work/journal.jsonl
dist/bin/portaudit journal keygen --key "$work/journal.key" > /dev/null || exit 3
PORTAUDIT_JAVA_OPTS="-Xlog:gc:file=$work/gc.log" \
    dist/bin/portaudit agent --interval 1s --journal "$journal" --journal-max-size 4M \
    --signing-key "$work/journal.key" 2> "$work/agent.log" &
agent=$!
start=$(date +%s)
echo "soak: agent pid $agent, churn at $rate processes/s, $seconds s; samples every 5 s"
: > "$work/rss.tsv"
while :; do
    now=$(date +%s)
    elapsed=$((now - start))
    [ "$elapsed" -ge "$seconds" ] && break
    kill -0 "$agent" 2>/dev/null || { echo "soak.sh: the agent died after $elapsed s:" >&2; cat "$work/agent.log" >&2; exit 1; }
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$agent/status" 2>/dev/null || echo 0)
    echo "$elapsed $rss" >> "$work/rss.tsv"
    sleep 5
done
cpu=$(awk '{print $14 + $15}' "/proc/$agent/stat")
t0=$(date +%s%N)
kill -TERM "$agent"
code=0
wait "$agent" || code=$?
t1=$(date +%s%N)
agent=
kill -TERM "$churn" 2>/dev/null || true
wait "$churn" 2>/dev/null || true
churn=

fail=0
echo "agent: exit $code on SIGTERM after $(( (t1 - t0) / 1000000 )) ms," \
     "CPU $(awk -v c="$cpu" -v t="$(getconf CLK_TCK)" -v s="$seconds" 'BEGIN {printf "%.1f", c * 1000 / t / s}') ms per second"
[ "$code" = 0 ] || fail=1
if grep -Eq ' ERROR |Exception' "$work/agent.log"; then
    echo "agent log has errors:"; grep -E ' ERROR |Exception' "$work/agent.log" | head -5; fail=1
fi

# Memory: resident set and heap after collections, early (after warm-up) against late.
perl -e '
    my ($warm, $quick, $rss, $gc) = @ARGV;
    my @r; open my $f, "<", $rss or die; while (<$f>) { my ($t, $k) = split; push @r, [$t, $k / 1024] if $t >= $warm }
    my @h; open my $g, "<", $gc or die;
    while (<$g>) { push @h, [$1, $2] if /^\[([\d.]+)s\].*Pause.*->(\d+)M\(/ }
    @h = grep { $_->[0] >= $warm } @h;
    sub med { my @s = sort { $a <=> $b } @_; return @s ? $s[$#s / 2] : 0 }
    sub window { my ($list, $from, $to) = @_; my $n = @$list; return map { $_->[1] } @$list[int($n * $from) .. int($n * $to) - 1] }
    if (@r < 6) { printf "memory: %d samples after warm-up, too few to judge (peak %.0f MiB)\n", scalar @r,
        (sort { $b <=> $a } map { $_->[1] } @r)[0] // 0; exit 0 }
    my ($r1, $r2) = (med(window(\@r, 0, 1 / 3)), med(window(\@r, 2 / 3, 1)));
    my ($h1, $h2) = (med(window(\@h, 0, 1 / 3)), med(window(\@h, 2 / 3, 1)));
    my $peak = (sort { $b <=> $a } map { $_->[1] } @r)[0];
    printf "memory: RSS median %.0f MiB in the first third after warm-up, %.0f MiB in the last (peak %.0f MiB);"
        . " heap after GC %d MiB then %d MiB (%d collections)\n", $r1, $r2, $peak, $h1, $h2, scalar @h;
    my $flat = $r2 <= $r1 * 1.10 + 4 && $h2 <= $h1 * 1.25 + 2;
    print $flat ? "memory: flat\n" : "memory: GROWING\n";
    exit($flat ? 0 : 1);
' "$warmup" "$quick" "$work/rss.tsv" "$work/gc.log" || fail=1

# Journal: every event once, in order, each listener and finding alternating, replay = final state.
perl src/bench/journal-check.pl "$journal" || fail=1
# ... and its hash chain and signed checkpoints whole across every rotation.
v0=$(date +%s%N)
dist/bin/portaudit journal verify --journal "$journal" --public-key "$work/journal.key.pub" || fail=1
echo "verify: $(( ($(date +%s%N) - v0) / 1000000 )) ms for $(du -sh "$work" | cut -f1) of journal"

[ "$fail" = 0 ] && echo "soak: ok" || echo "soak: FAILED"
exit "$fail"
