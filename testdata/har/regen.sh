#!/bin/sh
# Regenerates every derived file in testdata/ from its hand-written source.
# Deterministic: run it twice and `git status` shows no change (with the same
# gzip/zstd/python versions; see testdata/README.md for the versions used).
#
#   testdata/har/regen.sh            (from anywhere)
#
# Needs: gzip, zstd, iconv, python3 (for zlib and the byte patches).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
sample="$here/../sample"
cd "$here"

for tool in gzip zstd iconv python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "regen.sh: $tool not found" >&2; exit 1; }
done

# Compressed copies of minimal_valid.har: gzip without name or time stamp (-n)
# so the bytes do not depend on when or where this runs.
gzip -9 -n -c minimal_valid.har > minimal_valid.har.gz
zstd -19 -q -f --no-progress -c minimal_valid.har > minimal_valid.har.zst

# zlib stream (RFC 1950: 78 DA header, deflate, Adler-32), as some tools store HARs.
python3 -c 'import sys, zlib; sys.stdout.buffer.write(zlib.compress(sys.stdin.buffer.read(), 9))' \
  < minimal_valid.har > minimal_valid.zhar

# UTF-8 byte order mark + minimal_valid.har.
printf '\357\273\277' > with_bom.har
cat minimal_valid.har >> with_bom.har

# UTF-16: little-endian with the FF FE byte order mark; big-endian without one.
printf '\377\376' > utf16le_bom.har
iconv -f UTF-8 -t UTF-16LE minimal_valid.har >> utf16le_bom.har
iconv -f UTF-8 -t UTF-16BE minimal_valid.har > utf16be_nobom.har

# A gzip file damaged in the middle of its deflate data: 8 bytes starting at
# half the file length are XORed with 0xFF (header and trailer stay intact, so
# the file is still recognised as gzip and fails while inflating or on the CRC).
python3 - minimal_valid.har.gz corrupt.har.gz <<'PY'
import sys
data = bytearray(open(sys.argv[1], 'rb').read())
mid = len(data) // 2
for i in range(mid, mid + 8):
    data[i] ^= 0xFF
open(sys.argv[2], 'wb').write(bytes(data))
PY

# The sample exhibit, compressed.
gzip -9 -n -c "$sample/exhibit.har" > "$sample/exhibit.har.gz"

echo "regen.sh: derived files written"
