#!/usr/bin/env bash
# Times whole processes side by side on a host loaded by src/bench/fixture.pl: `portaudit scan
# --format json` against `ss -tulpnH` and `lsof -nP -iTCP -iUDP`, in pairs, and prints each run, the
# medians, the ratios and portaudit's peak resident memory. Before timing it checks that
# portaudit's report and ss agree on every fixture listener and its owning pid, and exits 1 if not.
#
# Usage: src/bench/scan-bench.sh [--quick] [--runs N] [--listeners N] [--connections E] [--processes P]
#   full mode (default): 8000 listeners, 21000 established connections (42000 sockets), 500 processes,
#                        7 paired runs -- the "large host" of docs/performance.md
#   --quick:             200 listeners, 300 connections, 20 processes, 3 runs (what CI runs)
#   --listeners 0:       no fixture: the host as it is
#   --collector KIND:    passed to portaudit (auto, netlink, procfs, oshi; default: auto)
#   --java JAVA_HOME:    the runtime the launcher uses (default: the newest Java >= 17 it finds)
# Needs a built target/portaudit.jar, perl and ss; lsof and GNU time are used when present.
set -euo pipefail
cd "$(dirname "$0")/../.."

listeners=8000 connections=21000 processes=500 runs=7 collector=auto java=""
while [ $# -gt 0 ]; do
    case $1 in
        --quick) listeners=200 connections=300 processes=20 runs=3 ;;
        --runs) runs=$2; shift ;;
        --listeners) listeners=$2; shift ;;
        --connections) connections=$2; shift ;;
        --processes) processes=$2; shift ;;
        --collector) collector=$2; shift ;;
        --java) java=$2; shift ;;
        *) echo "scan-bench.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done
for n in "$runs" "$listeners" "$connections" "$processes"; do
    case $n in ''|*[!0-9]*) echo "scan-bench.sh: counts are whole numbers" >&2; exit 2 ;; esac
done
[ "$runs" -ge 1 ] || { echo "scan-bench.sh: --runs must be at least 1" >&2; exit 2; }
[ -f target/portaudit.jar ] || { echo "scan-bench.sh: build first: mvn -B -q package -DskipTests" >&2; exit 2; }
command -v ss >/dev/null || { echo "scan-bench.sh: ss (iproute2) is the reference and is missing" >&2; exit 2; }
command -v perl >/dev/null || { echo "scan-bench.sh: perl runs the fixture and is missing" >&2; exit 2; }
launcher=dist/bin/portaudit
if [ -n "$java" ]; then export JAVA_HOME=$java; else unset JAVA_HOME; fi
# auto is the default: not named, so that the scan is a plain one (which starts reading the host early)
cargs=()
[ "$collector" = auto ] || cargs=(--collector "$collector")
work=$(mktemp -d)
fixture=""
cleanup() {
    if [ -n "$fixture" ]; then
        kill -TERM "$fixture" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$fixture" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# ---- load ----------------------------------------------------------------------------------
if [ "$listeners" -gt 0 ]; then
    [ "$processes" -ge 1 ] && [ "$listeners" -ge "$processes" ] || {
        echo "scan-bench.sh: give at least one listener per process" >&2; exit 2; }
    # the fixture lives 15 minutes at most even if this script is killed
    perl src/bench/fixture.pl "$listeners" "$connections" "$processes" 900 > "$work/fixture.out" 2>&1 &
    fixture=$!
    for _ in $(seq 1200); do
        grep -q '^ready' "$work/fixture.out" && break
        kill -0 "$fixture" 2>/dev/null || { echo "scan-bench.sh: fixture failed: $(cat "$work/fixture.out")" >&2; exit 3; }
        sleep 0.1
    done
    grep -q '^ready' "$work/fixture.out" || { echo "scan-bench.sh: fixture not ready after 120 s" >&2; exit 3; }
fi

# ---- correctness: portaudit and ss see the same fixture listeners with the same owners -------
children() {  # pids whose parent is $1, from /proc (the name field may hold spaces: skip past ')')
    perl -e 'for my $f (glob "/proc/[0-9]*/stat") {
        open(my $h, "<", $f) or next; my $s = <$h>; next unless defined $s;
        $s =~ s/.*\) //s; my @a = split / /, $s;
        print "$1\n" if $a[1] == $ARGV[0] && $f =~ m{^/proc/(\d+)/};
    }' "$1"
}
if [ -n "$fixture" ]; then
    children "$fixture" | sort -u > "$work/pids"
    "$launcher" scan "${cargs[@]}" --format csv > "$work/scan.csv" 2>"$work/scan.err" || [ $? -eq 1 ] || {
        echo "scan-bench.sh: portaudit scan failed: $(cat "$work/scan.err")" >&2; exit 3; }
    awk -F, 'NR == FNR { want[$1] = 1; next } FNR > 1 && $1 == "tcp" && ($7 in want) { print $3 ":" $4, $7 }' \
        "$work/pids" "$work/scan.csv" | sort > "$work/portaudit.seen"
    ss -tlnpH | awk 'NR == FNR { want[$1] = 1; next }
        { n = split($0, parts, "pid="); for (i = 2; i <= n; i++) { split(parts[i], p, ","); if (p[1] in want) print $4, p[1] } }' \
        "$work/pids" - | sort > "$work/ss.seen"
    got=$(wc -l < "$work/portaudit.seen")
    if ! cmp -s "$work/portaudit.seen" "$work/ss.seen" || [ "$got" -ne "$listeners" ]; then
        echo "check: FAILED: portaudit saw $got fixture listeners, ss $(wc -l < "$work/ss.seen"), the fixture opened $listeners" >&2
        diff "$work/ss.seen" "$work/portaudit.seen" | head -20 >&2 || true
        exit 1
    fi
    echo "check: ok: portaudit and ss agree on all $got fixture listeners and their $(wc -l < "$work/pids") owning processes"
