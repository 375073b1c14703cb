#!/usr/bin/env bash
# parley-speech-whisper needs no system package: whisper-jni ships whisper.cpp inside its jar.
# The model is the user's to supply (it cannot be downloaded from here); this only says where it goes.
# Idempotent: it changes nothing.
set -euo pipefail

models="${PARLEY_MODELS:-$HOME/.parley/models}"
if [[ -n "${PARLEY_WHISPER_MODEL:-}" ]]; then
  if [[ -f "$PARLEY_WHISPER_MODEL" ]]; then
    echo "parley-speech-whisper: model $PARLEY_WHISPER_MODEL"
  else
    echo "parley-speech-whisper: PARLEY_WHISPER_MODEL=$PARLEY_WHISPER_MODEL does not exist"
  fi
elif compgen -G "$models/ggml-*.bin" >/dev/null; then
  echo "parley-speech-whisper: model $(compgen -G "$models/ggml-*.bin" | sort | head -n 1)"
else
  echo "parley-speech-whisper: no model (optional). To use Whisper, download a ggml model such as"
  echo "  ggml-base.en.bin from https://huggingface.co/ggerganov/whisper.cpp into $models"
  echo "  or set PARLEY_WHISPER_MODEL to its path."
fi
