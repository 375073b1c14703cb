#!/usr/bin/env bash
# parley-speech-vosk needs no system package: the vosk jar ships libvosk and JNA comes from Maven.
# The model is the user's to supply (it cannot be downloaded from here); this only says where it goes.
# Idempotent: it changes nothing.
set -euo pipefail

models="${PARLEY_MODELS:-$HOME/.parley/models}"
if [[ -n "${PARLEY_VOSK_MODEL:-}" ]]; then
  if [[ -d "$PARLEY_VOSK_MODEL" ]]; then
    echo "parley-speech-vosk: model $PARLEY_VOSK_MODEL"
  else
    echo "parley-speech-vosk: PARLEY_VOSK_MODEL=$PARLEY_VOSK_MODEL is not a directory"
  fi
elif compgen -G "$models/vosk-model-*/" >/dev/null; then
  echo "parley-speech-vosk: model $(compgen -G "$models/vosk-model-*/" | sort | head -n 1)"
else
  echo "parley-speech-vosk: no model (optional). To use Vosk, unzip a model such as"
  echo "  vosk-model-small-en-us-0.15 from https://alphacephei.com/vosk/models into $models"
  echo "  or set PARLEY_VOSK_MODEL to its directory."
fi
