#!/usr/bin/env bash
# Installs what parley-speech-silero needs and does nothing for what is already in place:
#   - the Silero VAD v6.2 ONNX model (MIT, ~2.3 MB) as ${PARLEY_MODELS:-$HOME/.parley/models}/silero_vad.onnx,
#     taken from the npm package @livekit/agents-plugin-silero (the only registry we can reach that ships it)
#     and checked against a pinned sha256;
#   - Debian's pocketsphinx-testdata (real speech clips the module's tests run on), unless
#     PARLEY_SKIP_TESTDATA=1 or the package is already installed.
# Safe to run again at any time. Later this becomes `./parley models install`.
set -euo pipefail

readonly NPM_PACKAGE='@livekit/agents-plugin-silero@1.9.0'
readonly MODEL_NAME='silero_vad.onnx'
readonly MODEL_SHA256='1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3'
readonly MODELS_DIR="${PARLEY_MODELS:-$HOME/.parley/models}"
readonly TARGET="$MODELS_DIR/$MODEL_NAME"

say() { printf 'parley-speech-silero: %s\n' "$*"; }
die() { printf 'parley-speech-silero: %s\n' "$*" >&2; exit 1; }

# sha256sum on Linux, shasum on macOS.
sha256_of() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

install_model() {
  if [[ -f "$TARGET" && "$(sha256_of "$TARGET")" == "$MODEL_SHA256" ]]; then
    say "model already installed: $TARGET"
    return
  fi
  if ! command -v npm >/dev/null; then
    # Soft unless strict: without the model Parley uses its energy VAD and says so.
    [[ "${PARLEY_SETUP_STRICT:-0}" == 1 ]] && die "npm is needed to fetch $NPM_PACKAGE (apt-get install -y npm)"
    say "npm not found: cannot fetch the Silero model ($NPM_PACKAGE); install Node.js (apt-get install npm,"
    say "  or brew install node) and run this again. Until then Parley uses its energy VAD."
    return
  fi
  mkdir -p "$MODELS_DIR"

  local work
  work="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: $work is local and gone when the trap fires
  trap "rm -rf '$work'" EXIT

  say "downloading the Silero VAD model (about 2.3 MB) from npm: $NPM_PACKAGE"
  (cd "$work" && npm pack --silent "$NPM_PACKAGE" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" package/dist/"$MODEL_NAME"
  local fetched="$work/package/dist/$MODEL_NAME"
  local actual
  actual="$(sha256_of "$fetched")"
  [[ "$actual" == "$MODEL_SHA256" ]] ||
    die "$NPM_PACKAGE carries a $MODEL_NAME with sha256 $actual, expected $MODEL_SHA256; not installing it"

  # Copy next to the target first so the final rename is atomic on the same file system:
  # a reader never sees a half-written model.
  local staged
  staged="$(mktemp "$MODELS_DIR/.$MODEL_NAME.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$work' '$staged'" EXIT
  cp "$fetched" "$staged"
  chmod 0644 "$staged"
  mv -f "$staged" "$TARGET"
  say "installed model: $TARGET (sha256 $MODEL_SHA256)"
}

install_testdata() {
  if [[ "${PARLEY_SKIP_TESTDATA:-0}" == 1 ]]; then
    say "skipping pocketsphinx-testdata (PARLEY_SKIP_TESTDATA=1)"
    return
  fi
  if dpkg -s pocketsphinx-testdata >/dev/null 2>&1; then
    say "test audio already installed: /usr/share/pocketsphinx/test/data"
    return
  fi
  command -v apt-get >/dev/null || {
    say "no apt-get here: the tests that need real speech will be skipped"
    return
  }
  local sudo=()
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null || {
      say "not root and no sudo: install pocketsphinx-testdata yourself to run the speech tests"
      return
    }
    sudo=(sudo)
  fi
  say "installing pocketsphinx-testdata"
  "${sudo[@]}" apt-get install -y -q pocketsphinx-testdata >/dev/null ||
    { "${sudo[@]}" apt-get update -q >/dev/null && "${sudo[@]}" apt-get install -y -q pocketsphinx-testdata >/dev/null; }
  say "installed test audio: /usr/share/pocketsphinx/test/data"
}

install_model
install_testdata
