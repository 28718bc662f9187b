#!/usr/bin/env bash
# Measures the agent's resident memory and CPU time per scan, on the host as it is ("idle") and
# with N extra loopback listeners held open by a helper ("busy"). The helper binds only 127.0.0.1,
# lives at most 10 minutes and is stopped by its pid.
# Usage: src/bench/agent-footprint.sh [SCANS] [LISTENERS]   (defaults 30 and 2000)
set -euo pipefail
cd "$(dirname "$0")/../.."
scans=${1:-30}
extra=${2:-2000}
[ -f target/portaudit.jar ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }
tck=$(getconf CLK_TCK)
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${helper:-}" ] && kill "$helper" 2>/dev/null || true' EXIT

measure() {  # $1: label
    local journal="$work/$1.jsonl" pid rss_peak=0 rss_end cpu0 cpu1 start_scans
    dist/bin/portaudit agent --interval 1s --journal "$journal" --max-scans "$scans" 2>"$work/$1.log" &
    pid=$!
    # warm-up: the first scans load classes and the port table
    for _ in $(seq 50); do [ -s "$journal.state" ] && break; sleep 0.2; done
    sleep 3
    cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    t0=$(date +%s%N)
    while kill -0 "$pid" 2>/dev/null; do
        rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
        [ "${rss:-0}" -gt "$rss_peak" ] && rss_peak=$rss
        cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo "$cpu1")
        rss_end=${rss:-$rss_end}
        sleep 0.5
    done
    wait "$pid" || true
    t1=$(date +%s%N)
    local measured=$(( (t1 - t0) / 1000000000 ))
    # scans during the measured window ~ its length in seconds (1 s interval)
    echo "$1: listeners $(ss -tulnH | wc -l), RSS peak $((rss_peak / 1024)) MiB, last $((rss_end / 1024)) MiB," \
         "CPU $(awk -v c=$((cpu1 - cpu0)) -v t="$tck" -v n="$measured" 'BEGIN {printf "%.1f", (n > 0 ? c * 1000 / t / n : 0)}') ms per scan" \
         "over ~$measured scans"
}

measure idle
perl -MIO::Socket::INET -e '
    my @s; for (1..$ARGV[0]) { push @s, IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0,
        Listen => 5, Proto => "tcp") or die "listen: $!" }
    $| = 1; print "ready\n"; sleep 600;' "$extra" > "$work/helper.out" &
helper=$!
for _ in $(seq 100); do grep -q ready "$work/helper.out" 2>/dev/null && break; sleep 0.1; done
measure busy
kill "$helper"; helper=
