#!/usr/bin/env bash
# Installs what parley-speech-sphinx needs at run and test time. Idempotent: packages already
# installed are left alone, and the package lists are refreshed only when something is missing.
#
#   libpocketsphinx3       the decoder, loaded through the FFM API (no JNI, no -dev package)
#   pocketsphinx-en-us     US English acoustic model, dictionary and language model
#   pocketsphinx-testdata  real recordings with transcripts, used by the module's tests only
#                          (skipped by `bin/setup`, installed by `bin/setup test`)
# Where apt-get is missing it says what to install and Parley runs without a recogniser (see
# bin/apt-install).
set -euo pipefail

packages=(libpocketsphinx3 pocketsphinx-en-us)
if [[ "${PARLEY_SETUP_FOR:-test}" != run ]]; then
  packages+=(pocketsphinx-testdata)
fi
"$(dirname "${BASH_SOURCE[0]}")/../bin/apt-install" parley-speech-sphinx "${packages[@]}"
