#!/usr/bin/env bash
# Installs what parley-speech-sphinx needs at run and test time. Idempotent: packages already
# installed are left alone, and the package lists are refreshed only when something is missing.
#
#   libpocketsphinx3       the decoder, loaded through the FFM API (no JNI, no -dev package)
#   pocketsphinx-en-us     US English acoustic model, dictionary and language model
#   pocketsphinx-testdata  LibriVox clips with transcripts, used by the module's tests
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
# Only update when a package has no install candidate yet (fresh image with empty lists).
for package in "${missing[@]}"; do
  if ! apt-cache policy "$package" 2>/dev/null | grep -q 'Candidate: [^(]'; then
    "${sudo[@]}" apt-get update -qq
    break
  fi
done
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
