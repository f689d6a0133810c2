#!/bin/sh
# Installs, as root on Debian bookworm, every package that building Flotilla,
# running it and running its test suite needs.  Nothing is fetched when all of
# them are present already, so a second run is quick and works offline.
#
# usage: build-aux/install-deps.sh
set -eu

packages="
  appstream
  busybox-static
  clang
  curl
  dbus
  dconf-gsettings-backend
  desktop-file-utils
  docker-compose
  docker.io
  flatpak-builder
  gcc
  gettext
  graphviz
  hyperfine
  iproute2
  libadwaita-1-dev
  libglib2.0-dev
  libgtk-4-dev
  libgtksourceview-5-dev
  libjson-glib-dev
  librsvg2-common
  libsoup-3.0-dev
  libyaml-dev
  locales
  meson
  ninja-build
  openssh-client
  openssh-server
  pkg-config
  python3
  python3-botocore
  python3-yaml
  xauth
  xvfb
"

# The Russian translation is tested under this locale (gettext ignores
# LANGUAGE under the C locale).
test_locale=ru_RU.UTF-8

# One dpkg-query for all of them; a package dpkg has never heard of is not
# printed at all, so anything not reported as installed is missing.
# shellcheck disable=SC2086
installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' $packages 2>/dev/null |
  awk '$2 == "installed" { print $1 }' || true)
missing=
for p in $packages; do
  if ! printf '%s\n' "$installed" | grep -qx -- "$p"; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages:$missing" >&2
    echo "install-deps: run this script as root to install them" >&2
    exit 1
  fi
  echo "install-deps: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
fi

if ! locale -a 2>/dev/null | grep -qi '^ru_RU\.utf-\?8$'; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: the $test_locale locale is missing; run this script as root" >&2
    exit 1
  fi
  echo "install-deps: generating the $test_locale locale"
  if [ -f /etc/locale.gen ] && grep -q "^# *$test_locale UTF-8" /etc/locale.gen; then
    sed -i "s/^# *\($test_locale UTF-8\)/\1/" /etc/locale.gen
    locale-gen >/dev/null
  else
    localedef -i ru_RU -f UTF-8 "$test_locale"
  fi
fi
