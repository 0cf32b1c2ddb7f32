#include "encoding.hpp"

#include <algorithm>
#include <initializer_list>

namespace harfact::io::detail {

namespace {

// JSON whitespace; a longer run before the first `{` is not worth scanning.
bool is_json_space(unsigned c) { return c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d; }
constexpr std::size_t k_scan_limit = 4096;

unsigned at(std::string_view s, std::size_t i) {
  return i < s.size() ? static_cast<unsigned char>(s[i]) : 0x100;  // 0x100: past the end
}

bool starts_with(std::string_view s, std::initializer_list<unsigned> bytes) {
  std::size_t i = 0;
  for (unsigned b : bytes) {
    if (at(s, i++) != b) return false;
  }
  return true;
}

// True when `text`, read as `width`-byte code units with the ASCII byte at index
// `pos` inside each unit (the others zero), is whitespace then `{`.
bool brace_in_units(std::string_view text, std::size_t width, std::size_t pos) {
  const std::size_t limit = std::min(text.size(), k_scan_limit);
  for (std::size_t i = 0; i + width <= limit; i += width) {
    for (std::size_t k = 0; k < width; ++k) {
      if (k != pos && at(text, i + k) != 0) return false;
    }
    const unsigned c = at(text, i + pos);
    if (c == '{') return true;
    if (!is_json_space(c)) return false;
  }
  return false;
}

char* put_utf8(char* out, std::uint32_t cp) {
  auto byte = [](std::uint32_t v) { return static_cast<char>(static_cast<unsigned char>(v)); };
  if (cp < 0x80) {
    *out++ = byte(cp);
  } else if (cp < 0x800) {
    *out++ = byte(0xc0 | (cp >> 6));
    *out++ = byte(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    *out++ = byte(0xe0 | (cp >> 12));
    *out++ = byte(0x80 | ((cp >> 6) & 0x3f));
    *out++ = byte(0x80 | (cp & 0x3f));
  } else {
    *out++ = byte(0xf0 | (cp >> 18));
    *out++ = byte(0x80 | ((cp >> 12) & 0x3f));
    *out++ = byte(0x80 | ((cp >> 6) & 0x3f));
    *out++ = byte(0x80 | (cp & 0x3f));
  }
  return out;
}

constexpr std::uint32_t k_replacement = 0xfffd;

}  // namespace

text_form detect_text_form(std::string_view text) noexcept {
  // UTF-32 first: its little-endian BOM begins like UTF-16LE's.
  if (starts_with(text, {0x00, 0x00, 0xfe, 0xff})) return text_form::utf32be;
  if (starts_with(text, {0xff, 0xfe, 0x00, 0x00})) return text_form::utf32le;
  if (starts_with(text, {0xef, 0xbb, 0xbf})) return text_form::utf8_bom;
  if (starts_with(text, {0xfe, 0xff})) return text_form::utf16be;
  if (starts_with(text, {0xff, 0xfe})) return text_form::utf16le;
  if (brace_in_units(text, 4, 0)) return text_form::utf32le;
  if (brace_in_units(text, 4, 3)) return text_form::utf32be;
  if (brace_in_units(text, 2, 0)) return text_form::utf16le;
  if (brace_in_units(text, 2, 1)) return text_form::utf16be;
  return text_form::utf8;
}

std::size_t bom_length(std::string_view text, text_form form) noexcept {
  switch (form) {
    case text_form::utf8: return 0;
    case text_form::utf8_bom: return 3;
    case text_form::utf16le: return starts_with(text, {0xff, 0xfe}) ? 2 : 0;
    case text_form::utf16be: return starts_with(text, {0xfe, 0xff}) ? 2 : 0;
    case text_form::utf32le: return starts_with(text, {0xff, 0xfe, 0x00, 0x00}) ? 4 : 0;
    case text_form::utf32be: return starts_with(text, {0x00, 0x00, 0xfe, 0xff}) ? 4 : 0;
  }
  return 0;
}

padded_buffer transcode_utf16(std::string_view units, bool big_endian) {
  const std::size_t count = units.size() / 2;
  auto unit = [&](std::size_t i) -> std::uint32_t {
    const unsigned a = at(units, 2 * i);
    const unsigned b = at(units, 2 * i + 1);
    return big_endian ? (a << 8 | b) : (b << 8 | a);
  };
  padded_buffer out;
  // Worst case: 3 UTF-8 bytes per unit (a surrogate pair takes 4 for 2 units),
  // plus 3 for a U+FFFD standing in for an odd final byte.
  out.reserve(count * 3 + 3);
  char* const begin = out.spare().data();
  char* p = begin;
  for (std::size_t i = 0; i < count; ++i) {
    std::uint32_t cp = unit(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < count && unit(i + 1) >= 0xdc00 &&
        unit(i + 1) <= 0xdfff) {
      cp = 0x10000 + ((cp - 0xd800) << 10) + (unit(i + 1) - 0xdc00);
      ++i;
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      cp = k_replacement;
    }
    p = put_utf8(p, cp);
  }
  if (units.size() % 2 != 0) p = put_utf8(p, k_replacement);
  out.commit(static_cast<std::size_t>(p - begin));
  out.seal();
  return out;
}

}  // namespace harfact::io::detail
