#!/usr/bin/env bash
# Times two builds of portaudit against each other on one loaded host: `portaudit scan --format
# json` with jar A, then jar B, alternating, so that both see the same machine minute by minute
# (runs minutes apart on this shared machine differ by more than most changes). Each jar gets its
# own class-data-sharing archive. Prints each pair, the medians and B's change against A.
#
# Usage: src/bench/ab-bench.sh JAR_A JAR_B [--runs N] [--listeners N] [--connections E] [--processes P]
#                               [--java-a JAVA_HOME] [--java-b JAVA_HOME] [--args-a "ARGS"] [--args-b "ARGS"]
#   defaults: 7 runs on the large host of scan-bench.sh (8000 listeners, 21000 connections, 500
#   processes), each side on the Java the launcher picks (the newest >= 17), both `scan --format json`
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 2 ] || { sed -n '2,9p' "$0" >&2; exit 2; }
a=$(readlink -f "$1") b=$(readlink -f "$2") name_a=$1 name_b=$2
shift 2
runs=7 listeners=8000 connections=21000 processes=500 java_a="" java_b="" args_a="" args_b=""
while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --listeners) listeners=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
        --processes) processes=$2; shift 2 ;;
        --java-a) java_a=$2; shift 2 ;;
        --java-b) java_b=$2; shift 2 ;;
        --args-a) args_a=$2; shift 2 ;;
        --args-b) args_b=$2; shift 2 ;;
        *) echo "ab-bench.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
for j in "$a" "$b"; do [ -f "$j" ] || { echo "ab-bench.sh: no jar $j" >&2; exit 2; }; done
work=$(mktemp -d)
fixture=""
cleanup() {
    [ -n "$fixture" ] && kill -TERM "$fixture" 2>/dev/null || true
    [ -n "$fixture" ] && for _ in $(seq 50); do kill -0 "$fixture" 2>/dev/null || break; sleep 0.1; done
    rm -rf "$work"
}
trap cleanup EXIT
if [ "$listeners" -gt 0 ]; then
    perl src/bench/fixture.pl "$listeners" "$connections" "$processes" 900 > "$work/fixture.out" 2>&1 &
    fixture=$!
    for _ in $(seq 1200); do
        grep -q '^ready' "$work/fixture.out" && break
        kill -0 "$fixture" 2>/dev/null || { echo "ab-bench.sh: fixture failed: $(cat "$work/fixture.out")" >&2; exit 3; }
        sleep 0.1
    done
fi
mkdir -p "$work/cds-a" "$work/cds-b"
run() { # jar cds-dir java-home extra-args -> milliseconds
    local t0 t1
    t0=$(date +%s%N)
    # shellcheck disable=SC2086
    if [ -n "$3" ]; then
        JAVA_HOME=$3 PORTAUDIT_JAR=$1 PORTAUDIT_CDS_DIR=$2 dist/bin/portaudit scan --format json $4 >/dev/null 2>&1 || true
    else
        env -u JAVA_HOME PORTAUDIT_JAR="$1" PORTAUDIT_CDS_DIR="$2" dist/bin/portaudit scan --format json $4 >/dev/null 2>&1 || true
    fi
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 ))
}
run "$a" "$work/cds-a" "$java_a" "$args_a" >/dev/null   # warm the page cache and make each jar's archive
run "$b" "$work/cds-b" "$java_b" "$args_b" >/dev/null
ta=() tb=()
for i in $(seq "$runs"); do
    ta+=("$(run "$a" "$work/cds-a" "$java_a" "$args_a")")
    tb+=("$(run "$b" "$work/cds-b" "$java_b" "$args_b")")
    printf 'run %2d: A %5d ms   B %5d ms\n' "$i" "${ta[-1]}" "${tb[-1]}"
done
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2))}'; }
ma=$(printf '%s\n' "${ta[@]}" | median) mb=$(printf '%s\n' "${tb[@]}" | median)
t0=$(date +%s%N); ss -tulpnH >/dev/null; t1=$(date +%s%N)
echo "ss -tulpnH once, after: $(( (t1 - t0) / 1000000 )) ms"
echo "host: $(nproc) cores, $(ss -tlnH | wc -l) listening TCP sockets, $(ls -d /proc/[0-9]* | wc -l) processes, $(date -u +%F)"
echo "median of $runs: A $ma ms ($name_a), B $mb ms ($name_b): B - A = $(( mb - ma )) ms ($(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%+.1f", (b - a) * 100 / a}') %)"
