#!/usr/bin/env bash
# Installs the system packages the tests need: Mesa's lavapipe Vulkan driver
# (WebGPU through Dawn on the CPU), Chromium (browser tests) and dasm (the
# built-in cartridge's assembler). Debian 12 ships Mesa 22, which Dawn
# rejects, so Mesa comes from bookworm-backports.
# Safe to run again: it skips what is already installed.
set -euo pipefail

have_package() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

mesa_is_new_enough() {
  local version
  version=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)
  [ -n "$version" ] && dpkg --compare-versions "$version" ge 24
}

if mesa_is_new_enough && have_package libvulkan1 && have_package chromium \
  && have_package dasm; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup-system: run as root (apt-get is needed) or install by hand:" >&2
  echo "  mesa-vulkan-drivers and libvulkan1 from bookworm-backports, chromium, dasm" >&2
  exit 1
fi

backports=/etc/apt/sources.list.d/bookworm-backports.sources
if [ ! -e "$backports" ]; then
  # Copy the stock Debian entry with the suite renamed, so the mirror and
  # signing key stay those the machine already trusts.
  awk 'BEGIN { RS = ""; ORS = "\n\n" }
       /Suites: bookworm bookworm-updates/ {
         sub(/Suites: bookworm bookworm-updates/, "Suites: bookworm-backports");
         print }' /etc/apt/sources.list.d/debian.sources >"$backports"
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers libvulkan1 >/dev/null
apt-get install -y -qq chromium dasm >/dev/null
echo "setup-system: installed Mesa $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers), chromium, dasm"
