#!/usr/bin/env bash
# Builds the release archive and the Debian package from the packaged jar:
#   target/dist/portaudit-VERSION.tar.gz   bin/ lib/ rules/ systemd/ completion/ man/ etc/ and the docs
#   target/dist/portaudit_VERSION_all.deb  /usr/bin, /usr/share/portaudit, /etc/portaudit (kept on upgrade)
# Usage: dist/package.sh [OUTDIR]   (run 'mvn -B package -DskipTests' first; needs dpkg-deb for the .deb)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/dist}
jar=target/portaudit.jar
[ -f "$jar" ] || { echo "package.sh: $jar is missing; build it first: mvn -B package -DskipTests" >&2; exit 2; }
command -v java >/dev/null || { echo "package.sh: java (17 or newer) is needed to generate the manual page" >&2; exit 2; }

version=$(java -jar "$jar" --version | sed -n '1s/^portaudit //p')
[ -n "$version" ] || { echo "package.sh: cannot read the version from $jar" >&2; exit 3; }
# a Debian version sorts pre-releases before the release: 1.2.0-SNAPSHOT becomes 1.2.0~snapshot
debversion=$(printf '%s' "$version" | tr 'A-Z' 'a-z' | sed 's/-/~/g')

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# Files both artefacts ship, generated from the jar itself.
java -jar "$jar" manpage > "$work/portaudit.1"
java -jar "$jar" completion > "$work/portaudit.bash"
grep -q '^\.TH PORTAUDIT 1' "$work/portaudit.1" || { echo "package.sh: the manual page did not generate" >&2; exit 3; }
grep -q 'complete .*portaudit' "$work/portaudit.bash" || { echo "package.sh: the completion did not generate" >&2; exit 3; }

cat > "$work/policy.yaml" <<'EOF'
# Local policy for this host, kept when the package is upgraded or removed. Every run without
# --policy reads it (--no-default-policy opts out; docs/configuration.md has the order).
# It is merged over the default policy; 'portaudit policy validate' checks it, and docs/policies.md
# (in the package's documentation) and /usr/share/portaudit/rules/examples/ show every setting.
version: 1
description: local policy of this host

# allow:
#   - name: SSH from anywhere
#     protocol: tcp
#     port: 22
#     process: sshd
EOF

cat > "$work/default" <<'EOF'
# Options of the portaudit systemd units (portaudit-agent.service, portaudit-report.service).
PORTAUDIT_AGENT_OPTS="--policy /etc/portaudit/policy.yaml"
PORTAUDIT_REPORT_OPTS="--policy /etc/portaudit/policy.yaml"
# Where the agent's and the daily report's metrics go for node_exporter's textfile collector
# (as portaudit.prom); empty: nowhere.
PORTAUDIT_TEXTFILE_DIR=/var/lib/prometheus/node-exporter
EOF

# ---- release archive ------------------------------------------------------------------------
name=portaudit-$version
tree=$work/$name
mkdir -p "$tree/bin" "$tree/lib" "$tree/systemd" "$tree/completion" "$tree/man/man1" "$tree/etc/portaudit" \
    "$tree/etc/default"
