#!/usr/bin/env bash
# A fleet roll-up of N synthetic hosts in a capped heap: one real JSON scan report (of the ss
# snapshot fixture) copied N times with its host name changed, every tenth host given a listener
# of its own, then `portaudit report --fleet` run with -Xmx256m. Prints the time, the peak resident
# memory, and the roll-up's counts; exits 1 if the roll-up fails (an OutOfMemoryError included).
# Usage: src/bench/fleet-bench.sh [N]   (default 2000)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-2000}
[ -f target/portaudit.jar ] || { echo "fleet-bench.sh: build first: mvn -B -q package -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -jar target/portaudit.jar scan --from src/test/resources/fixtures/ss/debian-tulpnHe.txt --snapshot-host seed \
    --format json -o "json=$work/seed.json" >/dev/null 2>&1 || [ $? -eq 1 ]
mkdir -p "$work/reports"
perl -e '
    my ($n, $seed, $dir) = @ARGV;
    local $/; open my $h, "<", $seed or die; my $json = <$h>; close $h;
    for my $i (1 .. $n) {
        my $r = $json;
        $r =~ s/"hostname" : "seed"/"hostname" : "host-$i"/;
        # every tenth host a listener of its own: the fleet'"'"'s rare ones
        if ($i % 10 == 0) {
            my $port = 20000 + $i;
            $r =~ s/"listeners" : \[/"listeners" : [ { "protocol" : "tcp", "address" : "0.0.0.0", "port" : $port, "process" : "odd-$i", "executable" : "\/opt\/odd\/bin\/odd-$i", "entries" : [ ], "findings" : [ ] },/;
        }
        open my $o, ">", sprintf("%s/host-%05d.json", $dir, $i) or die; print $o $r; close $o;
    }' "$n" "$work/seed.json" "$work/reports"
echo "reports: $n, $(du -sh "$work/reports" | cut -f1) on disk"
t0=$(date +%s%N)
/usr/bin/time -f "%M" -o "$work/rss" java -Xmx256m -Xlog:gc:file="$work/gc.log" -jar target/portaudit.jar report \
    --fleet "$work/reports" --format json -o "$work/fleet.json" 2>"$work/err" || {
    echo "fleet-bench.sh: the roll-up failed: $(tail -3 "$work/err")" >&2; exit 1; }
t1=$(date +%s%N)
perl -MJSON::PP -e 'local $/; my $r = decode_json(<STDIN>);
    printf "roll-up: %d hosts, %d distinct listeners, %d rare (on at most %d hosts), %d skipped\n",
        scalar @{$r->{hosts}}, scalar @{$r->{listeners}}, scalar @{$r->{rare}}, $r->{rareAtMost}, scalar @{$r->{skipped}}' \
    < "$work/fleet.json"
heap=$(grep -o '[0-9]*M->[0-9]*M' "$work/gc.log" | sed 's/M->.*//' | sort -n | tail -1)
echo "time: $(( (t1 - t0) / 1000000 )) ms; heap cap 256 MiB, largest heap before a collection ${heap:-?} MiB; peak RSS $(( $(cat "$work/rss") / 1024 )) MiB"
