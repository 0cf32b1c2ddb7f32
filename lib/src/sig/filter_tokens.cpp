// Preparing a request URL for the filter engine (see filter_tokens.hpp).
#include "sig/filter_tokens.hpp"

#include <bit>
#include <cstring>

#include "core/ascii.hpp"
#include "sig/filter_rule.hpp"

namespace harfact::sig::detail {

namespace {

#if defined(__SSE2__)
// 16 bytes: lowercase them into `out`; bit i of the result is set when out[i] is a token
// character. Signed compares: bytes >= 0x80 are negative, so neither letters nor digits.
inline unsigned scan16(const char* in, char* out) noexcept {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
  const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)),
                                      _mm_cmplt_epi8(x, _mm_set1_epi8('Z' + 1)));
  const __m128i l = _mm_or_si128(x, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), l);
  const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(l, _mm_set1_epi8('a' - 1)),
                                       _mm_cmplt_epi8(l, _mm_set1_epi8('z' + 1)));
  const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(l, _mm_set1_epi8('0' - 1)),
                                      _mm_cmplt_epi8(l, _mm_set1_epi8('9' + 1)));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(letter, digit)));
}

inline std::uint64_t scan64(const char* in, char* out) noexcept {
  return std::uint64_t{scan16(in, out)} | (std::uint64_t{scan16(in + 16, out + 16)} << 16) |
         (std::uint64_t{scan16(in + 32, out + 32)} << 32) |
         (std::uint64_t{scan16(in + 48, out + 48)} << 48);
}
#endif

}  // namespace

void scan_url_portable(const char* url, std::size_t n, char* lower, std::uint64_t* bits) noexcept {
  const std::size_t words = scan_bitmap_words(n);
  std::memset(bits, 0, words * sizeof(std::uint64_t));
  for (std::size_t i = 0; i < n; ++i) {
    const char c = harfact::detail::ascii_lower(url[i]);
    lower[i] = c;
    if (is_token_char(static_cast<unsigned char>(c))) bits[i / 64] |= std::uint64_t{1} << (i % 64);
  }
  std::memset(lower + n, 0, scan_buffer_size(n) - n);
}

void scan_url(const char* url, std::size_t n, char* lower, std::uint64_t* bits) noexcept {
#if defined(__SSE2__)
  std::size_t i = 0;
  std::size_t w = 0;
  for (; i + 64 <= n; i += 64) bits[w++] = scan64(url + i, lower + i);
  // The last, partial block: through a zero-padded copy (zeros are no token characters).
  alignas(16) char tail[64] = {};
  std::memcpy(tail, url + i, n - i);
  bits[w++] = scan64(tail, lower + i);
  // The block after: zeros (scan_buffer_size() leaves room for it), and the zero word.
  std::memset(lower + i + 64, 0, scan_buffer_size(n) - (i + 64));
  while (w < scan_bitmap_words(n)) bits[w++] = 0;
#else
  scan_url_portable(url, n, lower, bits);
#endif
}

host_span find_host(std::string_view url, std::size_t authority) noexcept {
  // One pass over the authority: where it ends, its last '@' (the userinfo ends there), and
  // the first ':' and ']' after that '@'.
  constexpr std::size_t none = std::string_view::npos;
  const std::size_t n = url.size();
  std::size_t i = authority;
  std::size_t at = none;
  std::size_t colon = none;
  std::size_t close = none;
  for (; i < n; ++i) {
    const char c = url[i];
    if (c == '/' || c == '?' || c == '#') break;
    if (c == '@') {
      at = i;
      colon = none;
      close = none;
    } else if (c == ':') {
      colon = colon == none ? i : colon;
    } else if (c == ']') {
      close = close == none ? i : close;
    }
  }
  host_span h;
  h.begin = at == none ? authority : at + 1;
  h.end = i;
  if (h.begin < h.end && url[h.begin] == '[') {
    if (close != none) h.end = close + 1;  // an IPv6 literal
  } else if (colon != none) {
    h.end = colon;  // the port
  }
  return h;
}

host_span find_host_padded(std::string_view url, std::size_t authority) noexcept {
#if defined(__SSE2__)
  const std::size_t n = url.size();
  const char* const p = url.data();
  const auto bytes_left = [&](std::size_t i) -> unsigned {
    return i + 16 <= n ? 0xFFFFU : (1U << (n - i)) - 1;  // i < n
  };
  // The end of the authority and its last '@'.
  std::size_t end = n;
  std::size_t at = std::string_view::npos;
  for (std::size_t i = authority; i < n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const unsigned valid = bytes_left(i);
    const unsigned stop = static_cast<unsigned>(_mm_movemask_epi8(
                              _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('/')),
                                                        _mm_cmpeq_epi8(x, _mm_set1_epi8('?'))),
                                           _mm_cmpeq_epi8(x, _mm_set1_epi8('#'))))) &
                          valid;
    unsigned ats =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('@')))) & valid;
    if (stop != 0) {
      const auto k = static_cast<unsigned>(std::countr_zero(stop));
      end = i + k;
      ats &= (1U << k) - 1;
    }
    if (ats != 0) at = i + 31 - static_cast<std::size_t>(std::countl_zero(ats));
    if (stop != 0) break;
  }
  host_span h;
  h.begin = at == std::string_view::npos ? authority : at + 1;
  h.end = end;
  // The port, or the end of an IPv6 literal.
  const bool bracketed = h.begin < end && p[h.begin] == '[';
  const __m128i sought = _mm_set1_epi8(bracketed ? ']' : ':');
  for (std::size_t i = h.begin; i < end; i += 16) {
    const unsigned found = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(
                               _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), sought))) &
                           bytes_left(i);
    if (found != 0) {
      const std::size_t k = i + static_cast<std::size_t>(std::countr_zero(found));
      if (k < end) h.end = bracketed ? k + 1 : k;
      break;
    }
  }
  return h;
#else
  return find_host(url, authority);
#endif
}

}  // namespace harfact::sig::detail
