#!/usr/bin/env bash
# Benchmark for `harfact trackers` (not a test). Needs the build and the large
# HAR that tests/bench/run.sh makes (run that first).
#
# usage: tests/bench/run_trackers.sh [SIZE_MB] [BUILD_DIR]
# Measures, best of 3 each: classification per request on one core (signatures,
# then the broad lists for what no signature matched: EasyPrivacy and EasyList,
# EasyPrivacy alone, none) with bench_classify, with the lists' load time;
# `harfact trackers` end to end on the file against the reader alone
# (bench_read_all), with both lists, EasyPrivacy alone and none: the target is
# matching and decoding adding at most 25%.
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
best_line() {  # the output line, of three runs, with the lowest ns_per_request
  local b= bn=
  for _ in 1 2 3; do
    local line n
    line=$("$@")
    n=$(sed -n 's/.*ns_per_request=\([0-9.]*\).*/\1/p' <<<"$line")
    if [[ -z $bn ]] || awk -v a="$n" -v c="$bn" 'BEGIN { exit !(a < c) }'; then b=$line; bn=$n; fi
  done
  echo "$b"
}
one_core=()
command -v taskset >/dev/null && one_core=(taskset -c 0)
easyprivacy=$("$build/tests/bench/bench_classify" --print-default-lists | grep -m1 easyprivacy || true)
cat "$har" >/dev/null
classify=("${one_core[@]}" "$build/tests/bench/bench_classify" --signatures "$repo/signatures")
classify_line=$(best_line "${classify[@]}" "$har")
classify_ep=n/a
[[ -n $easyprivacy ]] && classify_ep=$(best_line "${classify[@]}" --list "$easyprivacy" "$har")
classify_only=$(best_line "${classify[@]}" --no-lists "$har")
read_s=$(best "$build/tests/bench/bench_read_all" "$har")
harfact=("$build/tools/harfact/harfact" trackers --signatures "$repo/signatures" -o /dev/null)
trackers_s=$(wall "${harfact[@]}" "$har")
trackers_ep_s=n/a
[[ -n $easyprivacy ]] && trackers_ep_s=$(wall "${harfact[@]}" --no-default-lists --list "$easyprivacy" "$har")
trackers_nolist_s=$(wall "${harfact[@]}" --no-default-lists "$har")
ratio() { awk -v a="$1" -v b="$read_s" 'BEGIN { if (a == "n/a") print "n/a"; else printf "%.2f", a / b }'; }
{
  echo "harfact trackers benchmark  $(date -u +%Y-%m-%dT%H:%M:%SZ)  ($har)"
  echo "  load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "  classification, one core${one_core:+ (taskset -c 0)}, best of 3:"
  echo "    signatures + EasyPrivacy + EasyList: $classify_line"
  echo "    signatures + EasyPrivacy:            $classify_ep"
  echo "    signatures only:                     $classify_only"
  echo "  reader alone (bench_read_all):          ${read_s} s"
  echo "  harfact trackers (EasyPrivacy+EasyList): ${trackers_s} s  ratio $(ratio "$trackers_s")"
  echo "  harfact trackers (EasyPrivacy):          ${trackers_ep_s} s  ratio $(ratio "$trackers_ep_s")"
  echo "  harfact trackers (no lists):             ${trackers_nolist_s} s  ratio $(ratio "$trackers_nolist_s")"
  echo "  target: ns_per_request < 1000; trackers / reader <= 1.25"
  echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$build/bench-trackers.txt"
