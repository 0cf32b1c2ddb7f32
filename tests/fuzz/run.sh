#!/usr/bin/env bash
# Runs the libFuzzer targets (tests/fuzz/README.md).
#
#   tests/fuzz/run.sh [TARGET|all] [SECONDS] [BUILD_DIR]
#
# TARGET: one of the targets below, or all (default); SECONDS per target
# (default 60); BUILD_DIR the clang build (default ../build-fuzz beside the
# source tree), configured and built here. Environment:
#   JOBS, WORKERS      libFuzzer's -jobs and -workers (default 1 and JOBS)
#   RSS_LIMIT_MB       -rss_limit_mb (default 2048)
#   TIMEOUT            -timeout in seconds for one input (default 10)
#   FUZZ_WORK          work area (default ../fuzz-work): <target>/corpus gets the
#                      new interesting inputs, <target>/artifacts the crashes,
#                      hangs, leaks and OOMs, <target>/logs the raw output
#   BUILD_JOBS         parallel compile jobs (default 2)
#   EXTRA              more libFuzzer options, e.g. EXTRA="-only_ascii=1"
#   SKIP_BUILD=1       run the binaries already in BUILD_DIR (e.g. a copy made
#                      before long campaigns, so editing the tree cannot change
#                      or break them mid-run)
# The repository's seeds (tests/fuzz/corpus/<target>) are read, never written.
set -euo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
fuzz_dir=$src/tests/fuzz
all_targets=(har_reader analysis sig_loader filter_list consent payload xml_import allegations redact)

target=${1:-all}
seconds=${2:-60}
build=${3:-$src/../build-fuzz}
jobs=${JOBS:-1}
workers=${WORKERS:-$jobs}
rss=${RSS_LIMIT_MB:-2048}
timeout=${TIMEOUT:-10}
work=${FUZZ_WORK:-$src/../fuzz-work}
build_jobs=${BUILD_JOBS:-2}

# -max_len per target: the size of the inputs that matter, not more (a longer
# limit makes every mutation slower).
max_len() {
  case $1 in
    har_reader | analysis) echo 65536 ;;
    redact) echo 32768 ;;
    xml_import) echo 32768 ;;
    sig_loader | allegations) echo 16384 ;;
    filter_list | payload) echo 8192 ;;
    consent) echo 4096 ;;
  esac
}

if [[ $target == all ]]; then
  targets=("${all_targets[@]}")
else
  [[ " ${all_targets[*]} " == *" $target "* ]] || {
    echo "run.sh: unknown target '$target' (one of: ${all_targets[*]}, all)" >&2
    exit 2
  }
  targets=("$target")
fi
[[ $seconds =~ ^[0-9]+$ ]] || { echo "run.sh: SECONDS must be a number" >&2; exit 2; }

cxx=${CXX_FUZZ:-clang++-14}
[[ ${SKIP_BUILD:-0} == 1 ]] || command -v "$cxx" >/dev/null || { echo "run.sh: $cxx not found (apt install clang-14)" >&2; exit 2; }
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHARFACT_FUZZ=ON -DHARFACT_BUILD_TESTS=OFF \
    -DHARFACT_BUILD_TOOLS=OFF -DHARFACT_INSTALL=OFF >/dev/null
  cmake --build "$build" -j "$build_jobs" --target "${targets[@]/#/fuzz_}"
fi

count() { find "$1" -maxdepth 1 -type f 2>/dev/null | wc -l; }
count_crashes() {
  find "$1" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
    -o -name 'oom-*' \) 2>/dev/null | wc -l
}

summary=()
status=0
for t in "${targets[@]}"; do
  bin=$(find "$build" -name "fuzz_$t" -type f -perm -u+x | head -n 1)
  [[ -n $bin ]] || { echo "run.sh: fuzz_$t was not built" >&2; exit 1; }
  dir=$work/$t
  mkdir -p "$dir/corpus" "$dir/artifacts" "$dir/logs"
  before=$(count "$dir/corpus")
  crashes_before=$(count_crashes "$dir/artifacts")
  log=$dir/logs/run-$(date +%Y%m%dT%H%M%S).log
  echo "== $t: ${seconds}s, jobs $jobs, max_len $(max_len "$t") (log: $log)"
  opts=(-max_total_time="$seconds" -dict="$fuzz_dir/dict/$t.dict" -max_len="$(max_len "$t")"
        -rss_limit_mb="$rss" -timeout="$timeout" -print_final_stats=1
        -artifact_prefix="$dir/artifacts/")
  if ((jobs > 1)); then
    opts+=(-jobs="$jobs" -workers="$workers")
    rm -f "$dir/logs"/fuzz-*.log  # each job writes logs/fuzz-N.log (this run's only)
  fi
  # shellcheck disable=SC2086 # EXTRA is a list of options
  (cd "$dir/logs" && "$bin" "${opts[@]}" ${EXTRA:-} "$dir/corpus" "$fuzz_dir/corpus/$t") \
    >"$log" 2>&1 || true
  logs=("$log")
  if ((jobs > 1)); then
    mapfile -t logs < <(find "$dir/logs" -name 'fuzz-*.log')
  fi
  execs=0 rate=0 cov=0 ft=0
  for l in "${logs[@]}"; do
    [[ -f $l ]] || continue
    e=$(awk '/^stat::number_of_executed_units:/ {print $NF}' "$l" | tail -n 1)
    r=$(awk '/^stat::average_exec_per_sec:/ {print $NF}' "$l" | tail -n 1)
    line=$(grep -E ' cov: [0-9]+ ft: [0-9]+' "$l" | tail -n 1 || true)
    c=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$line")
    f=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$line")
    execs=$((execs + ${e:-0}))
    rate=$((rate + ${r:-0}))
    ((${c:-0} > cov)) && cov=$c
    ((${f:-0} > ft)) && ft=$f
  done
  after=$(count "$dir/corpus")
  crashes=$(($(count_crashes "$dir/artifacts") - crashes_before))
  if ((crashes > 0)); then
    status=1
    grep -E '^(==[0-9]+==ERROR|SUMMARY:|.*runtime error:|ALARM|==[0-9]+== ERROR)' "${logs[@]}" \
      2>/dev/null | head -n 5 || true
  fi
  summary+=("$(printf '%-12s %12s %8s %7s %7s %9s %8s' "$t" "$execs" "$rate" "$cov" "$ft" \
    "+$((after - before))/$after" "$crashes")")
done

echo
printf '%-12s %12s %8s %7s %7s %9s %8s\n' target execs exec/s cov ft corpus crashes
printf '%s\n' "${summary[@]}"
echo "new inputs: $work/<target>/corpus; crashes: $work/<target>/artifacts"
exit "$status"
