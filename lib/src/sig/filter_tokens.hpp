// Internal: preparing a request URL for the filter engine's index (filter_search.cpp).
//
// One pass over the URL (16 bytes at a time with SSE2) writes its ASCII-lowercased copy and a
// bitmap of its token characters (ASCII letters and digits, see is_token_char()); tokens are
// then the runs of set bits, found a word of the bitmap at a time. This replaces a loop that
// tested and branched on every character: a URL of the benchmark (about 200 characters, 35
// tokens) used to cost a mispredicted branch at each end of each token.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace harfact::sig::detail {

/// Bytes scan_url() may write: the URL rounded up to whole 64-byte blocks.
constexpr std::size_t scan_buffer_size(std::size_t n) noexcept { return (n + 63) / 64 * 64 + 64; }
/// Words of the token bitmap scan_url() writes, with a zero word after the URL's.
constexpr std::size_t scan_bitmap_words(std::size_t n) noexcept { return (n + 63) / 64 + 1; }

/// Writes the ASCII-lowercased copy of url[0..n) to `lower` (bytes >= 0x80 unchanged) and
/// zeros after it up to scan_buffer_size(n); sets bit i % 64 of bits[i / 64] exactly when
/// lower[i] is a token character, for every i < scan_bitmap_words(n) * 64 (0 past the URL).
void scan_url(const char* url, std::size_t n, char* lower, std::uint64_t* bits) noexcept;

/// The portable loop scan_url() uses where SSE2 is missing (and a reference for tests).
void scan_url_portable(const char* url, std::size_t n, char* lower, std::uint64_t* bits) noexcept;

/// Calls f(begin, end) for every maximal run of set bits of `bits` (a token), in order.
/// `bits` has `words` words and the last one is 0 (see scan_bitmap_words()).
///
/// A word at a time: its token starts (set bits after a clear one) and token ends (set bits
/// before a clear one) are two masks, and the k-th end closes the k-th start, or a token
/// still open from the words before: no branch per character.
template <typename F>
void for_each_token(const std::uint64_t* bits, std::size_t words, F&& f) {
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::size_t open = none;     // start of a token that runs on into the next word
  std::uint64_t carry_in = 0;  // 1 when the previous word ends inside a token
  for (std::size_t w = 0; w + 1 < words; ++w) {
    const std::uint64_t x = bits[w];
    if (x == 0) {  // no token is open: it would have ended with the previous word
      carry_in = 0;
      continue;
    }
    const std::uint64_t next_low = bits[w + 1] & 1;
    std::uint64_t starts = x & ~((x << 1) | carry_in);
    std::uint64_t ends = x & ~((x >> 1) | (next_low << 63));  // last character of a token
    carry_in = x >> 63;
    const std::size_t base = w * 64;
    if (open != none) {
      if (ends == 0) continue;  // the whole word is inside that token
      f(open, base + static_cast<std::size_t>(std::countr_zero(ends)) + 1);
      open = none;
      ends &= ends - 1;
    }
    while (starts != 0) {
      const std::size_t begin = base + static_cast<std::size_t>(std::countr_zero(starts));
      starts &= starts - 1;
      if (ends == 0) {
        open = begin;  // ends in a later word
        break;
      }
      f(begin, base + static_cast<std::size_t>(std::countr_zero(ends)) + 1);
      ends &= ends - 1;
    }
  }
}

/// The reference: a test and a branch per bit (for tests).
template <typename F>
void for_each_token_bitwise(const std::uint64_t* bits, std::size_t words, F&& f) {
  const auto set = [&](std::size_t i) { return ((bits[i / 64] >> (i % 64)) & 1) != 0; };
  const std::size_t n = words * 64;
  for (std::size_t i = 0; i < n;) {
    if (!set(i)) {
      ++i;
      continue;
    }
    const std::size_t begin = i;
    while (i < n && set(i)) ++i;
    f(begin, i);
  }
}

/// Calls f(i) for every '.' at p[i], begin <= i < end, in order; 16 bytes past `end` must be
/// readable.
template <typename F>
void for_each_dot(const char* p, std::size_t begin, std::size_t end, F&& f) {
#if defined(__SSE2__)
  for (std::size_t i = begin; i < end; i += 16) {
    unsigned dots = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), _mm_set1_epi8('.'))));
    if (end - i < 16) dots &= (1U << (end - i)) - 1;
    for (; dots != 0; dots &= dots - 1) f(i + static_cast<std::size_t>(std::countr_zero(dots)));
  }
#else
  for (std::size_t i = begin; i < end; ++i) {
    if (p[i] == '.') f(i);
  }
#endif
}

/// Where the host of a URL with a network scheme is: after the "//" that ends the scheme
/// (`authority`, the index just past it) and any userinfo, before the port, path, query or
/// fragment; an IPv6 literal keeps its brackets.
struct host_span {
  std::size_t begin = 0;
  std::size_t end = 0;
};
host_span find_host(std::string_view url, std::size_t authority) noexcept;

/// find_host() when 16 bytes past the end of `url` are readable (the engine's scan buffer):
/// 16 bytes at a time with SSE2.
host_span find_host_padded(std::string_view url, std::size_t authority) noexcept;

}  // namespace harfact::sig::detail
