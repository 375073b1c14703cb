#!/usr/bin/env bash
# Installs what parley-speech-flite needs at run and test time: the Flite shared libraries,
# which in Debian's libflite1 include the cmu_us_slt voice (libflite_cmu_us_slt.so.1).
set -euo pipefail
"$(dirname "${BASH_SOURCE[0]}")/../bin/apt-install" parley-speech-flite libflite1
