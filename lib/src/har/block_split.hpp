// Internal: the block scanner behind scanner::split_array, as a template over
// the byte classifier so that an AVX2 copy can be compiled separately
// (split_avx2.cpp) and chosen at run time. Everything here has internal
// linkage on purpose: each translation unit keeps its own copy, so code built
// with -mavx2 can never stand in for the portable one.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "har/scan.hpp"

namespace harfact::har::detail {
namespace {  // NOLINT(google-build-namespaces): internal linkage is the point

struct block_masks {
  std::uint64_t quote = 0;
  std::uint64_t backslash = 0;
  std::uint64_t open = 0;   // '{' or '['
  std::uint64_t close = 0;  // '}' or ']'
};

// Classifies 64 bytes. '[' and '{' differ only in bit 0x20, as do ']' and '}',
// so two comparisons find all four brackets.
[[maybe_unused]] inline block_masks classify_sse2(const char* p) noexcept {
  block_masks m;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i case_bit = _mm_set1_epi8(0x20);
  const __m128i open = _mm_set1_epi8('{');
  const __m128i close = _mm_set1_epi8('}');
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i folded = _mm_or_si128(v, case_bit);
    const auto shift = static_cast<unsigned>(16 * k);
    auto bits = [](__m128i x) {
      return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(x)));
    };
    m.quote |= bits(_mm_cmpeq_epi8(v, quote)) << shift;
    m.backslash |= bits(_mm_cmpeq_epi8(v, backslash)) << shift;
    m.open |= bits(_mm_cmpeq_epi8(folded, open)) << shift;
    m.close |= bits(_mm_cmpeq_epi8(folded, close)) << shift;
  }
#else
  for (unsigned i = 0; i < 64; ++i) {
    const char c = p[i];
    const char f = static_cast<char>(c | 0x20);
    const std::uint64_t bit = std::uint64_t{1} << i;
    if (c == '"') m.quote |= bit;
    if (c == '\\') m.backslash |= bit;
    if (f == '{') m.open |= bit;
    if (f == '}') m.close |= bit;
  }
#endif
  return m;
}

// Bits of characters preceded by an odd run of backslashes (simdjson's escape
// scanner); `next_is_escaped` carries a run across blocks.
inline std::uint64_t escaped_bits(std::uint64_t backslash, std::uint64_t& next_is_escaped) {
  if (backslash == 0) {
    const std::uint64_t escaped = next_is_escaped;
    next_is_escaped = 0;
    return escaped;
  }
  constexpr std::uint64_t odd_bits = 0xAAAAAAAAAAAAAAAAULL;
  const std::uint64_t potential_escape = backslash & ~next_is_escaped;
  const std::uint64_t maybe_escaped = potential_escape << 1;
  const std::uint64_t maybe_escaped_and_odd_bits = maybe_escaped | odd_bits;
  const std::uint64_t even_series_codes_and_odd_bits =
      maybe_escaped_and_odd_bits - potential_escape;
  const std::uint64_t escape_and_terminal_code = even_series_codes_and_odd_bits ^ odd_bits;
  const std::uint64_t escaped = escape_and_terminal_code ^ (backslash | next_is_escaped);
  const std::uint64_t escape = escape_and_terminal_code & backslash;
  next_is_escaped = escape >> 63;
  return escaped;
}

// Bit i set when an odd number of bits at or below i are set.
inline std::uint64_t prefix_xor(std::uint64_t x) noexcept {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// True when [from, to) is whitespace with exactly `commas` commas in it.
inline bool separator_ok(const char* d, std::size_t from, std::size_t to, int commas) {
  int seen = 0;
  for (std::size_t i = from; i < to; ++i) {
    if (d[i] == ',') {
      ++seen;
    } else if (!is_json_ws(d[i])) {
      return false;
    }
  }
  return seen == commas;
}

template <block_masks (*Classify)(const char*) noexcept>
std::size_t split_blocks(const char* d_, std::size_t n_, std::size_t open, std::vector<span>& out,
                         std::size_t& resume, void (*progress)(void*, std::uint64_t),
                         void* progress_context, std::uint64_t progress_step,
                         std::size_t max_elements) {
  constexpr std::uint32_t k_tracked = 4096;
  std::vector<char> stack(k_tracked);
  std::uint32_t depth = 1;  // inside the array
  std::uint32_t deepest = 0;
  std::size_t element_begin = 0;
  std::size_t last_end = open + 1;  // where the next separator check starts
  std::uint64_t next_is_escaped = 0;
  std::uint64_t in_string_carry = 0;
  std::uint64_t next_progress = open + progress_step;
  resume = open + 1;
  if (out.size() >= max_elements) return npos;
  char tail[64];
  std::size_t last_backslash = npos;

  for (std::size_t block = open + 1; block < n_; block += 64) {
    const char* p = d_ + block;
    if (block + 64 > n_) {  // the last partial block, padded with spaces
      std::memset(tail, ' ', sizeof tail);
      std::memcpy(tail, p, n_ - block);
      p = tail;
    }
    const block_masks m = Classify(p);
    if (m.backslash != 0) {
      last_backslash = block + 63 - static_cast<std::size_t>(__builtin_clzll(m.backslash));
    }
    const std::uint64_t escaped = escaped_bits(m.backslash, next_is_escaped);
    const std::uint64_t in_string = prefix_xor(m.quote & ~escaped) ^ in_string_carry;
    in_string_carry = static_cast<std::uint64_t>(static_cast<std::int64_t>(in_string) >> 63);
    std::uint64_t brackets = (m.open | m.close) & ~in_string;
    while (brackets != 0) {
      const auto bit = static_cast<std::size_t>(__builtin_ctzll(brackets));
      brackets &= brackets - 1;
      const std::size_t pos = block + bit;
      const char c = d_[pos];
      if (c == '{' || c == '[') {
        if (depth == 1) {
          // A new element: only whitespace and one comma (none before the
          // first) may precede it.
          if (!separator_ok(d_, last_end, pos, last_end == open + 1 ? 0 : 1)) {
            return npos;
          }
          element_begin = pos;
          deepest = 1;
        }
        if (depth < k_tracked) stack[depth] = c;
        ++depth;
        if (depth - 1 > deepest) deepest = depth - 1;
        continue;
      }
      if (depth == 1) {  // closes the array itself
        if (c != ']' || !separator_ok(d_, last_end, pos, 0)) return npos;
        return pos + 1;
      }
      --depth;
      if (depth < k_tracked && (stack[depth] == '{') != (c == '}')) return npos;
      if (depth == 1) {
        // No backslash inside: none of its strings needs an escape check.
        const bool escapes = last_backslash != npos && last_backslash >= element_begin;
        out.push_back(span{element_begin, pos + 1, deepest, escapes});
        last_end = pos + 1;
        resume = last_end;
        if (out.size() >= max_elements) return npos;  // the exact path counts the rest
        if (progress != nullptr && last_end >= next_progress) {
          next_progress = last_end + progress_step;
          progress(progress_context, last_end);
        }
      }
    }
  }
  return npos;  // the input ended inside the array
}

}  // namespace
}  // namespace harfact::har::detail
