#!/usr/bin/env bash
# Installs what parley-server's browser end-to-end test needs: Debian's Chromium, which the test
# drives over the DevTools protocol (so no chromedriver), and a font for the page's screenshot.
# Idempotent: apt-get runs only when a package is missing. Run as root (or with sudo on PATH).
set -euo pipefail

packages=(chromium fonts-dejavu-core)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "parley-server: ${packages[*]} already installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "parley-server: apt-get not found; install ${missing[*]} by hand" >&2
  exit 1
fi

sudo_cmd=()
if ((EUID != 0)); then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "parley-server: need root to install ${missing[*]}; run: sudo bash $0" >&2
    exit 1
  fi
fi

echo "parley-server: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
