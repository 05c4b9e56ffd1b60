#!/usr/bin/env bash
# The main job: set up, build, and run the demo. It appends a realistic trajectory to ./data
# (printing the ledger head and tree root), folds the ledger into the read models
# (./data.projections), and prints the trajectory's status and offer-shortfall evidence.
# Extra arguments go to ledger_demo (see --help); --trajectory ID also picks what is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh ledger_demo ledgerctl
./build/tools/ledger_demo --data ./data "$@"
trajectory=T-2026-0001
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ "${args[$i]}" == --trajectory ]]; then trajectory="${args[$((i + 1))]}"; fi
  if [[ "${args[$i]}" == --trajectory=* ]]; then trajectory="${args[$i]#--trajectory=}"; fi
done
echo
./build/tools/ledgerctl project --data ./data
./build/tools/ledgerctl trajectory "$trajectory" --data ./data
./build/tools/ledgerctl shortfall "$trajectory" --data ./data
