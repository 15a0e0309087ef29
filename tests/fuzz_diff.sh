#!/usr/bin/env bash
# Differential fuzzing: the classifier of this checkout against the one of
# COMMIT (tests/fuzz_diff.c says what is compared). Proof that a reshaping
# of the core changed no behaviour.
#
#   tests/fuzz_diff.sh COMMIT [SECONDS] [RUNS]
#
# Builds COMMIT's core with tests/old_core.sh (clang, -O2, not
# instrumented) and this checkout's with RG_FUZZ=ON (coverage, ASan,
# UBSan), links both into fuzz_diff and fuzzes one job for SECONDS
# (default 600) or RUNS executions, whichever comes first, starting from
# tests/fuzz_corpus (copied to build/fuzz-diff/corpus, kept between runs).
# A difference is written to build/fuzz-diff/ and makes the script fail.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"

[ $# -ge 1 ] || die "usage: tests/fuzz_diff.sh COMMIT [SECONDS] [RUNS]"
commit="$1"
seconds="${2:-600}"
runs="${3:--1}"
command -v clang >/dev/null 2>&1 ||
  die "clang is missing (scripts/setup installs it)"

out="$RG_BUILD/fuzz-diff"
mkdir -p "$out"
say "building the core of $commit"
old="$("$RG_ROOT/tests/old_core.sh" "$commit" "$out/old" \
  -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Release)"
say "building fuzz_diff"
cmake -S "$RG_ROOT" -B "$out/new" -DCMAKE_C_COMPILER=clang -DRG_FUZZ=ON \
  -DRG_OLD_CORE="$old" > "$out/cmake.log" 2>&1 ||
  die "configure failed; log: $out/cmake.log"
cmake --build "$out/new" --target fuzz_diff -j "$(nproc)" \
  > "$out/build.log" 2>&1 || die "build failed; log: $out/build.log"

work="$out/corpus"
if [ ! -d "$work" ]; then
  mkdir -p "$work"
  cp "$RG_ROOT"/tests/fuzz_corpus/* "$work"/
fi
say "fuzzing for at most ${seconds}s"
status=0
"$out/new/tests/fuzz_diff" -max_total_time="$seconds" -runs="$runs" \
  -max_len=4096 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$out/" \
  -dict="$RG_ROOT/tests/fuzz.dict" \
  -print_final_stats=1 "$work" > "$out/fuzz.log" 2>&1 || status=$?
log="$out/fuzz.log"
n="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
if [ "$status" != 0 ]; then
  grep -E 'differs|  new|  old|ERROR|SUMMARY|Test unit written' "$log" |
    head -20 >&2 || true
  die "fuzz_diff FAILED (exit $status) after ${n:-?} executions; log: $log"
fi
echo "fuzz_diff: ${n:-?} executions against $commit, no difference"
