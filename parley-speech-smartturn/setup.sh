#!/usr/bin/env bash
# parley-speech-smartturn needs nothing from apt: its Java code, ONNX Runtime (a Maven dependency) and its
# test fixtures are all in the build. Only the Smart Turn v3.2 weights live outside it, and they are optional:
# without them Parley judges the end of a turn on silence, words and context rules, and says so once.
#
# The weights (smart-turn-v3.2-cpu.onnx, 8,679,182 bytes, BSD-2-Clause) come from Hugging Face, which this
# script does not assume it can reach. Install them with `./parley models install smart-turn` on a machine
# that reaches huggingface.co; it downloads, checks size and sha256, and moves the file into place atomically.
# Safe to run at any time; always exits 0.
set -euo pipefail

readonly MODEL_NAME='smart-turn-v3.2-cpu.onnx'
readonly MODELS_DIR="${PARLEY_MODELS:-$HOME/.parley/models}"

say() { printf 'parley-speech-smartturn: %s\n' "$*"; }

say "nothing to install from apt"
if [[ -f "$MODELS_DIR/$MODEL_NAME" ]]; then
  say "Smart Turn weights present: $MODELS_DIR/$MODEL_NAME (checked against the pinned sha256 when loaded)"
else
  say "Smart Turn weights are optional and not installed ($MODELS_DIR/$MODEL_NAME)."
  say "Install them with \`./parley models install smart-turn\` where the internet reaches Hugging Face,"
  say "or copy $MODEL_NAME from https://huggingface.co/pipecat-ai/smart-turn-v3 into $MODELS_DIR by hand."
fi
exit 0
