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
                     std::uint64_t size_hint, bool sniff)
    : options_(options), label_(label), compressed_(compressed), sniff_done_(!sniff) {
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
  if (!sniff_done_) return sniff();
  return {};
}

// A streamed text (standard input, a pipe) that cannot start a capture is
// refused as soon as its first bytes are in, with the reader's own words: a pipe
// of junk that never ends would otherwise be read to max_bytes first. (Files are
// mapped or read by size; devices are refused when opened.)
// What can start one: JSON (a UTF-8 BOM, UTF-16 with or without BOM), a JSONP
// callback, XML; also JSON scalars, which the reader refuses with its own
// "not a HAR" message.
result<void> text_sink::sniff() {
  const std::string_view t(buffer_.data(), buffer_.size());
  const auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (sniffed_ < t.size() && ws(t[sniffed_])) ++sniffed_;
  const std::size_t p = sniffed_;
  if (p == t.size()) {
    if (t.size() < k_leading_whitespace_limit) return {};
    return file_error(errc::invalid_json, label_,
                      fmt::format("'{}' starts with more than {} bytes of whitespace and nothing "
                                  "else: not a capture",
                                  label_, k_leading_whitespace_limit),
                      "check that the input is a HAR file");
  }
  if (p + 1 >= t.size()) return {};  // the byte after the first one decides UTF-16
  sniff_done_ = true;
  const auto c = static_cast<unsigned char>(t[p]);
  const auto next = static_cast<unsigned char>(t[p + 1]);
  const bool ascii_next = next >= 0x20 && next < 0x7F;
  const auto starts = [&](std::string_view bom) { return t.substr(0, bom.size()) == bom; };
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
  if (letter && c != 't' && c != 'f' && c != 'n') {
    // Only a JSONP callback starts so: a name, then '(' (as the reader requires).
    std::size_t i = p;
    const auto name_char = [](unsigned char ch) {
      return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
             ch == '_' || ch == '$' || ch == '.';
    };
    while (i < t.size() && name_char(static_cast<unsigned char>(t[i]))) ++i;
    while (i < t.size() && ws(t[i])) ++i;
    if (i == t.size() && t.size() < 4096) {
      sniff_done_ = false;  // decide when more has arrived
      return {};
    }
    if (i < t.size() && t[i] == '(') return {};
  } else {
    const bool ok = (p == 0 && (starts("\xEF\xBB\xBF") || starts("\xFF\xFE") ||
                                starts("\xFE\xFF"))) ||    // byte order marks
                    (c == 0 && ascii_next) ||              // UTF-16BE, no BOM
                    (c == 0 && p == 0 && t.size() >= 4 &&  // UTF-32 (refused later, by name)
                     (t[1] != 0 || t[2] != 0 || t[3] != 0)) ||
                    c == '{' || c == '[' || c == '<' || c == '"' || c == '-' ||
                    (c >= '0' && c <= '9') || letter;
    if (ok) return {};
  }
  location where;
  where.file = label_;
  where.byte_offset = p;
  where.line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < p; ++i) {
    if (t[i] == '\n') {
      ++where.line;
      line_start = i + 1;
    }
  }
  where.column = static_cast<std::uint32_t>(p - line_start + 1);
  const std::string shown =
      c >= 0x20 && c < 0x7F ? std::string(1, static_cast<char>(c)) : fmt::format("\\x{:02x}", c);
  return make_error(errc::invalid_json,
                    fmt::format("invalid JSON: unexpected character '{}'", shown), std::move(where),
                    "the file is not well-formed JSON");
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
