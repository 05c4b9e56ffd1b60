#!/usr/bin/env bash
# Installs missing Debian packages, configures and builds the project into ./build.
# Usage: tools/build.sh [ninja targets...]   (all targets when none are named)
# LEDGER_WERROR=ON in the environment makes the tree's own warnings errors (.ci/run sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DLEDGER_WERROR="${LEDGER_WERROR:-OFF}" >/dev/null
cmake --build build -j2 ${1:+--target "$@"}
