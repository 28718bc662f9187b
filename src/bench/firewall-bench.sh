#!/usr/bin/env bash
# What judging reachability adds to a whole scan: in a network namespace of its own, with a large
# nftables ruleset loaded by the real nft (5,000 rules in 50 jumped-to chains and a named set of
# 100,000 addresses) and 200 TCP listeners, times `portaudit scan --format json` against the same
# scan with --no-reachability, in pairs, and prints each run, the medians and the difference. Before
# timing it checks that the scan judged every listener (no unknown caused by a firewall not read).
#
# Usage: src/bench/firewall-bench.sh [--runs N]   (default 7 pairs)
# Needs root (ip netns, nft), a built target/portaudit.jar, python3.
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=7
while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=$2; shift ;;
        *) echo "firewall-bench.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done
case $runs in ''|*[!0-9]*|0) echo "firewall-bench.sh: --runs takes a whole number above 0" >&2; exit 2 ;; esac
[ -f target/portaudit.jar ] || { echo "firewall-bench.sh: build first: mvn -B -q package -DskipTests" >&2; exit 2; }
for tool in ip nft python3; do
    command -v $tool >/dev/null || { echo "firewall-bench.sh: $tool is missing" >&2; exit 2; }
done
ns=pa-fwbench
work=$(mktemp -d)
server=""
cleanup() {
    [ -n "$server" ] && kill -9 "$server" 2>/dev/null || true
    ip netns pids $ns 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del $ns 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
ip netns del $ns 2>/dev/null || true
ip netns add $ns
ip -n $ns link set lo up
ip -n $ns link add eth0 type veth peer name eth1
ip -n $ns addr add 10.0.0.5/24 dev eth0
ip -n $ns addr add 192.168.7.5/24 dev eth1
ip -n $ns link set eth0 up
ip -n $ns link set eth1 up

# the ruleset, written as nft's own syntax and loaded by nft
python3 - "$work/ruleset.nft" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("table inet f {\n  set blocked {\n    type ipv4_addr\n    elements = {\n")
    f.write(",\n".join("      203.%d.%d.%d" % (i >> 14 & 63, i >> 8 & 63, i & 255) for i in range(100000)))
    f.write("\n    }\n  }\n")
    for c in range(50):
        f.write("  chain svc%d {\n" % c)
        for r in range(99):
            f.write("    tcp dport %d ip saddr 10.%d.0.0/16 accept\n" % (1000 + c * 100 + r, r % 200))
        f.write("  }\n")
    f.write("  chain input {\n    type filter hook input priority 0; policy drop;\n")
    f.write("    ip saddr @blocked drop\n")
    for c in range(50):
        f.write("    iifname \"eth%d\" jump svc%d\n" % (c % 2, c))
    f.write("  }\n}\n")
EOF
ip netns exec $ns nft -f "$work/ruleset.nft"
echo "ruleset: $(ip netns exec $ns nft -a list ruleset | grep -c 'handle') handles, set of 100,000 addresses"

# 200 listeners on the chains' ports
ip netns exec $ns python3 - <<'EOF' &
import socket, time
socks = []
for i in range(200):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", 1000 + i * 25))
    s.listen(8)
    socks.append(s)
time.sleep(3600)  # bounded: the script kills it on exit
EOF
server=$!
disown "$server"
for _ in $(seq 1 100); do
    [ "$(ip netns exec $ns ss -tlnH | wc -l)" -ge 200 ] && break
    sleep 0.1
done

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
scan() {
    ip netns exec $ns "$java" -jar target/portaudit.jar scan --format json "$@"
}
judged=$(scan | python3 -c 'import json,sys; r=json.load(sys.stdin); print(sum(1 for l in r["listeners"] if l["reachability"] and l["reachability"]["reach"] != "unknown"))')
echo "judged listeners: $judged"
[ "$judged" -ge 200 ] || { echo "firewall-bench.sh: the scan did not judge every listener" >&2; exit 1; }

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
with=() without=()
for i in $(seq 1 "$runs"); do
    a=$(ms scan)
    b=$(ms scan --no-reachability)
    with+=("$a") without+=("$b")
    echo "run $i: with reachability ${a} ms, without ${b} ms"
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : int((v[NR/2]+v[NR/2+1])/2)}'; }
mw=$(median "${with[@]}") mo=$(median "${without[@]}")
echo "median: with ${mw} ms, without ${mo} ms, reachability adds $((mw - mo)) ms"
