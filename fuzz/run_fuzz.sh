#!/usr/bin/env bash
# Runs one fuzz target: its seed corpus first, then mutations for a bounded time.
# Usage: fuzz/run_fuzz.sh BINARY FUZZ_DIR NAME WORK_DIR SECONDS
#   BINARY    the libFuzzer executable (build-asan/fuzz/<name>_fuzz)
#   FUZZ_DIR  the source folder fuzz/ (seeds in corpus/<name>, dictionary in dict/<name>.dict)
#   WORK_DIR  where new inputs and crash files go (<WORK_DIR>/<name>/), never the source tree
# Exits non-zero on a crash, a leak, a timeout of one input or a sanitizer report; the input
# that caused it is left in WORK_DIR/<name>/ and its path printed by libFuzzer.
set -euo pipefail
binary=$1 fuzz_dir=$2 name=$3 work=$4 seconds=$5
out="$work/$name"
mkdir -p "$out/corpus"
args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536
      -print_final_stats=1 -artifact_prefix="$out/")
if [ -f "$fuzz_dir/dict/$name.dict" ]; then args+=(-dict="$fuzz_dir/dict/$name.dict"); fi
exec "$binary" "${args[@]}" "$out/corpus" "$fuzz_dir/corpus/$name"
