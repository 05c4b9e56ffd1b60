#!/usr/bin/env bash
# Lints docs/openapi.json with Redocly's CLI (tools/lint, installed by tools/setup.sh) and its
# recommended rule set (tools/lint/redocly.yaml): passes only with no error and no warning.
# Exit 0: clean; 1: a problem (printed); 77: the linter is not installed (Node.js >= 20.19 is
# missing on this machine, so tools/setup.sh could not install it).
set -uo pipefail
source_dir="$1"
redocly="$source_dir/tools/lint/node_modules/.bin/redocly"
if [ ! -x "$redocly" ]; then
  echo "openapi lint: $redocly is not installed (tools/setup.sh installs it where Node.js >= 20.19 is)"
  exit 77
fi
output=$("$redocly" lint --config "$source_dir/tools/lint/redocly.yaml" \
  "$source_dir/docs/openapi.json" 2>&1)
status=$?
echo "$output"
if [ $status -ne 0 ] || grep -Eq "You have [0-9]+ (warning|error)" <<<"$output"; then
  echo "openapi lint: docs/openapi.json has problems (above)"
  exit 1
fi
echo "openapi lint: no error, no warning"
