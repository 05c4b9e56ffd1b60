#!/usr/bin/env bash
# Installs missing Debian packages, configures and builds the project into ./build.
# Usage: tools/build.sh [ninja targets...]   (all targets when none are named)
# LEDGER_WERROR=ON (or OFF) in the environment sets whether the tree's own warnings are errors
# (.ci/run sets ON); left unset, the build directory keeps what it had (OFF when new), so
# switching between .ci/run and tools/run.sh does not rebuild everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  ${LEDGER_WERROR:+-DLEDGER_WERROR="$LEDGER_WERROR"} >/dev/null
cmake --build build -j2 ${1:+--target "$@"}
