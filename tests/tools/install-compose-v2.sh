#!/bin/sh
# Installs the reference `docker compose` 2.26 CLI plugin from Debian trixie's
# docker-compose package without touching the system's apt sources: a private
# apt state directory holds the trixie index, and the package is only unpacked.
set -eu
plugin_dir=/usr/local/lib/docker/cli-plugins
plugin="$plugin_dir/docker-compose"
want=2.26

if [ -x "$plugin" ] && "$plugin" version 2>/dev/null | grep -Eq "version v?$want\."; then
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/sources.d"
cat > "$work/sources.d/trixie.sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
: > "$work/empty.list"
opts="-o Dir::State::Lists=$work/lists -o Dir::Cache=$work/cache \
 -o Dir::Etc::SourceList=$work/empty.list -o Dir::Etc::SourceParts=$work/sources.d \
 -o APT::Get::List-Cleanup=0 -o Debug::NoLocking=1 -o APT::Sandbox::User=root"
# shellcheck disable=SC2086
apt-get $opts update -qq
cd "$work"
# shellcheck disable=SC2086
apt-get $opts download -qq docker-compose=2.26.1-4
dpkg -x docker-compose_2.26.1-4_*.deb root
mkdir -p "$plugin_dir"
install -m 0755 root/usr/libexec/docker/cli-plugins/docker-compose "$plugin"
"$plugin" version
