#!/usr/bin/env bash
# harfact set-up on Debian 12: installs what is missing, builds, and then
#   run   runs harfact on the bundled sample exhibit (testdata/sample/exhibit.har)
#   test  runs the whole test suite
#
# usage: tools/setup.sh run|test
# Idempotent: apt-get runs only for packages that are absent. Run it as root, or
# as a user who may use sudo. Extra CMake arguments: HARFACT_CMAKE_ARGS="...".
# The build goes to build/ (HARFACT_BUILD_DIR to change it).
set -euo pipefail

mode=${1:-}
if [[ "$mode" != run && "$mode" != test ]]; then
  echo "usage: tools/setup.sh run|test" >&2
  exit 2
fi
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${HARFACT_BUILD_DIR:-build}

# What harfact builds with (README, "Dependencies", says why each is there).
packages=(
  cmake ninja-build g++ pkg-config
  libsimdjson-dev libfmt-dev libboost-program-options-dev libpugixml-dev
  libpsl-dev publicsuffix libre2-dev zlib1g-dev libzstd-dev libssl-dev
  libgtest-dev
  webext-ublock-origin-chromium
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  # --no-install-recommends: webext-ublock-origin-chromium is there for its copies of
  # EasyPrivacy and EasyList (harfact's default broad lists), not for a browser.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

jobs=$(nproc 2>/dev/null || echo 2)
# shellcheck disable=SC2086
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${HARFACT_CMAKE_ARGS:-} >/dev/null

if [[ "$mode" == run ]]; then
  cmake --build "$build" --target harfact_cli -j "$jobs"
  echo "setup: $build/tools/harfact/harfact inspect testdata/sample/exhibit.har" >&2
  "$build/tools/harfact/harfact" inspect testdata/sample/exhibit.har
else
  cmake --build "$build" -j "$jobs"
  ctest --test-dir "$build" -j "$jobs" --output-on-failure
fi
