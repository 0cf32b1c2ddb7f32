// Fuzz target: the Burp Suite and Charles XML importers, through the reader
// (reader::open_memory detects the XML root and converts it to HAR text).
// Seeds and dictionary are XML; the reader target covers the JSON side.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "read_all.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static volatile std::uint64_t sink = 0;
  sink = sink + harfact::fuzz::read_all(harfact::fuzz::as_view(data, size));
  return 0;
}