install -m 0755 dist/bin/portaudit "$tree/bin/portaudit"
install -m 0644 "$jar" "$tree/lib/portaudit.jar"
cp -R rules "$tree/rules"
install -m 0644 dist/systemd/*.service dist/systemd/*.timer dist/systemd/*.path "$tree/systemd/"
install -m 0755 dist/systemd/textfile-handover "$tree/systemd/textfile-handover"
mkdir -p "$tree/logback"
install -m 0644 dist/logback/*.xml "$tree/logback/"
mkdir -p "$tree/prometheus" "$tree/grafana"
install -m 0644 dist/prometheus/*.yml "$tree/prometheus/"
install -m 0644 dist/grafana/*.json "$tree/grafana/"
install -m 0644 "$work/portaudit.bash" "$tree/completion/portaudit"
install -m 0644 "$work/portaudit.1" "$tree/man/man1/portaudit.1"
install -m 0644 "$work/policy.yaml" "$tree/etc/portaudit/policy.yaml"
install -m 0644 "$work/default" "$tree/etc/default/portaudit"
install -m 0644 README.md "$tree/README.md"
cp -R docs "$tree/docs"
# sorted names, fixed owner and times: the same jar gives the same archive
mtime=$(date -u -r "$jar" +%Y-%m-%dT%H:%M:%SZ)
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="$mtime" -C "$work" -czf "$work/$name.tar.gz" "$name"
mv -f "$work/$name.tar.gz" "$out/$name.tar.gz"

# ---- Debian package -------------------------------------------------------------------------
if ! command -v dpkg-deb >/dev/null; then
    echo "package.sh: dpkg-deb not found; built $out/$name.tar.gz only" >&2
    exit 0
fi
root=$work/deb
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/portaudit" "$root/lib/systemd/system" \
    "$root/usr/share/bash-completion/completions" "$root/usr/share/man/man1" "$root/usr/share/doc/portaudit" \
    "$root/etc/portaudit" "$root/etc/default"
install -m 0755 dist/bin/portaudit "$root/usr/bin/portaudit"
install -m 0644 "$jar" "$root/usr/share/portaudit/portaudit.jar"
cp -R rules "$root/usr/share/portaudit/rules"
install -m 0644 dist/systemd/*.service dist/systemd/*.timer dist/systemd/*.path "$root/lib/systemd/system/"
install -m 0755 dist/systemd/textfile-handover "$root/usr/share/portaudit/textfile-handover"
# the logging configurations the agent's documentation names (-Dlogback.configurationFile=...)
mkdir -p "$root/usr/share/portaudit/logback"
install -m 0644 dist/logback/*.xml "$root/usr/share/portaudit/logback/"
# the alerting rules (and their promtool unit tests) for a Prometheus that scrapes the agents
mkdir -p "$root/usr/share/portaudit/prometheus" "$root/usr/share/portaudit/grafana"
install -m 0644 dist/prometheus/*.yml "$root/usr/share/portaudit/prometheus/"
install -m 0644 dist/grafana/*.json "$root/usr/share/portaudit/grafana/"
install -m 0644 "$work/portaudit.bash" "$root/usr/share/bash-completion/completions/portaudit"
gzip -9n < "$work/portaudit.1" > "$root/usr/share/man/man1/portaudit.1.gz"
install -m 0644 "$work/policy.yaml" "$root/etc/portaudit/policy.yaml"
install -m 0644 "$work/default" "$root/etc/default/portaudit"
gzip -9n < README.md > "$root/usr/share/doc/portaudit/README.md.gz"
# the pages stay uncompressed so that the README's links into docs/ resolve
mkdir -p "$root/usr/share/doc/portaudit/docs"
install -m 0644 docs/* "$root/usr/share/doc/portaudit/docs/"
cat > "$root/usr/share/doc/portaudit/copyright" <<'EOF'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: portaudit

Files: *
License: Apache-2.0
 On Debian systems the full text is in /usr/share/common-licenses/Apache-2.0.

Files: usr/share/portaudit/rules/ports/iana-ports.tsv
License: CC0-1.0
 Derived from the IANA Service Name and Transport Protocol Port Number Registry.

Files: usr/share/portaudit/rules/ports/usage-ports.tsv
License: CC-BY-SA-4.0
 Derived from the Wikipedia article "List of TCP and UDP port numbers" by Wikipedia
 contributors; see usr/share/portaudit/rules/ports/NOTICE.
EOF
find "$root" -type d -exec chmod 0755 {} +
find "$root/usr/share/portaudit/rules" -type f -exec chmod 0644 {} +

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<EOF
Package: portaudit
Version: $debversion
Architecture: all
Maintainer: portaudit maintainers <portaudit@localhost>
Installed-Size: $size
Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless | openjdk-17-jre-headless | openjdk-21-jre-headless
Recommends: bash-completion, nftables, iptables
Section: admin
Priority: optional
Description: audit what listens on this host and who owns it
 portaudit lists every listening TCP and UDP socket with its owning process, user and
 command line, matches it against the IANA port registry and a usage classification,
 and checks it against range rules and a local YAML policy. Reports are written for
 people (terminal, HTML) and machines (JSON, SARIF, JUnit, CSV, Prometheus).
EOF
printf '/etc/portaudit/policy.yaml\n/etc/default/portaudit\n' > "$root/DEBIAN/conffiles"

cat > "$root/DEBIAN/postinst" <<'EOF'
#!/bin/sh
# Makes the class-data-sharing archive that shortens every run's start-up; a failure only costs speed.
set -e
if [ "$1" = configure ]; then
    mkdir -p /var/cache/portaudit
    rm -f /var/cache/portaudit/*.jsa
    PORTAUDIT_CDS_DIR=/var/cache/portaudit /usr/bin/portaudit --version >/dev/null 2>&1 || true
    chmod -R a+rX /var/cache/portaudit
    if [ -d /run/systemd/system ]; then
        systemctl daemon-reload >/dev/null 2>&1 || true
    fi
fi
exit 0
EOF
cat > "$root/DEBIAN/prerm" <<'EOF'
#!/bin/sh
set -e
if [ -d /run/systemd/system ] && [ "$1" = remove ]; then
    systemctl stop portaudit-agent.service portaudit-agent-metrics.path portaudit-report.timer \
        portaudit-report.service >/dev/null 2>&1 || true
fi
exit 0
EOF
cat > "$root/DEBIAN/postrm" <<'EOF'
#!/bin/sh
# Removal takes what the package made at run time; purging also takes the agent's state.
set -e
case "$1" in
    remove|purge)
        rm -rf /var/cache/portaudit
        if [ -d /run/systemd/system ]; then
            systemctl daemon-reload >/dev/null 2>&1 || true
        fi
        ;;
esac
if [ "$1" = purge ]; then
    rm -rf /var/lib/portaudit /var/lib/private/portaudit
    rmdir /etc/portaudit 2>/dev/null || true
fi
exit 0
EOF
chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm" "$root/DEBIAN/postrm"
deb=portaudit_${debversion}_all.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$work/$deb" >/dev/null
mv -f "$work/$deb" "$out/$deb"
echo "$out/$name.tar.gz"
echo "$out/$deb"
