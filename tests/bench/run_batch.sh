#!/usr/bin/env bash
# Benchmark for `harfact batch` (not a test): captures per second with 1 and 2
# worker threads, and the speedup (target: near-linear).
#
# usage: tests/bench/run_batch.sh [MIN_CAPTURES] [BUILD_DIR]
#   MIN_CAPTURES  at least this many captures (default 1000)
#   BUILD_DIR     a configured build tree (default ../build-bench); harfact_cli is built there
#
# The HAR and JSON captures of the corpus ($HARFACT_CORPUS, default ../shared/corpus;
# JSONTestSuite left out) are copied round-robin into a temporary directory outside the
# repository until there are MIN_CAPTURES of them. Each copy gets its own number of
# trailing newlines, so every copy has its own SHA-256: the batch analyses each one (copies
# with the same bytes would share one result and be reused, which is not what is measured).
# Then `harfact batch DIR -o OUT -q --jobs J` runs for J = 1 and 2, each into a fresh output
# directory, best of BENCH_RUNS (default 2) wall times. The setup (loading the signature
# database, filter lists and Public Suffix List) is measured on an empty directory and
# reported apart; rates are given over the whole run and net of the setup, with the CPU
# time (user + system) of the run: on a machine shared with other work the wall-clock
# speedup is bounded by the cores actually free, the CPU time shows what the pool costs.
set -euo pipefail
min=${1:-1000}
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${2:-$(cd "$repo/.." && pwd)/build-bench}
corpus=${HARFACT_CORPUS:-$(cd "$repo/.." && pwd)/shared/corpus}
runs=${BENCH_RUNS:-2}
if [[ ! -d $corpus ]]; then
  echo "no corpus at $corpus (set HARFACT_CORPUS)" >&2
  exit 0
fi
if [[ ! -f $build/build.ninja && ! -f $build/Makefile ]]; then
  echo "no build tree at $build: configure one first, e.g." >&2
  echo "  cmake -S $repo -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release" >&2
  exit 2
fi
cmake --build "$build" -j2 --target harfact_cli >/dev/null
harfact="$build/tools/harfact/harfact"

work=$(mktemp -d "${TMPDIR:-/tmp}/harfact-batch-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
mapfile -d '' sources < <(find "$corpus" -type f \( -iname '*.har' -o -iname '*.json' \) \
  -not -path '*/jsontestsuite/*' -print0 | sort -z)
if ((${#sources[@]} == 0)); then
  echo "no captures in $corpus" >&2
  exit 0
fi
mkdir -p "$work/in" "$work/empty"
n=0
while ((n < min)); do
  for src in "${sources[@]}"; do
    ((n >= min)) && break
    dir="$work/in/$((n % 16))"
    mkdir -p "$dir"
    { cat "$src"; head -c $((n / ${#sources[@]} + 1)) /dev/zero | tr '\0' '\n'; } >"$dir/c$n.har"
    n=$((n + 1))
  done
done
bytes=$(du -sb "$work/in" | cut -f1)
cat "$work"/in/*/* >/dev/null  # every run starts from the page cache

wall() {  # "wall cpu" seconds of the best (lowest wall) of $runs runs of: harfact batch ... -o <fresh dir>
  local b= bc_=
  for r in $(seq "$runs"); do
    local out="$work/out-$RANDOM-$r" real user sys
    local TIMEFORMAT='%R %U %S'
    { time { "$harfact" batch -q "$@" -o "$out" >/dev/null || [[ $? -eq 4 ]]; }; } 2>"$work/time"
    read -r real user sys <"$work/time"
    rm -rf "$out"
    if [[ -z $b ]] || awk -v a="$real" -v c="$b" 'BEGIN { exit !(a < c) }'; then
      b=$real
      bc_=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')
    fi
  done
  echo "$b $bc_"
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
read -r setup _ < <(wall "$work/empty" --jobs 1)
read -r t1 c1 < <(wall "$work/in" --jobs 1)
read -r t2 c2 < <(wall "$work/in" --jobs 2)
# The summary of one run, for the outcome counts.
"$harfact" batch -q "$work/in" -o "$work/check" --jobs 2 >/dev/null || true
ok=$(grep -c '"ok":true' "$work/check/summary.ndjson" || true)
lines=$(wc -l <"$work/check/summary.ndjson")
rate() { awk -v n="$n" -v t="$1" -v s="${2:-0}" 'BEGIN { printf "%.1f", n / (t - s) }'; }
{
  echo "harfact batch benchmark  $(date -u +%Y-%m-%dT%H:%M:%SZ)  ($(nproc) cores)"
  echo "  load average before: $load_before"
  echo "  captures: $n copies of ${#sources[@]} corpus files, $((bytes / 1048576)) MiB; $lines summary lines, $ok ok"
  echo "  setup (databases and lists, empty input): ${setup} s"
  echo "  --jobs 1: ${t1} s  $(rate "$t1") captures/s  ($(rate "$t1" "$setup") net of setup), CPU ${c1} s"
  echo "  --jobs 2: ${t2} s  $(rate "$t2") captures/s  ($(rate "$t2" "$setup") net of setup), CPU ${c2} s"
  echo "  speedup 2 jobs / 1 job: $(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", a / b }')" \
       "($(awk -v a="$t1" -v b="$t2" -v s="$setup" 'BEGIN { printf "%.2f", (a - s) / (b - s) }') net of setup)"
  echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$build/bench-batch.txt"
