#!/usr/bin/env bash
# Builds the tree with sanitizers into its own directory and runs tests under them.
# Usage: tools/sanitize.sh address   ASan+UBSan build (clang) in ./build-asan: the whole suite
#                                    and a short run of every fuzz target
#        tools/sanitize.sh thread    TSan build (gcc) in ./build-tsan: the tests tagged
#                                    [concurrent]
# Any sanitizer report aborts the process it is in, so the test that triggered it fails and
# ctest prints the report. Suppressions for the uninstrumented Debian libraries, each with its
# reason, are in tools/sanitizers/.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-}
targets=()
case "$kind" in
  # clang, so that the same build holds the libFuzzer targets (fuzz/), run briefly by ctest.
  address) dir=build-asan
           options=(-DLEDGER_SANITIZE=address,undefined -DLEDGER_FUZZ=ON
                    -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14) ;;
  # gcc, and only the binaries the [concurrent] tests are in: the ledger core (sequencer, head
  # watch, command handler, checkpointer, projector, backups) and the server's worker pool
  # and metrics. The api tests' threads are mostly kj event loops, which TSan cannot follow.
  thread)  dir=build-tsan; options=(-DLEDGER_SANITIZE=thread)
           targets=(--target ledger_tests api_runtime_tests) ;;
  *) echo "usage: tools/sanitize.sh address|thread" >&2; exit 2 ;;
esac

bash tools/setup.sh
started=$(date +%s)
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${options[@]}" >/dev/null
cmake --build "$dir" -j2 "${targets[@]}"
built=$(date +%s)

sup="$PWD/tools/sanitizers"
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
export LSAN_OPTIONS="suppressions=$sup/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$sup/ubsan.supp"
# ignore_noninstrumented_modules: the Debian libraries are not instrumented, so TSan cannot see
# how they order their own memory (RocksDB's reference counts and futures are atomics and
# futexes inside librocksdb); only the accesses of code built here are judged. Without it,
# RocksDB's flush freeing a memtable and BackupEngine's workers handing results back through
# std::future were reported as races, each with both sides inside librocksdb.
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:ignore_noninstrumented_modules=1:suppressions=$sup/tsan.supp"

status=0
if [ "$kind" = address ]; then
  ctest --test-dir "$dir" --output-on-failure -j2 --timeout 900 || status=$?
else
  for t in ledger_tests api_runtime_tests; do
    "$dir/tests/$t" "[concurrent]" || status=$?
  done
fi
echo "sanitize $kind: build $((built - started)) s, tests $(($(date +%s) - built)) s, exit $status"
exit $status
