// Fuzz target: the HAR reader (any capture bytes: JSON, gzip, zlib, zstd,
// UTF-16, JSONP), read completely as every command reads it.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "read_all.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static volatile std::uint64_t sink = 0;
  sink = sink + harfact::fuzz::read_all(harfact::fuzz::as_view(data, size));
  return 0;
}
