#!/usr/bin/env bash
# Installs the Debian packages Qt, the PDF checks (pdffonts, pdftoppm, zbarimg), the virtual
# screen and the tests' throw-away PostgreSQL server (tests/postgresql_server.py) need, only
# when missing.
set -euo pipefail
packages=(
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0 libxcb-xkb1 libnss3
  poppler-utils zbar-tools xvfb xauth
  postgresql
)
command -v dpkg-query >/dev/null || { echo "system-deps: not a Debian system; install Qt's libraries by hand"; exit 0; }
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "system-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
