// Internal: the web-safe base64 bit reader the IAB decoders share (signals.md
// D.1), the integer encodings built on it (fixed integers, GPP Fibonacci
// integers, TCF range lists), and the entry points one IAB decoder calls in
// another (a GPP section that holds a TC string or a US Privacy string).
//
// Positions in error messages are 1-based character numbers, or 0-based bit
// offsets into a segment, counted in `signal::input` (after percent-decoding
// and trimming), so a reader can find them in the decoded value.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/consent/signal.hpp"

namespace harfact::consent::iab {

/// The 6-bit value of a base64url character; '+' and '/' are accepted as '-'
/// and '_' (the GPP table prints RFC 4648 letters). -1 for anything else.
constexpr int base64url_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-' || c == '+') return 62;
  if (c == '_' || c == '/') return 63;
  return -1;
}

/// Result of reading a Fibonacci-coded integer.
struct fibonacci {
  enum class status : std::uint8_t { ok, unterminated, too_long };
  status st = status::ok;
  std::uint64_t value = 0;
};

/// Reads bits MSB-first from base64url text.
///
/// Reading past the end yields zero bits (GPP pads with zeros) and sets
/// `truncated()`; the decoders label what they read with `field()` so the
/// first read that crossed the end can be reported by name.
class bit_reader {
 public:
  /// Decodes `text`, dropping trailing '=' padding. On a character outside the
  /// alphabet returns std::nullopt and sets `*bad_index` to its 0-based index.
  static std::optional<bit_reader> from_base64url(std::string_view text, std::size_t* bad_index) {
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
    bit_reader r;
    r.sextets_.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
      const int v = base64url_value(text[i]);
      if (v < 0) {
        if (bad_index != nullptr) *bad_index = i;
        return std::nullopt;
      }
      r.sextets_.push_back(static_cast<std::uint8_t>(v));
    }
    r.bits_ = r.sextets_.size() * 6;
    return r;
  }

  std::size_t size() const noexcept { return bits_; }  ///< in bits
  std::size_t pos() const noexcept { return pos_; }    ///< may exceed size() after truncation
  std::size_t remaining() const noexcept { return pos_ < bits_ ? bits_ - pos_ : 0; }
  bool truncated() const noexcept { return truncated_; }
  /// Label of the field being read when the data first ran out.
  std::string_view truncated_in() const noexcept { return truncated_in_; }
  /// Bit offset at which that field started.
  std::size_t truncated_at() const noexcept { return truncated_at_; }

  /// Labels the reads that follow (a string literal: only the view is kept).
  void field(std::string_view label) noexcept { label_ = label; }

  /// Next `n` bits (n <= 64) as an unsigned integer, MSB first.
  std::uint64_t read_int(unsigned n) noexcept {
    note_truncation(n);
    std::uint64_t v = 0;
    for (unsigned k = 0; k < n; ++k) v = (v << 1) | bit_at(pos_ + k);
    pos_ += n;
    return v;
  }

  bool read_bool() noexcept { return read_int(1) == 1; }

  /// A Fibonacci-coded integer (GPP): bit k adds F(k+2) (1, 2, 3, 5, ...), and
  /// the first "11" ends the code. Codes longer than 64 bits are refused (the
  /// sum would no longer fit a sensible id), as is data that ends first.
  fibonacci read_fibonacci() noexcept {
    constexpr unsigned max_bits = 64;
    fibonacci out;
    const std::size_t start = pos_;
    std::uint64_t f_prev = 1, f_cur = 1;  // F(1), F(2)
    bool prev_one = false;
    for (unsigned k = 0;; ++k) {
      if (pos_ >= bits_) {
        if (!truncated_) {
          truncated_ = true;
          truncated_in_ = label_;
          truncated_at_ = start;
        }
        out.st = fibonacci::status::unterminated;
        return out;
      }
      if (k >= max_bits) {
        out.st = fibonacci::status::too_long;
        return out;
      }
      const bool one = bit_at(pos_++) != 0;
      if (one && prev_one) return out;
      if (one) out.value += f_cur;
      prev_one = one;
      const std::uint64_t next = f_prev + f_cur;
      f_prev = f_cur;
      f_cur = next;
    }
  }

  /// Bits not read yet that are set (to tell trailing padding from data).
  bool rest_is_zero() const noexcept {
    for (std::size_t i = pos_; i < bits_; ++i)
      if (bit_at(i) != 0) return false;
    return true;
  }

 private:
  bit_reader() = default;

  std::uint64_t bit_at(std::size_t i) const noexcept {
    if (i >= bits_) return 0;
    return (sextets_[i / 6] >> (5 - i % 6)) & 1u;
  }

  void note_truncation(std::size_t n) noexcept {
    if (!truncated_ && pos_ + n > bits_) {
      truncated_ = true;
      truncated_in_ = label_;
      truncated_at_ = pos_;
    }
  }

  std::vector<std::uint8_t> sextets_;
  std::size_t bits_ = 0;
  std::size_t pos_ = 0;
  bool truncated_ = false;
  std::string_view label_;
  std::string_view truncated_in_;
  std::size_t truncated_at_ = 0;
};

