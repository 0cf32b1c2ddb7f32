#include "text_sink.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "errors.hpp"

namespace harfact::io::detail {

namespace {

constexpr std::size_t k_min_allocation = std::size_t{256} << 10;

}  // namespace

text_sink::text_sink(const input_options& options, const std::string& label, bool compressed,
                     std::uint64_t size_hint)
    : options_(options), label_(label), compressed_(compressed) {
  constexpr std::uint64_t k_addressable =
      std::numeric_limits<std::size_t>::max() - k_text_padding - 1;
  cap_ = static_cast<std::size_t>(std::min(options.max_bytes, k_addressable) + 1);
  // An exact hint (a plain file's size) allocates once; a too-small one just grows.
  buffer_.reserve(static_cast<std::size_t>(
      std::min<std::uint64_t>(std::max<std::uint64_t>(size_hint, k_min_allocation), cap_)));
}

std::span<char> text_sink::space() {
  if (buffer_.spare().empty()) {
    const std::size_t grown = std::max(buffer_.capacity() * 2, k_min_allocation);
    buffer_.reserve(std::min(grown, cap_));
  }
  return buffer_.spare();
}

result<void> text_sink::commit(std::size_t n, std::uint64_t consumed) {
  if (compressed_) hash_.update(buffer_.data() + buffer_.size(), n);
  buffer_.commit(n);
  const std::uint64_t size = buffer_.size();
  if (size > options_.max_bytes) return too_large_error(options_, label_, compressed_);
  // Compare without dividing: out > in * ratio, treating an overflowing product as
  // "not a bomb" (the size limit still applies).
  std::uint64_t allowed = 0;
  if (compressed_ && size > k_ratio_threshold &&
      !__builtin_mul_overflow(consumed, options_.max_ratio, &allowed) && size > allowed) {
    return bomb(consumed);
  }
  return {};
}

result<void> text_sink::append(std::string_view bytes) {
  while (!bytes.empty()) {
    const std::span<char> room = space();
    const std::size_t n = std::min(room.size(), bytes.size());
    std::copy_n(bytes.data(), n, room.data());
    if (auto r = commit(n, 0); !r) return r;
    bytes.remove_prefix(n);
  }
  return {};
}

padded_buffer text_sink::take() {
  buffer_.seal();
  return std::move(buffer_);
}

error too_large_error(const input_options& options, const std::string& label, bool compressed) {
  if (compressed) {
    return file_error(errc::too_large, label,
                      fmt::format("'{}' decompresses to more than the size limit of {} bytes",
                                  label, options.max_bytes),
                      "decompress it to a plain file first (gunzip / zstd -d) and open that: "
                      "plain files are memory-mapped and not subject to this limit");
  }
  return file_error(errc::too_large, label,
                    fmt::format("'{}' is larger than the size limit of {} bytes for inputs "
                                "read into memory",
                                label, options.max_bytes),
                    "save it to a plain file and open that by path: plain files are "
                    "memory-mapped and not subject to this limit");
}

error text_sink::bomb(std::uint64_t consumed) const {
  return file_error(
      errc::too_large, label_,
      fmt::format("'{}' expanded {} compressed bytes to more than {} bytes (over {}:1); "
                  "this looks like a decompression bomb",
                  label_, consumed, buffer_.size(), options_.max_ratio),
      "if the capture is genuine, decompress it yourself (gunzip / zstd -d) and open the "
      "plain file, or raise the limit (--max-ratio)");
}

}  // namespace harfact::io::detail
