// Helpers for the io tests: compressing and encoding fixtures in-test, so every
// fixture is built from text visible in the test rather than from opaque files.
#pragma once

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "harfact/io/input.hpp"

namespace harfact::io::test {

/// deflate with the given window bits: 31 = gzip member, 15 = zlib stream.
inline std::string deflate_with(std::string_view data, int window_bits, int level = 6) {
  z_stream zs{};
  if (deflateInit2(&zs, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
}

inline std::string gzip(std::string_view data, int level = 6) {
  return deflate_with(data, 15 + 16, level);
}
inline std::string zlib(std::string_view data) { return deflate_with(data, 15); }

inline std::string zstd(std::string_view data, int level = 3) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), level);
  if (ZSTD_isError(n)) throw std::runtime_error("ZSTD_compress failed");
  out.resize(n);
  return out;
}

/// UTF-16 code units as bytes, optionally with a byte order mark.
inline std::string utf16(std::u16string_view units, bool big_endian, bool bom) {
  std::string out;
  auto put = [&](char16_t u) {
    const char hi = static_cast<char>(u >> 8);
    const char lo = static_cast<char>(u & 0xff);
    out += big_endian ? hi : lo;
    out += big_endian ? lo : hi;
  };
  if (bom) put(u'\xfeff');
  for (char16_t u : units) put(u);
  return out;
}

/// Opens bytes in memory; fails the test (and returns nullptr) on error.
inline std::unique_ptr<input> must_load(std::string_view bytes, const input_options& o = {}) {
  auto r = input::from_memory(bytes, "mem.har", o);
  if (!r) {
    ADD_FAILURE() << "from_memory failed: " << r.error().message;
    return nullptr;
  }
  return std::move(r).value();
}

/// True when the `padding` bytes after text() are readable zeros.
inline bool zero_padded(const input& in, std::size_t padding = 64) {
  if (in.padded_size() < in.text().size() + padding) return false;
  const char* end = in.text().data() + in.text().size();
  for (std::size_t i = 0; i < padding; ++i) {
    if (end[i] != '\0') return false;
  }
  return true;
}

}  // namespace harfact::io::test
