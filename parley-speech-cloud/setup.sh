#!/usr/bin/env bash
# Installs what parley-speech-cloud needs at run and test time. Idempotent: packages already
# installed are left alone, and the package lists are refreshed only when something is missing.
#
#   libopus0   the Opus codec, loaded through the FFM API (no JNI, no -dev package), for the
#              Moshi-style full-duplex server adapter (--agent moshi:URL) and its tests
# Where apt-get is missing it says what to install; every other cloud adapter works without it.
set -euo pipefail

"$(dirname "${BASH_SOURCE[0]}")/../bin/apt-install" parley-speech-cloud libopus0
