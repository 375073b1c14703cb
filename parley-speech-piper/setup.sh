#!/usr/bin/env bash
# Installs what parley-speech-piper needs at run and test time: the espeak-ng program, which turns
# text into the IPA phonemes Piper voices read. It is run as a separate process, never linked
# (eSpeak NG is GPL-3). The Piper voice itself is the user's to supply; this only says where it goes.
# Idempotent: apt-get runs only when the package is missing. Run as root (or with sudo on PATH).
set -euo pipefail

packages=(espeak-ng)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "parley-speech-piper: ${packages[*]} already installed"
else
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "parley-speech-piper: apt-get not found; install ${missing[*]} (the espeak-ng program) by hand" >&2
    exit 1
  fi
  sudo_cmd=()
  if ((EUID != 0)); then
    if command -v sudo >/dev/null 2>&1; then
      sudo_cmd=(sudo)
    else
      echo "parley-speech-piper: need root to install ${missing[*]}; run: sudo bash $0" >&2
      exit 1
    fi
  fi
  echo "parley-speech-piper: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  install_missing() {
    "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
  }
  # Lists that are empty (a fresh image) or stale: refresh once and retry.
  if ! install_missing; then
    "${sudo_cmd[@]}" apt-get update -q
    install_missing
  fi
fi

models="${PARLEY_MODELS:-$HOME/.parley/models}"
if [[ -n "${PARLEY_PIPER_VOICE:-}" ]]; then
  echo "parley-speech-piper: voice $PARLEY_PIPER_VOICE"
elif compgen -G "$models/*.onnx.json" >/dev/null; then
  echo "parley-speech-piper: voice $(compgen -G "$models/*.onnx.json" | sort | head -n 1 | sed 's/\.json$//')"
else
  echo "parley-speech-piper: no voice (optional). To use Piper, download a voice's .onnx and .onnx.json,"
  echo "  such as en_US-lessac-medium, from https://huggingface.co/rhasspy/piper-voices into $models"
  echo "  or set PARLEY_PIPER_VOICE to the .onnx file."
fi