fi

# ---- timing ---------------------------------------------------------------------------------
now() { date +%s%N; }
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2))}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
gnutime=""
/usr/bin/time -f %M true 2>/dev/null && gnutime=/usr/bin/time
havelsof=""
command -v lsof >/dev/null && havelsof=1

"$launcher" scan "${cargs[@]}" --format json >/dev/null 2>&1 || true   # warm the page cache; makes the start-up archive if missing
used=$("$launcher" --version 2>/dev/null | sed -n 's/^Java \([^ ]*\).*/\1/p')
how=$("$launcher" scan "${cargs[@]}" --format json 2>/dev/null | perl -MJSON::PP -e 'local $/; my $r = decode_json(<STDIN>); print $r->{host}{collector} // "?"' || true)
echo "portaudit: Java ${used:-?}, --collector $collector: sockets read through ${how:-?}"
pa=() ref=() lo=() rss=()
for i in $(seq "$runs"); do
    t0=$(now)
    if [ -n "$gnutime" ]; then
        "$gnutime" -o "$work/rss" -f %M "$launcher" scan "${cargs[@]}" --format json >/dev/null 2>&1 || true
    else
        "$launcher" scan "${cargs[@]}" --format json >/dev/null 2>&1 || true
    fi
    t1=$(now)
    ss -tulpnH >/dev/null
    t2=$(now)
    pa+=($(( (t1 - t0) / 1000000 ))) ref+=($(( (t2 - t1) / 1000000 )))
    line=$(printf 'run %2d: portaudit %5d ms   ss %5d ms' "$i" "${pa[-1]}" "${ref[-1]}")
    if [ -n "$havelsof" ]; then
        t3=$(now); lsof -nP -iTCP -iUDP >/dev/null 2>&1 || true; t4=$(now)
        lo+=($(( (t4 - t3) / 1000000 )))
        line="$line   lsof $(printf '%5d' "${lo[-1]}") ms"
    fi
    if [ -n "$gnutime" ]; then
        rss+=("$(tail -1 "$work/rss")")
        line="$line   portaudit peak RSS $(( ${rss[-1]} / 1024 )) MiB"
    fi
    echo "$line"
done

mp=$(printf '%s\n' "${pa[@]}" | median) mr=$(printf '%s\n' "${ref[@]}" | median)
echo "host: $(uname -n), $(nproc) cores, $(ss -tulnH | wc -l) listening sockets, $(ss -tuanH | wc -l) sockets," \
     "$(ls -d /proc/[0-9]* | wc -l) processes, $(date -u +%F)"
echo "median of $runs: portaudit $mp ms, ss $mr ms: portaudit/ss $(ratio "$mp" "$mr")"
if [ -n "$havelsof" ]; then
    ml=$(printf '%s\n' "${lo[@]}" | median)
    echo "median of $runs: lsof $ml ms: portaudit/lsof $(ratio "$mp" "$ml")"
fi
if [ -n "$gnutime" ]; then
    echo "portaudit peak RSS: max $(( $(printf '%s\n' "${rss[@]}" | sort -n | tail -1) / 1024 )) MiB"
fi
