#!/usr/bin/env bash
# Runs every fuzz target (fuzz/) for longer than the suite does and prints what each reached.
# Usage: tools/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default 60 s, every target)
# Builds ./build-asan first (clang, ASan+UBSan, libFuzzer; as tools/sanitize.sh address does).
# The inputs each run finds are kept in build-asan/fuzz/long-runs/<target>/corpus and are the
# start of the next run; a crash leaves its input there too (crash-*, leak-*, timeout-*), and
# this script exits 1. To turn a finding into a regression seed, copy it into
# fuzz/corpus/<target>/ once it is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(note key_history receipt bundle token_file http_request rpc_request command config)
fi

bash tools/setup.sh >/dev/null
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DLEDGER_SANITIZE=address,undefined -DLEDGER_FUZZ=ON \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
cmake --build build-asan -j2 --target $(printf '%s_fuzz ' "${targets[@]}")
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

work=build-asan/fuzz/long-runs
failed=0
printf '%-14s %12s %9s %8s %8s  %s\n' target executions exec/s edges corpus result
for t in "${targets[@]}"; do
  log="$work/$t.log"
  mkdir -p "$work"
  result=ok
  fuzz/run_fuzz.sh "build-asan/fuzz/${t}_fuzz" fuzz "$t" "$work" "$seconds" > "$log" 2>&1 \
    || { result="FAILED: see $log"; failed=1; }
  runs=$(sed -n 's/^stat::number_of_executed_units: //p' "$log" | tail -1)
  done_line=$(grep -E '^#[0-9]+\s+(DONE|NEW|REDUCE|pulse)' "$log" | tail -1)
  edges=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$done_line")
  rate=$(sed -n 's/.* exec\/s: \([0-9]*\).*/\1/p' <<< "$done_line")
  files=$(find "$work/$t/corpus" -type f | wc -l)
  printf '%-14s %12s %9s %8s %8s  %s\n' "$t" "${runs:-?}" "${rate:-?}" "${edges:-?}" "$files" \
    "$result"
done
exit $failed
