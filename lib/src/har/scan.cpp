#include "har/scan.hpp"

#include <cctype>
#include <cstring>

#include "har/block_split.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace harfact::har::detail {

namespace {

// Finds the first '"' or '\\' at or after pos; npos when none before n.
// Most bytes of a HAR are inside strings (bodies, header values, URLs), so
// this loop is where the first pass spends its time: 16 bytes per step.
inline std::size_t find_quote_or_backslash(const char* d, std::size_t pos, std::size_t n) noexcept {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  while (pos + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + pos));
    const int mask =
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    if (mask != 0)
      return pos + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    pos += 16;
  }
#endif
  for (; pos < n; ++pos) {
    if (d[pos] == '"' || d[pos] == '\\') return pos;
  }
  return npos;
}

}  // namespace

std::size_t scanner::skip_string(std::size_t pos, bool* escaped) const noexcept {
  std::size_t i = pos + 1;
  for (;;) {
    i = find_quote_or_backslash(d_, i, n_);
    if (i == npos) return npos;
    if (d_[i] == '"') return i + 1;
    if (escaped != nullptr) *escaped = true;
    i += 2;  // the backslash and the escaped character
    if (i > n_) return npos;
  }
}

std::size_t scanner::skip_value(std::size_t pos, scan_failure& failure,
                                std::uint32_t* max_depth_seen) const {
  failure = {};
  if (pos >= n_) {
    failure = {scan_failure::kind::eof, pos, 0};
    return npos;
  }
  const char first = d_[pos];
  if (first == '"') {
    const std::size_t end = skip_string(pos);
    if (end == npos) failure = {scan_failure::kind::eof, n_, 0};
    return end;
  }
  if (first != '{' && first != '[') {
    // A scalar: letters, digits, signs, dots. Validated by its parser later.
    std::size_t i = pos;
    while (i < n_) {
      const char c = d_[i];
      const bool scalar = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                          (c >= 'A' && c <= 'Z') || c == '-' || c == '+' || c == '.';
      if (!scalar) break;
      ++i;
    }
    if (i == pos) {
      failure = {scan_failure::kind::unexpected, pos, first};
      return npos;
    }
    if (i == n_) {
      failure = {scan_failure::kind::eof, n_, 0};
      return npos;
    }
    return i;
  }
  // Containers: a stack of the open brackets, to catch "{ ]" mismatches. Past
  // 4096 levels only the depth is counted (the reader's depth limit is far
  // lower and reports such input; here we only need to find the end).
  constexpr std::uint32_t k_tracked = 4096;
  char stack[k_tracked];
  std::uint32_t depth = 0;
  std::uint32_t deepest = 0;
  std::size_t i = pos;
  while (i < n_) {
    const char c = d_[i];
    switch (c) {
      case '"': {
        i = skip_string(i);
        if (i == npos) {
          failure = {scan_failure::kind::eof, n_, 0};
          return npos;
        }
        continue;
      }
      case '{':
      case '[':
        if (depth < k_tracked) stack[depth] = c;
        ++depth;
        if (depth > deepest) deepest = depth;
        break;
      case '}':
      case ']': {
        if (depth == 0) {
          failure = {scan_failure::kind::mismatch, i, c};
          return npos;
        }
        --depth;
        if (depth < k_tracked) {
          const char open = stack[depth];
          if ((open == '{') != (c == '}')) {
            failure = {scan_failure::kind::mismatch, i, c};
            return npos;
          }
        }
        if (depth == 0) {
          if (max_depth_seen != nullptr) *max_depth_seen = deepest;
          return i + 1;
        }
        break;
      }
      default: break;
    }
    ++i;
  }
  failure = {scan_failure::kind::eof, n_, 0};
  return npos;
}

// ---------------------------------------------------------------------------
// Strict checker: recursive descent with an explicit depth limit.

namespace {

class checker {
 public:
  checker(std::string_view t, std::uint32_t max_depth) : t_(t), max_depth_(max_depth) {}

  json_check_result run() {
    ws();
    if (i_ >= t_.size()) return fail("empty text", true);
    if (!value(0)) return r_;
    ws();
    if (i_ < t_.size()) return fail("unexpected data after the JSON value");
    return r_;
  }

 private:
  json_check_result fail(std::string msg, bool eof = false) {
    if (r_.ok) {
      r_.ok = false;
      r_.offset = i_;
      r_.message = std::move(msg);
      r_.eof = eof || i_ >= t_.size();
    }
    return r_;
  }
  void ws() {
    while (i_ < t_.size() && is_json_ws(t_[i_])) ++i_;
  }
  bool at(char c) const { return i_ < t_.size() && t_[i_] == c; }

