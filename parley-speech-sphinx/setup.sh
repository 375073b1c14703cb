#!/usr/bin/env bash
# Installs what parley-speech-sphinx needs at run and test time. Idempotent: packages already
# installed are left alone, and the package lists are refreshed only when something is missing.
#
#   libpocketsphinx3       the decoder, loaded through the FFM API (no JNI, no -dev package)
#   pocketsphinx-en-us     US English acoustic model, dictionary and language model
#   pocketsphinx-testdata  real recordings with transcripts, used by the module's tests
set -euo pipefail

packages=(libpocketsphinx3 pocketsphinx-en-us pocketsphinx-testdata)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed'; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "parley-speech-sphinx: ${packages[*]} already installed"
  exit 0
fi

sudo=()
if ((EUID != 0)); then
  sudo=(sudo)
fi

echo "parley-speech-sphinx: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
install_missing() {
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
updated=false
# Update only when a package has no install candidate (a fresh image has empty package lists).
for package in "${missing[@]}"; do
  if ! apt-cache policy "$package" 2>/dev/null | grep -q 'Candidate: [^(]'; then
    "${sudo[@]}" apt-get update -qq
    updated=true
    break
  fi
done
# Lists that are present but stale point at versions the mirror no longer has: refresh, retry.
if ! install_missing; then
  if [[ $updated == true ]]; then
    exit 1
  fi
  "${sudo[@]}" apt-get update -qq
  install_missing
fi
