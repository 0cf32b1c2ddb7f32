#!/usr/bin/env bash
# harfact read benchmark: builds the bench executables (Release), generates a big HAR from
# the corpus, and measures in one run harfact reading every field of every entry, a bare
# simdjson walk of the same file, and the jq / Python / Node baselines. See README.md.
#
# usage: tests/bench/run.sh [SIZE_MB] [BUILD_DIR]
#   SIZE_MB    size of the generated HAR in MB (10^6 bytes); default 400
#   BUILD_DIR  Release build directory; default <repo>/../build-bench
# environment:
#   HARFACT_CORPUS       corpus of .har files (default <repo>/../shared/corpus)
#   HARFACT_BENCH_TOOLS  directory of make_big_har.py and baselines.sh
#                        (default <repo>/../shared/bench)
#   BENCH_RUNS           runs per measurement, best (min seconds) kept; default 3
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
parent=$(cd "$repo/.." && pwd)

size_mb=${1:-400}
build=${2:-$parent/build-bench}
corpus=${HARFACT_CORPUS:-$parent/shared/corpus}
tools=${HARFACT_BENCH_TOOLS:-$parent/shared/bench}
runs=${BENCH_RUNS:-3}

die() { echo "run.sh: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }

[[ $size_mb =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "SIZE_MB must be a number, got '$size_mb'"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, got '$runs'"
if [[ ! -d $corpus ]]; then
  echo "run.sh: corpus not found at $corpus (set HARFACT_CORPUS); nothing to benchmark."
  exit 0
fi
[[ -f $tools/make_big_har.py ]] || die "make_big_har.py not found in $tools (set HARFACT_BENCH_TOOLS)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is required for peak RSS"
command -v python3 >/dev/null || die "python3 is required to generate the HAR"

mkdir -p "$build"
build=$(cd "$build" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- 1. Release build of the two bench executables -----------------------------------------
log "configure + build (Release) in $build"
cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DHARFACT_BUILD_BENCH=ON -DHARFACT_BUILD_TESTS=OFF >"$tmp/configure.log" 2>&1 \
  || { cat "$tmp/configure.log" >&2; die "configure failed"; }
cmake --build "$build" -j2 --target bench_read_all bench_bare_walk >"$tmp/build.log" 2>&1 \
  || { cat "$tmp/build.log" >&2; die "build failed"; }
read_all=$build/tests/bench/bench_read_all
bare_walk=$build/tests/bench/bench_bare_walk

# ---- 2. The big HAR (cached in the build dir) ----------------------------------------------
inputs=()
while IFS= read -r -d '' f; do inputs+=("$f"); done \
  < <(find "$corpus" -type f -name '*.har' -not -path '*/jsontestsuite/*' -print0 | sort -z)
((${#inputs[@]} > 0)) || { echo "run.sh: no .har files under $corpus; nothing to benchmark."; exit 0; }

har=$build/bench-${size_mb}mb.har
stamp=$har.stamp
{
  echo "size_mb $size_mb"
  sha256sum "$tools/make_big_har.py" | cut -d' ' -f1
  for f in "${inputs[@]}"; do stat -c '%s %Y %n' "$f"; done
} >"$tmp/stamp"
target_bytes=$(awk -v m="$size_mb" 'BEGIN { printf "%.0f", m * 1e6 }')
if [[ -f $har && -f $stamp ]] && cmp -s "$tmp/stamp" "$stamp" &&
   (($(stat -c %s "$har") >= target_bytes)); then
  log "reusing $har"
else
  log "generating $har (${size_mb} MB from ${#inputs[@]} corpus files)"
  rm -f "$har" "$stamp"
  partial=${har%.har}.partial.har
  python3 "$tools/make_big_har.py" "$partial" "$size_mb" "${inputs[@]}" 2>"$build/make_big_har.log" \
    || { rm -f "$partial"; cat "$build/make_big_har.log" >&2; die "make_big_har.py failed"; }
  mv "$partial" "$har"
  cp "$tmp/stamp" "$stamp"
  skipped=$(grep -c '^skip ' "$build/make_big_har.log" || true)
  log "$(tail -n 1 "$build/make_big_har.log") ($skipped corpus files skipped, see $build/make_big_har.log)"
fi
file_bytes=$(stat -c %s "$har")

# ---- 3. Warm-up: bring the file into the page cache (caches are never dropped) --------------
log "warm-up read"
cat "$har" >/dev/null
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- 4. Measurements -----------------------------------------------------------------------
# kv KEY LINE: the value of KEY in a "k=v k=v" line.
kv() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p" | head -n 1; }

declare -A sec rss line
order=()
# measure NAME CMD...: runs CMD $runs times under GNU time; keeps the best seconds, the
# largest peak RSS, and checks that every run printed the same entries and checksum.
measure() {
  local name=$1; shift
  local i s m l best="" max_rss=0 best_line="" sig="" cur
  for ((i = 1; i <= runs; ++i)); do
    if ! /usr/bin/time -f '%M' -o "$tmp/rss" "$@" "$har" >"$tmp/out" 2>"$tmp/err"; then
      cat "$tmp/out" "$tmp/err" >&2
      die "$name failed"
    fi
    l=$(grep '^file_bytes=' "$tmp/out" | tail -n 1)
    [[ -n $l ]] || die "$name printed no result line"
    s=$(kv seconds "$l")
    m=$(tail -n 1 "$tmp/rss")
    cur="$(kv entries "$l") $(kv checksum "$l")"
    [[ -z $sig || $sig == "$cur" ]] || die "$name: runs disagree ($sig vs $cur)"
    sig=$cur
    if [[ -z $best ]] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$s; best_line=$l
    fi
    if ((m > max_rss)); then max_rss=$m; fi
    log "$name run $i: ${s}s, ${m} KiB"
  done
  sec[$name]=$best; rss[$name]=$max_rss; line[$name]=$best_line
  order+=("$name")
}

measure "bare_walk (simdjson reference)" "$bare_walk"
measure "read_all" "$read_all"
measure "read_all --inline-hash" "$read_all" --inline-hash
have_taskset=0
if command -v taskset >/dev/null; then
  have_taskset=1
  measure "read_all [taskset -c 0]" taskset -c 0 "$read_all"
  measure "read_all --inline-hash [taskset -c 0]" taskset -c 0 "$read_all" --inline-hash
  measure "read_all --no-hash [taskset -c 0]" taskset -c 0 "$read_all" --no-hash
else
  log "taskset not found: single-core runs skipped"
fi

# ---- 5. Baselines (once) -------------------------------------------------------------------
jq_s="" python_s="" node_s="" base_rss=""
: >"$tmp/bout"
if [[ -f $tools/baselines.sh ]]; then
  log "baselines (jq, python, node), once"
  # GNU time's %M for a script is the largest peak RSS among the processes it waited for,
  # i.e. the hungriest of the baseline tools.
  /usr/bin/time -f '%M' -o "$tmp/brss" bash "$tools/baselines.sh" "$har" >"$tmp/bout" 2>"$tmp/berr" \
    || log "baselines.sh exited non-zero (a tool may be missing): $(tail -n 3 "$tmp/berr" | tr '\n' ' ')"
  cat "$tmp/bout" >&2
  jq_s=$(awk '$1 == "jq_s" { print 0 + $2 }' "$tmp/bout")
  python_s=$(awk '$1 == "python_s" { print 0 + $2 }' "$tmp/bout")
  node_s=$(awk '$1 == "node_s" { print 0 + $2 }' "$tmp/bout")
  base_rss=$(tail -n 1 "$tmp/brss")
  [[ $base_rss =~ ^[0-9]+$ ]] || base_rss=""
else
  log "baselines.sh not found in $tools: baselines skipped"
fi

# ---- 6. Summary ----------------------------------------------------------------------------
file_mib=$(awk -v b="$file_bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
entries=$(kv entries "${line[read_all]}")
status=$(kv status "${line[read_all]}")
fmt_row() {  # name seconds [rss_kib]
  awk -v n="$1" -v s="$2" -v r="${3:-}" -v b="$file_bytes" 'BEGIN {
    if (s == "") { printf "  %-40s %9s %8s %12s %12s\n", n, "n/a", "n/a", "n/a", "n/a"; exit }
    if (r == "") { printf "  %-40s %9.3f %8.3f %12s %12s\n", n, s, b / s / 1e9, "-", "-"; exit }
    printf "  %-40s %9.3f %8.3f %12.1f %12.1f\n", n, s, b / s / 1e9, r / 1024, r / 1024 - b / 1048576 }'
}
verdict() {  # value op limit -> PASS/FAIL/n/a
  [[ -n $1 ]] || { echo "n/a"; return; }
  awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
    ok = (op == ">=") ? (v >= t) : (v <= t); print ok ? "PASS" : "FAIL" }'
}
ratio() { [[ -n $1 && -n $2 ]] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }' || echo ""; }
target_row() {  # label value unit op limit
  printf "  %-52s %10s %-5s %s %-6s %s\n" "$1" "${2:-n/a}" "$3" "$4" "$5" "$(verdict "$2" "$4" "$5")"
}

bare=${sec["bare_walk (simdjson reference)"]}
ra=${sec[read_all]}
one_core_name="read_all [taskset -c 0]"
one_core_inline="read_all --inline-hash [taskset -c 0]"
one_core_parse="read_all --no-hash [taskset -c 0]"
gbps() { [[ -n $1 ]] && awk -v s="$1" -v b="$file_bytes" 'BEGIN { printf "%.3f", b / s / 1e9 }' || echo ""; }
worst_rss=0
for n in "read_all" "read_all --inline-hash" "$one_core_name" "$one_core_inline"; do
  if [[ -n ${rss[$n]:-} ]] && ((rss[$n] > worst_rss)); then worst_rss=${rss[$n]}; fi
done
over_mib=$(awk -v r="$worst_rss" -v b="$file_bytes" 'BEGIN { printf "%.1f", r / 1024 - b / 1048576 }')
consistent="OK"
bare_entries=$(kv entries "${line["bare_walk (simdjson reference)"]}")
[[ $bare_entries == "$entries" ]] || consistent="MISMATCH: bare_walk read $bare_entries entries, read_all $entries"
[[ $status == complete ]] || consistent="$consistent; read_all status=$status"
for n in "${order[@]}"; do
  [[ $n == read_all* ]] || continue
  [[ $(kv checksum "${line[$n]}") == $(kv checksum "${line[read_all]}") ]] \
    || consistent="$consistent; checksum differs for $n"
done

{
  echo "harfact read benchmark  $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "  file     $har"
  echo "  size     $file_bytes bytes ($file_mib MiB), $entries entries, status $status"
  echo "  machine  $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores"
  echo "  method   best (min seconds) of $runs runs per row, peak RSS = max over runs (GNU time %M);"
  echo "           file in page cache (warm-up read); baselines run once"
  echo "  load     1/5/15-min load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  printf "  %-40s %9s %8s %12s %12s\n" "run" "seconds" "GB/s" "peak RSS MiB" "RSS-file MiB"
  for n in "${order[@]}"; do fmt_row "$n" "${sec[$n]}" "${rss[$n]}"; done
  fmt_row "jq (print every request URL)" "$jq_s"
  fmt_row "python3 (json.load + visit)" "$python_s"
  fmt_row "node (JSON.parse + visit)" "$node_s"
  if [[ -n $base_rss ]]; then
    printf "  %-40s %9s %8s %12.1f %12s\n" "baseline tools: largest peak RSS" "" "" \
      "$(awk -v r="$base_rss" 'BEGIN { print r / 1024 }')" ""
  fi
  echo
  echo "  targets                                                   measured          target  verdict"
  if ((have_taskset)); then
    target_row "GB/s on one core: read_all [taskset -c 0]" "$(gbps "${sec[$one_core_name]}")" "GB/s" ">=" 0.8
    target_row "GB/s on one core: read_all --inline-hash [taskset]" \
      "$(gbps "${sec[$one_core_inline]}")" "GB/s" ">=" 0.8
    target_row "time read_all [taskset -c 0] / bare_walk" \
      "$(ratio "${sec[$one_core_name]}" "$bare")" "x" "<=" 1.5
    target_row "time read_all --inline-hash [taskset] / bare_walk" \
      "$(ratio "${sec[$one_core_inline]}" "$bare")" "x" "<=" 1.5
    target_row "GB/s on one core, parsing only (--no-hash)" "$(gbps "${sec[$one_core_parse]}")" \
      "GB/s" ">=" 0.8
    target_row "time read_all --no-hash [taskset] / bare_walk" \
      "$(ratio "${sec[$one_core_parse]}" "$bare")" "x" "<=" 1.5
  fi
  target_row "time read_all / bare_walk (hash on 2nd thread)" "$(ratio "$ra" "$bare")" "x" "<=" 1.5
  target_row "node_s / read_all" "$(ratio "$node_s" "$ra")" "x" ">=" 10
  if ((have_taskset)); then
    target_row "node_s / read_all [taskset -c 0]" "$(ratio "$node_s" "${sec[$one_core_name]}")" "x" ">=" 10
  fi
  printf "  %-52s %10s %-5s (info)\n" "python_s / read_all" "$(ratio "$python_s" "$ra")" "x"
  printf "  %-52s %10s %-5s (info)\n" "jq_s / read_all" "$(ratio "$jq_s" "$ra")" "x"
  target_row "peak RSS - file size, worst read_all variant" "$over_mib" "MiB" "<=" 64
  echo
  echo "  consistency (entries, checksums, status): $consistent"
  echo
  echo "  raw result lines (best run):"
  for n in "${order[@]}"; do echo "    [$n] ${line[$n]}"; done
  echo "    [baselines.sh] $(tr '\n' ' ' <"$tmp/bout")"
} | tee "$build/bench-results.txt"
echo "(written to $build/bench-results.txt)" >&2
