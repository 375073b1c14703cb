#!/usr/bin/env bash
# Installs what parley-server's browser end-to-end test needs: Debian's Chromium, which the test
# drives over the DevTools protocol (so no chromedriver), and a font for the page's screenshot.
set -euo pipefail
if [[ "${PARLEY_SETUP_FOR:-test}" == run ]]; then
  echo "parley-server: nothing to install to run (Chromium is for the tests: bin/setup test)"
  exit 0
fi
"$(dirname "${BASH_SOURCE[0]}")/../bin/apt-install" parley-server chromium fonts-dejavu-core
