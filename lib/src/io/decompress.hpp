// Internal: recognising and streaming compressed inputs (gzip, zlib, zstd).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "harfact/core/result.hpp"
#include "harfact/io/input.hpp"
#include "text_sink.hpp"

namespace harfact::io::detail {

/// Bytes needed to recognise every format (zstd's magic is the longest).
inline constexpr std::size_t k_magic_size = 4;

/// The compression of data starting with `head`, by magic bytes only. A head
/// shorter than k_magic_size is only recognised if it matches in full.
compression detect_compression(std::string_view head) noexcept;

/// A streaming decompressor: fed the compressed input chunk by chunk, it writes
/// the text into a text_sink.
class decoder {
 public:
  virtual ~decoder() = default;
  /// Decompresses `chunk`, which starts at byte `offset` of the compressed input.
  virtual result<void> feed(std::string_view chunk, std::uint64_t offset, text_sink& sink) = 0;
  /// Called at the end of the input (`total` bytes): fails if the stream is incomplete.
  virtual result<void> finish(std::uint64_t total) = 0;
};

/// A decoder for `kind` (not compression::none); errors name `label`.
std::unique_ptr<decoder> make_decoder(compression kind, const std::string& label);

}  // namespace harfact::io::detail
