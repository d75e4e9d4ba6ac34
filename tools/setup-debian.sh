#!/bin/sh
# Installs the Debian 12 packages wasmref builds and tests with, if any is missing.
# Uses sudo when not run as root. Nothing else is downloaded.
set -eu
pkgs="cmake ninja-build g++ wabt nlohmann-json3-dev googletest libgtest-dev libbenchmark-dev chromium"
missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
if [ -z "$missing" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
echo "installing:$missing" >&2
$SUDO apt-get update
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y $missing
