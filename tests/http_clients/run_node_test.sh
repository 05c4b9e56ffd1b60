#!/usr/bin/env bash
# Runs one of the Node.js HTTP client tests of this folder against the build's ledgerd:
#   run_node_test.sh SCRIPT.mjs SOURCE_DIR LEDGERD LEDGERCTL LEDGER_DEMO GENERATE_LEDGER
# The npm packages they use are those of tools/lint (pinned in its package-lock.json, installed
# by tools/setup.sh). Exit 0: pass; 1: fail (printed); 77: skipped, where Node.js >= 20 or the
# packages are missing (tools/setup.sh installs them only where Node.js >= 20.19 is).
set -uo pipefail
script="$(dirname "$0")/$1"
shift
if ! command -v node >/dev/null; then
  echo "skipped: Node.js is not installed"
  exit 77
fi
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  echo "skipped: Node.js $(node --version) is older than 20"
  exit 77
fi
exec node "$script" "$@"
