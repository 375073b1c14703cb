#!/usr/bin/env bash
# Installs what parley-speech-flite needs at run and test time: the Flite shared libraries,
# which in Debian's libflite1 include the cmu_us_slt voice (libflite_cmu_us_slt.so.1).
# Idempotent: apt-get runs only when a package is missing. Run as root (or with sudo on PATH).
set -euo pipefail

packages=(libflite1)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "parley-speech-flite: ${packages[*]} already installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "parley-speech-flite: apt-get not found; install ${missing[*]} (Flite 2.x with the cmu_us_slt voice) by hand" >&2
  exit 1
fi

sudo_cmd=()
if ((EUID != 0)); then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "parley-speech-flite: need root to install ${missing[*]}; run: sudo bash $0" >&2
    exit 1
  fi
fi

echo "parley-speech-flite: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