  bool value(std::uint32_t depth) {
    if (i_ >= t_.size()) return fail("expected a value", true), false;
    switch (t_[i_]) {
      case '{': return object(depth + 1);
      case '[': return array(depth + 1);
      case '"': return string();
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default: return number();
    }
  }

  bool literal(std::string_view word) {
    if (t_.substr(i_, word.size()) != word) {
      if (t_.size() - i_ < word.size() && word.substr(0, t_.size() - i_) == t_.substr(i_))
        return fail("the text ends inside a literal", true), false;
      return fail("invalid literal (expected true, false or null)"), false;
    }
    i_ += word.size();
    return true;
  }

  bool digits() {
    const std::size_t start = i_;
    while (i_ < t_.size() && t_[i_] >= '0' && t_[i_] <= '9') ++i_;
    return i_ > start;
  }

  bool number() {
    if (at('-')) ++i_;
    if (i_ >= t_.size()) return fail("the text ends inside a number", true), false;
    if (t_[i_] == '0') {
      ++i_;
    } else if (t_[i_] >= '1' && t_[i_] <= '9') {
      digits();
    } else {
      return fail(std::string("unexpected character '") + printable(t_[i_]) + "'"), false;
    }
    if (at('.')) {
      ++i_;
      if (!digits()) return fail("expected digits after the decimal point"), false;
    }
    if (at('e') || at('E')) {
      ++i_;
      if (at('+') || at('-')) ++i_;
      if (!digits()) return fail("expected digits in the exponent"), false;
    }
    return true;
  }

  static std::string printable(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) return std::string(1, c);
    static constexpr char hex[] = "0123456789abcdef";
    return std::string("\\x") + hex[u >> 4] + hex[u & 15];
  }

  bool string() {
    ++i_;  // opening quote
    while (i_ < t_.size()) {
      const auto c = static_cast<unsigned char>(t_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) return fail("unescaped control character in a string"), false;
      if (c == '\\') {
        if (i_ + 1 >= t_.size()) break;
        const char e = t_[i_ + 1];
        if (e == 'u') {
          for (std::size_t k = 2; k < 6; ++k) {
            if (i_ + k >= t_.size()) return fail("the text ends inside an escape", true), false;
            if (!std::isxdigit(static_cast<unsigned char>(t_[i_ + k])))
              return fail("invalid \\u escape (expected four hex digits)"), false;
          }
          i_ += 6;
          continue;
        }
        if (std::strchr("\"\\/bfnrt", e) == nullptr || e == 0)
          return fail("invalid escape sequence"), false;
        i_ += 2;
        continue;
      }
      if (c >= 0x80) {
        const std::size_t len = utf8_length(i_);
        if (len == 0) return fail("invalid UTF-8 in a string"), false;
        i_ += len;
        continue;
      }
      ++i_;
    }
    return fail("the text ends inside a string", true), false;
  }

