#!/usr/bin/env bash
# Benchmark for `harfact trackers` (not a test). Needs the build and the large
# HAR that tests/bench/run.sh makes (run that first).
#
# usage: tests/bench/run_trackers.sh [SIZE_MB] [BUILD_DIR]
# Measures, best of 3 each: classification per request (signatures, then the
# broad lists for what no signature matched) with bench_classify; list load
# time; `harfact trackers` end to end on the file against the reader alone
# (bench_read_all): the target is matching and decoding adding at most 25%.
set -euo pipefail
size=${1:-400}
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${2:-$(cd "$repo/.." && pwd)/build-bench}
har="$build/bench-${size}mb.har"
if [[ ! -f $har ]]; then
  echo "no $har: run tests/bench/run.sh $size $build first" >&2
  exit 0
fi
cmake --build "$build" -j2 >/dev/null
best() {  # best "seconds" of three runs of a command that prints seconds=S
  local b=
  for _ in 1 2 3; do
    local s
    s=$("$@" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p')
    if [[ -z $b ]] || awk -v a="$s" -v c="$b" 'BEGIN { exit !(a < c) }'; then b=$s; fi
  done
  echo "$b"
}
wall() {  # best wall seconds of three runs
  local b=
  for _ in 1 2 3; do
    local s0 s1 s
    s0=$(date +%s.%N); "$@" >/dev/null; s1=$(date +%s.%N)
    s=$(echo "$s1 - $s0" | bc)
    if [[ -z $b ]] || awk -v a="$s" -v c="$b" 'BEGIN { exit !(a < c) }'; then b=$s; fi
  done
  echo "$b"
}
cat "$har" >/dev/null
classify_line=$("$build/tests/bench/bench_classify" --signatures "$repo/signatures" "$har")
classify_only=$("$build/tests/bench/bench_classify" --no-lists --signatures "$repo/signatures" "$har")
read_s=$(best "$build/tests/bench/bench_read_all" "$har")
trackers_s=$(wall "$build/tools/harfact/harfact" trackers --signatures "$repo/signatures" -o /dev/null "$har")
trackers_nolist_s=$(wall "$build/tools/harfact/harfact" trackers --signatures "$repo/signatures" \
  --no-default-lists -o /dev/null "$har")
{
  echo "harfact trackers benchmark  $(date -u +%Y-%m-%dT%H:%M:%SZ)  ($har)"
  echo "  classification, signatures + default lists: $classify_line"
  echo "  classification, signatures only:            $classify_only"
  echo "  reader alone (bench_read_all):     ${read_s} s"
  echo "  harfact trackers (with lists):     ${trackers_s} s  ratio $(awk -v a="$trackers_s" -v b="$read_s" 'BEGIN { printf "%.2f", a / b }')"
  echo "  harfact trackers (no lists):       ${trackers_nolist_s} s  ratio $(awk -v a="$trackers_nolist_s" -v b="$read_s" 'BEGIN { printf "%.2f", a / b }')"
  echo "  target: ns_per_request < 1000; trackers / reader <= 1.25"
} | tee "$build/bench-trackers.txt"
