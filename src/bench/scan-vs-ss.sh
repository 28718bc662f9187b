#!/usr/bin/env bash
# Times whole processes side by side: `portaudit scan --format json` against `ss -tulpnH`, in pairs,
# and prints each run, the medians and their ratio, plus the port table's load time as portaudit
# logs it. Usage: src/bench/scan-vs-ss.sh [RUNS]   (default 7; needs a built target/portaudit.jar)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-7}
launcher=dist/bin/portaudit
[ -f target/portaudit.jar ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }
command -v ss >/dev/null || { echo "ss (iproute2) is needed as the reference" >&2; exit 2; }

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

pa=(); ref=(); load=()
"$launcher" scan --format json >/dev/null 2>&1 || true   # warm the page cache once
for i in $(seq "$runs"); do
    t0=$(now); "$launcher" scan --format json >/dev/null 2>&1 || true; t1=$(now)
    ss -tulpnH >/dev/null; t2=$(now)
    pa+=($(( (t1 - t0) / 1000000 ))); ref+=($(( (t2 - t1) / 1000000 )))
    ms=$("$launcher" scan -v 2>&1 >/dev/null | sed -n 's/.*port table loaded.* in \([0-9]*\) ms.*/\1/p')
    load+=("${ms:-0}")
    printf 'run %2d: portaudit %5d ms   ss %4d ms   table load %3s ms\n' "$i" "${pa[-1]}" "${ref[-1]}" "${load[-1]}"
done
mp=$(printf '%s\n' "${pa[@]}" | median); mr=$(printf '%s\n' "${ref[@]}" | median)
ml=$(printf '%s\n' "${load[@]}" | median)
listeners=$(ss -tulnH | wc -l)
echo "host: $(uname -n), $(nproc) cores, $listeners listening sockets, $(date -u +%F)"
echo "median: portaudit ${mp} ms, ss ${mr} ms, ratio $(awk -v a="$mp" -v b="$mr" 'BEGIN {printf "%.1f", (b > 0 ? a / b : 0)}')x; table load ${ml} ms"
