#!/usr/bin/env bash
# The main job: set up, build, and run the demo (appends a realistic trajectory to ./data and
# prints the ledger head and tree root). Extra arguments go to ledger_demo (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh ledger_demo
./build/tools/ledger_demo --data ./data "$@"
