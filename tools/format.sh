#!/usr/bin/env bash
# Formats the C++ sources with clang-format-14 and the repository's .clang-format.
# Usage: tools/format.sh           rewrite every .h and .cpp of ledger/ projections/ api/ tools/
#                                  fuzz/ tests/ in place
#        tools/format.sh --check   change nothing; list each file that is not formatted and exit
#                                  1 if any is (the test format_check runs this)
set -euo pipefail
cd "$(dirname "$0")/.."
format=clang-format-14
if ! command -v "$format" >/dev/null; then
  echo "format: $format not found (tools/setup.sh installs it)" >&2
  exit 77
fi
mapfile -t files < <(find ledger projections api tools fuzz tests \
  -name node_modules -prune -o \( -name '*.h' -o -name '*.cpp' \) -print | sort)
if [ "${1:-}" = "--check" ]; then
  bad=0
  for f in "${files[@]}"; do
    if ! "$format" --dry-run --Werror "$f" >/dev/null 2>&1; then
      echo "format: $f is not formatted (tools/format.sh rewrites it)"
      bad=1
    fi
  done
  [ $bad -eq 0 ] && echo "format: ${#files[@]} files formatted"
  exit $bad
fi
"$format" -i "${files[@]}"
