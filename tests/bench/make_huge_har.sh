#!/usr/bin/env bash
# Builds a HAR larger than 4 GiB (simdjson's single-document limit) for the
# windowed-reading benchmark (tests/bench/run_huge.sh), by repeating the entries
# of the benchmark HAR that tests/bench/run.sh makes (make_big_har.py writes one
# entry a line: the header line ends with "entries":[, the footer is "]}}").
# Repeated entries keep their timestamps, so the copy's later rounds go back in
# time: the reader reports that as out_of_order diagnostics, which is harmless here.
#
# usage: tests/bench/make_huge_har.sh SOURCE.har OUT.har TARGET_MB
set -euo pipefail
src=$1 out=$2 target_mb=$3
[[ -f $src ]] || { echo "make_huge_har: no $src (run tests/bench/run.sh first)" >&2; exit 1; }
src_bytes=$(stat -c %s "$src")
rounds=$(((target_mb * 1000000 + src_bytes - 1) / src_bytes))
tmp="$out.tmp.$$"
trap 'rm -f "$tmp" "$tmp.body"' EXIT
# The entries, one per line, without the header, the footer and the last newline.
tail -n +2 "$src" | head -n -1 >"$tmp.body"
truncate -s -1 "$tmp.body"   # the newline before "]}}"
{
  head -n 1 "$src"
  for ((i = 1; i < rounds; i++)); do
    cat "$tmp.body"
    printf ',\n'
  done
  cat "$tmp.body"
  printf '\n]}}\n'
} >"$tmp"
mv "$tmp" "$out"
echo "$out: $(stat -c %s "$out") bytes, $rounds rounds of $src" >&2