  // Length of the UTF-8 sequence at i (0 when invalid: overlong, surrogate,
  // beyond U+10FFFF, truncated).
  std::size_t utf8_length(std::size_t i) const {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(t_[i + k]); };
    const unsigned char c = b(0);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
      cp = c & 0x1fu;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      cp = c & 0x0fu;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return 0;
    }
    if (i + len > t_.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
      if ((b(k) & 0xc0) != 0x80) return 0;
      cp = (cp << 6) | (b(k) & 0x3fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff))) return 0;
    if (cp >= 0xd800 && cp <= 0xdfff) return 0;
    return len;
  }

  bool object(std::uint32_t depth) {
    if (depth > max_depth_) {
      r_.too_deep = true;
      return fail("nesting deeper than the limit"), false;
    }
    ++i_;
    ws();
    if (at('}')) {
      ++i_;
      return true;
    }
    for (;;) {
      ws();
      if (i_ >= t_.size()) return fail("the text ends inside an object", true), false;
      if (!at('"')) return fail("expected a member name in double quotes"), false;
      if (!string()) return false;
      ws();
      if (!at(':')) return fail("expected ':' after a member name", i_ >= t_.size()), false;
      ++i_;
      ws();
      if (!value(depth)) return false;
      ws();
      if (at(',')) {
        ++i_;
        continue;
      }
      if (at('}')) {
        ++i_;
        return true;
      }
      return fail("expected ',' or '}' after an object member", i_ >= t_.size()), false;
    }
  }

  bool array(std::uint32_t depth) {
    if (depth > max_depth_) {
      r_.too_deep = true;
      return fail("nesting deeper than the limit"), false;
    }
    ++i_;
    ws();
    if (at(']')) {
      ++i_;
      return true;
    }
    for (;;) {
      ws();
      if (!value(depth)) return false;
      ws();
      if (at(',')) {
        ++i_;
        continue;
      }
      if (at(']')) {
        ++i_;
        return true;
      }
      return fail("expected ',' or ']' after an array element", i_ >= t_.size()), false;
    }
  }

  std::string_view t_;
  std::uint32_t max_depth_;
  std::size_t i_ = 0;
  json_check_result r_;
};

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads 4 hex digits at raw[i]; -1 when malformed.
long read_hex4(std::string_view raw, std::size_t i) {
  if (i + 4 > raw.size()) return -1;
  long v = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    const int h = hex_value(raw[i + k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

}  // namespace

void append_pointer_token(std::string& pointer, std::string_view token) {
  pointer += '/';
  for (const char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
}

json_check_result check_json(std::string_view text, std::uint32_t max_depth) {
  return checker(text, max_depth).run();
}

std::size_t find_bad_escape(std::string_view raw) noexcept {
  std::size_t i = 0;
  while (true) {
    const void* p = std::memchr(raw.data() + i, '\\', raw.size() - i);
    if (p == nullptr) return npos;
    i = static_cast<std::size_t>(static_cast<const char*>(p) - raw.data());
    if (i + 1 >= raw.size()) return i;
    const char e = raw[i + 1];
    if (e == 'u') {
      if (read_hex4(raw, i + 2) < 0) return i;
      i += 6;
    } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' ||
               e == 't') {
      i += 2;
    } else {
      return i;
    }
    if (i >= raw.size()) return npos;
  }
}

bool unescape_json(std::string_view raw, std::string& out) {
  out.reserve(out.size() + raw.size());
  std::size_t i = 0;
  while (i < raw.size()) {
    const void* p = std::memchr(raw.data() + i, '\\', raw.size() - i);
    const std::size_t bs = p == nullptr
                               ? raw.size()
                               : static_cast<std::size_t>(static_cast<const char*>(p) - raw.data());
    out.append(raw.data() + i, bs - i);
    if (bs == raw.size()) return true;
    if (bs + 1 >= raw.size()) return false;
    const char e = raw[bs + 1];
    i = bs + 2;
    switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        long cp = read_hex4(raw, i);
        if (cp < 0) return false;
        i += 4;
        if (cp >= 0xd800 && cp <= 0xdbff) {
          // A high surrogate must be followed by \uDC00-\uDFFF.
          if (i + 1 < raw.size() && raw[i] == '\\' && raw[i + 1] == 'u') {
            const long lo = read_hex4(raw, i + 2);
            if (lo >= 0xdc00 && lo <= 0xdfff) {
              i += 6;
              append_utf8(
                  out, static_cast<std::uint32_t>(0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00)));
              break;
            }
          }
          cp = 0xfffd;
        } else if (cp >= 0xdc00 && cp <= 0xdfff) {
          cp = 0xfffd;
        }
        append_utf8(out, static_cast<std::uint32_t>(cp));
        break;
      }
      default: return false;
    }
  }
  return true;
}

}  // namespace harfact::har::detail

// ---------------------------------------------------------------------------
// Block scanner for log.entries: see block_split.hpp.

namespace harfact::har::detail {

std::size_t split_avx2(const char* d, std::size_t n, std::size_t open, std::vector<span>& out,
                       std::size_t& resume, void (*progress)(void*, std::uint64_t), void* context,
                       std::uint64_t step, std::size_t max_elements);

std::size_t scanner::split_array(std::size_t open, std::vector<span>& out, std::size_t& resume,
                                 void (*progress)(void*, std::uint64_t), void* progress_context,
                                 std::uint64_t progress_step, bool allow_avx2,
                                 std::size_t max_elements) const {
#if HARFACT_HAVE_AVX2_SPLIT
  static const bool avx2 = __builtin_cpu_supports("avx2") != 0;
  if (avx2 && allow_avx2)
    return split_avx2(d_, n_, open, out, resume, progress, progress_context, progress_step,
                      max_elements);
#else
  (void)allow_avx2;
#endif
  return split_blocks<classify_sse2>(d_, n_, open, out, resume, progress, progress_context,
                                     progress_step, max_elements);
}

}  // namespace harfact::har::detail
