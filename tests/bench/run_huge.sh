#!/usr/bin/env bash
# Benchmark for captures over 4 GiB (not a test): the reader goes window by
# window (reader_options::window_bytes), so peak resident memory must stay flat
# from the 400 MB benchmark HAR to a generated 6 GB one (simdjson alone cannot
# take a document over 4 GiB at all).
#
# usage: tests/bench/run_huge.sh [SIZE_MB] [BUILD_DIR]    (default 6000, ../build-bench)
# Needs the build and bench-400mb.har that tests/bench/run.sh makes (run that
# first); writes BUILD_DIR/bench-<SIZE_MB>mb.har once (make_huge_har.sh) and keeps it.
# Measures, for both files, bench_read_all (every field of every entry, SHA-256
# on a second thread) and `harfact inspect`: wall seconds, GB/s and peak RSS
# (GNU time), and with --window 0 (everything kept mapped) for contrast.
set -euo pipefail
size=${1:-6000}
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${2:-$(cd "$repo/.." && pwd)/build-bench}
small="$build/bench-400mb.har"
big="$build/bench-${size}mb.har"
if [[ ! -f $small ]]; then
  echo "no $small: run tests/bench/run.sh 400 $build first" >&2
  exit 0
fi
[[ -f $big ]] || "$repo/tests/bench/make_huge_har.sh" "$small" "$big" "$size"
cmake --build "$build" -j2 >/dev/null
read_all="$build/tests/bench/bench_read_all"
harfact="$build/tools/harfact/harfact"

measure() {  # label command...: one run, prints seconds, GB/s and peak RSS
  local label=$1 file=${*: -1}
  shift
  local out s0 s1 rss
  s0=$(date +%s.%N)
  out=$( { /usr/bin/time -f 'peak_rss_kib=%M' "$@" >/dev/null; } 2>&1 | tail -n 1)
  s1=$(date +%s.%N)
  rss=${out#peak_rss_kib=}
  awk -v l="$label" -v a="$s0" -v b="$s1" -v r="$rss" -v n="$(stat -c %s "$file")" \
    'BEGIN { t = b - a; printf "  %-44s %8.2f s  %6.2f GB/s  peak RSS %7.1f MiB\n", l, t, n / t / 1e9, r / 1024 }'
}
{
  echo "harfact windowed-reading benchmark  $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "  files: $(stat -c %s "$small") and $(stat -c %s "$big") bytes; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  for f in "$small" "$big"; do
    cat "$f" >/dev/null  # from the page cache, like the other benchmarks (if it fits)
    name=$(basename "$f")
    measure "bench_read_all $name" "$read_all" "$f"
    measure "bench_read_all --window 0 $name" "$read_all" --window 0 "$f"
    measure "harfact inspect $name" "$harfact" inspect --format json -o /dev/null "$f"
  done
  echo "  target: peak RSS flat from the 400 MB to the ${size} MB file (window 64 MiB)"
} | tee "$build/bench-huge.txt"
