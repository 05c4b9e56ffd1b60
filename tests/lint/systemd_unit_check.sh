#!/usr/bin/env bash
# Checks tools/systemd/ledgerd.service with systemd's own verifier (systemd-analyze verify):
# passes only with no error and no warning (an unknown key, a bad value, a missing binary).
# ExecStart's path is pointed at the built ledgerd, so the check sees a real executable.
#   systemd_unit_check.sh SOURCE_DIR LEDGERD WORK_DIR
# Exit 0: clean; 1: a problem (printed); 77: systemd-analyze is not installed.
set -uo pipefail
if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "systemd unit check: systemd-analyze is not installed"
  exit 77
fi
source_dir="$1" ledgerd="$2" work="$3"
mkdir -p "$work"
sed "s|/opt/trajectory-ledger/bin/ledgerd|$ledgerd|" "$source_dir/tools/systemd/ledgerd.service" \
  > "$work/ledgerd.service"
output=$(systemd-analyze verify "$work/ledgerd.service" 2>&1)
status=$?
if [ $status -ne 0 ] || [ -n "$output" ]; then
  echo "$output"
  echo "systemd unit check: tools/systemd/ledgerd.service has problems (above)"
  exit 1
fi
echo "systemd unit check: systemd-analyze verify found no error and no warning"
