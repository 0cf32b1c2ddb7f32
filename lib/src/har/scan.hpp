// Internal: a quote- and escape-aware JSON scanner that finds value boundaries
// without building anything. The reader uses it to split `log.entries` into
// one span per entry before simdjson parses each span, and to locate the
// members of `log` wherever the exporter put them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace harfact::har::detail {

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

inline bool is_json_ws(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

/// Why a skip failed.
struct scan_failure {
  enum class kind : std::uint8_t { none, eof, unexpected, mismatch } what = kind::none;
  std::size_t offset = 0;  ///< where it was noticed
  char found = 0;
};

/// A value's byte span and nesting depth (1 for a flat object or array).
struct span {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::uint32_t depth = 0;  ///< deepest nesting inside (0 for scalars)
  bool escapes = true;      ///< may contain a backslash (false: certainly none)
  std::size_t size() const noexcept { return end - begin; }
};

class scanner {
 public:
  scanner(const char* data, std::size_t size) noexcept : d_(data), n_(size) {}

  std::size_t size() const noexcept { return n_; }
  const char* data() const noexcept { return d_; }

  /// First non-whitespace position at or after pos (size() at the end).
  std::size_t skip_ws(std::size_t pos) const noexcept {
    while (pos < n_ && is_json_ws(d_[pos])) ++pos;
    return pos;
  }

  /// pos is at an opening quote. Returns the position after the closing quote,
  /// or npos when the input ends first. `escaped` is set when a backslash occurs.
  std::size_t skip_string(std::size_t pos, bool* escaped = nullptr) const noexcept;

  /// Skips the value starting at pos (its first byte). Returns one past its end,
  /// or npos with `failure` set. Scalars are skipped by their characters and
  /// validated later by whoever parses them. `max_depth_seen` reports nesting.
  std::size_t skip_value(std::size_t pos, scan_failure& failure,
                         std::uint32_t* max_depth_seen = nullptr) const;

  /// The fast path for an array of objects (log.entries): 64 bytes at a time,
  /// it classifies quotes, backslashes and brackets, masks out strings, and
  /// walks only the brackets. `open` is the array's '['. Appends the span of
  /// each element and returns the position after the closing ']'. At anything
  /// unusual (a scalar element, bad separators, a mismatched bracket, the end of
  /// the input) it stops and returns npos with `resume` set after the last
  /// element it recorded (or to open + 1): the exact path takes over there and
  /// reports precisely. `progress` is called with increasing offsets, about
  /// every `progress_step` bytes. `allow_avx2` false forces the portable SSE2
  /// classifier (tests compare both). It also stops (npos) once `out` holds
  /// `max_elements` spans, with `resume` after the last.
  std::size_t split_array(std::size_t open, std::vector<span>& out, std::size_t& resume,
                          void (*progress)(void*, std::uint64_t) = nullptr,
                          void* progress_context = nullptr,
                          std::uint64_t progress_step = std::uint64_t{8} << 20,
                          bool allow_avx2 = true,
                          std::size_t max_elements = static_cast<std::size_t>(-1)) const;

 private:
  const char* d_;
  std::size_t n_;
};

/// A strict RFC 8259 check of one JSON text (used on small pieces and on the
/// error path, to say exactly where and why a text is invalid).
struct json_check_result {
  bool ok = true;
  std::size_t offset = 0;  ///< offset of the first error, relative to the text
  std::string message;     ///< e.g. "expected ',' or '}' after an object member"
  bool eof = false;        ///< the text ended too early
  bool too_deep = false;   ///< nesting over the limit
};
json_check_result check_json(std::string_view text, std::uint32_t max_depth);

/// Appends "/" and an RFC 6901 reference token ('~' as "~0", '/' as "~1").
void append_pointer_token(std::string& pointer, std::string_view token);

/// Decodes JSON string escapes (content between the quotes) into out. Returns
/// false at the first malformed escape. Lone surrogates become U+FFFD.
bool unescape_json(std::string_view raw, std::string& out);

/// Validates the escapes of a raw string without decoding it. Returns npos when
/// all are well-formed, else the offset of the bad backslash within raw.
std::size_t find_bad_escape(std::string_view raw) noexcept;

}  // namespace harfact::har::detail
