#!/usr/bin/env bash
# Installs what parley-speech-piper needs at run and test time: the espeak-ng program, which turns
# text into the IPA phonemes Piper voices read. It is run as a separate process, never linked
# (eSpeak NG is GPL-3). The Piper voice itself is the user's to supply; this only says where it goes.
set -euo pipefail

"$(dirname "${BASH_SOURCE[0]}")/../bin/apt-install" parley-speech-piper espeak-ng

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
