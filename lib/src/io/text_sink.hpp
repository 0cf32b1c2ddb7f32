// Internal: where decompressed (or streamed) text goes while an input is read.
// Grows the buffer, hashes the text as it arrives and enforces the size and
// decompression-ratio limits of input_options.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "harfact/core/result.hpp"
#include "harfact/io/input.hpp"
#include "harfact/io/sha256.hpp"
#include "padded_buffer.hpp"

namespace harfact::io::detail {

/// The ratio limit applies only once this much text has been produced, so small
/// but very compressible captures are never refused.
inline constexpr std::uint64_t k_ratio_threshold = std::uint64_t{64} << 20;

/// A streamed text whose first this many bytes are all whitespace is refused:
/// no capture starts so (and `yes ' '` would otherwise fill memory to max_bytes).
inline constexpr std::uint64_t k_leading_whitespace_limit = std::uint64_t{64} << 20;

class text_sink {
 public:
  /// `compressed`: the text is decompressed output (hash it separately, check the
  /// ratio). `size_hint`: expected text size, used for the first allocation.
  /// `sniff`: the text comes from a stream of unknown size (standard input, a
  /// pipe): refuse it as soon as its first bytes cannot start a capture.
  text_sink(const input_options& options, const std::string& label, bool compressed,
            std::uint64_t size_hint, bool sniff = false);

  /// Writable room (never empty): grows geometrically, but never past max_bytes + 1,
  /// so a bomb is caught after at most one byte too many.
  std::span<char> space();
  /// Counts `n` bytes written into space(). `consumed` is how many compressed bytes
  /// have been read so far (for the ratio check).
  result<void> commit(std::size_t n, std::uint64_t consumed);
  /// Copies uncompressed bytes in.
  result<void> append(std::string_view bytes);

  std::uint64_t size() const noexcept { return buffer_.size(); }
  /// Seals the buffer (padding zeroed) and hands it over.
  padded_buffer take();
  /// Digest of the text (compressed inputs only: plain text equals its input).
  digest256 finish_hash() { return hash_.finish(); }

 private:
  error bomb(std::uint64_t consumed) const;

  // The first bytes must be able to start a capture (see sniff()).
  result<void> sniff();

  const input_options& options_;
  const std::string& label_;
  bool compressed_;
  std::size_t sniffed_ = 0;  // leading whitespace seen so far
  bool sniff_done_ = false;
  std::size_t cap_;  // max_bytes + 1, clamped to what size_t can address
  padded_buffer buffer_;
  sha256 hash_;
};

/// The errc::too_large error for an input over options.max_bytes.
error too_large_error(const input_options& options, const std::string& label, bool compressed);

}  // namespace harfact::io::detail