/// A set of ids 1..65535 (TCF vendor ids are 16-bit by format): a fixed bitmap,
/// so a range entry costs one pass over its words, never one allocation per id.
class id_set {
 public:
  static constexpr std::uint32_t max_id = 65535;

  id_set() : words_(max_id / 64 + 1, 0) {}

  void add(std::uint32_t id) noexcept {
    if (id > max_id) return;
    words_[id / 64] |= std::uint64_t{1} << (id % 64);
  }
  /// Adds first..last inclusive (first <= last <= max_id).
  void add_range(std::uint32_t first, std::uint32_t last) noexcept {
    if (last > max_id) last = max_id;
    for (std::uint32_t id = first; id <= last;) {
      if (id % 64 == 0 && last - id >= 63) {
        words_[id / 64] = ~std::uint64_t{0};
        id += 64;
      } else {
        add(id);
        ++id;
      }
    }
  }
  std::vector<std::int64_t> ids() const {
    std::vector<std::int64_t> out;
    for (std::size_t w = 0; w < words_.size(); ++w) {
      for (std::uint64_t bits = words_[w]; bits != 0; bits &= bits - 1)
        out.push_back(
            static_cast<std::int64_t>(w * 64 + static_cast<unsigned>(std::countr_zero(bits))));
    }
    return out;
  }

 private:
  std::vector<std::uint64_t> words_;
};

/// Reads `n` bits where bit k set means id k+1 (TCF purposes, vendors; GPP).
inline std::vector<std::int64_t> read_bitfield_ids(bit_reader& r, std::size_t n) {
  std::vector<std::int64_t> out;
  for (std::size_t k = 0; k < n; ++k)
    if (r.read_bool()) out.push_back(static_cast<std::int64_t>(k + 1));
  return out;
}

/// Reads `n` fixed-width integers (GPP N-Bitfield(bits, n)).
inline std::vector<std::int64_t> read_int_list(bit_reader& r, unsigned bits, std::size_t n) {
  std::vector<std::int64_t> out;
  out.reserve(n);
  for (std::size_t k = 0; k < n; ++k) out.push_back(static_cast<std::int64_t>(r.read_int(bits)));
  return out;
}

/// Value as signals carry it: percent-decoded until stable, then trimmed of
/// whitespace and of the quotes cookie values are sometimes wrapped in.
inline std::string clean_input(std::string_view raw) {
  std::string v = percent_decode_stable(raw);
  auto junk = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'';
  };
  std::size_t b = 0, e = v.size();
  while (b < e && junk(v[b])) ++b;
  while (e > b && junk(v[e - 1])) --e;
  return v.substr(b, e - b);
}

/// A character for an error message: itself when printable ASCII, else "\xNN".
inline std::string printable(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string(1, c);
  static constexpr char hex[] = "0123456789abcdef";
  return std::string("\\x") + hex[u >> 4] + hex[u & 15];
}

// ---- Entry points shared between the IAB decoders -----------------------------------

/// Decodes a TC string that starts at character `offset` (0-based) of a larger
/// value (a GPP section), so messages give positions in that value.
signal decode_tcf_at(std::string_view tc_string, std::size_t offset);

/// Summarises decoded TCF fields (`signal::fields` of decode_tcf) into `sum`.
void summarise_tcf(const node& fields, summary& sum);

}  // namespace harfact::consent::iab
