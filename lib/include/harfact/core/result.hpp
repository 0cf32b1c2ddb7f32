// harfact: result type and errors shared by every module.
//
// Errors
// ------
// Expected failures come back as `harfact::result<T>`: either a value or a
// `harfact::error` that says what went wrong (`errc`, stable across versions),
// where (`location`: file, byte offset, line:column, entry index, JSON pointer)
// and what to do about it (`hint`). Exceptions are used only for programming
// errors and out-of-memory.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace harfact {

/// Error codes. Append-only: values are never renumbered or reused, and each
/// has a stable snake_case name (see errc_name()).
enum class errc : std::uint16_t {
  ok = 0,
  io_open = 1,               ///< file could not be opened
  io_read = 2,               ///< read failed midway
  io_write = 3,              ///< output could not be written
  decompress = 4,            ///< corrupt gzip/zlib/zstd stream
  too_large = 5,             ///< input or decompressed size over a limit
  unsupported_encoding = 6,  ///< text encoding harfact does not read
  empty_input = 7,           ///< zero bytes, or only whitespace
  invalid_json = 8,          ///< not well-formed JSON
  not_a_har = 9,             ///< well-formed JSON, but not a HAR document
  truncated = 10,            ///< the input ends inside the document
  unsupported_format = 11,   ///< recognised, but not a format this command reads
  limit_exceeded = 12,       ///< nesting depth, entry size or similar limit
  invalid_argument = 13,     ///< bad argument from the caller
  internal = 14,             ///< a bug in harfact
};

/// Stable snake_case name of an error code, e.g. "invalid_json".
std::string_view errc_name(errc code) noexcept;

inline constexpr std::uint64_t no_offset = std::numeric_limits<std::uint64_t>::max();
inline constexpr std::int64_t no_entry = -1;

/// Where something happened. Unknown parts keep their defaults.
struct location {
  std::string file;                       ///< path or label of the input ("-" for stdin)
  std::uint64_t byte_offset = no_offset;  ///< 0-based offset in the (decompressed) JSON text
  std::uint32_t line = 0;                 ///< 1-based; 0 when unknown
  std::uint32_t column = 0;               ///< 1-based byte column; 0 when unknown
  std::int64_t entry_index = no_entry;    ///< 0-based index in log.entries; -1 when none
  std::string json_pointer;               ///< RFC 6901, e.g. "/log/entries/17/request/url"
};

/// A failure: code, message, location and an optional hint for the user.
struct error {
  errc code = errc::internal;
  std::string message;
  location where;
  std::string hint;
};

/// Renders "file:line:column (byte N, entry K, /json/pointer)" with the parts
/// that are known. Used by every tool message so users always see where.
std::string describe(const location& where);

/// Value or error. Small and explicit: check with `ok()` (or `if (r)`), then
/// use `value()` / `*r` / `r->`, or `error()`.
template <class T>
class [[nodiscard]] result {
 public:
  result(T value) : v_(std::in_place_index<0>, std::move(value)) {}           // NOLINT implicit
  result(harfact::error err) : v_(std::in_place_index<1>, std::move(err)) {}  // NOLINT implicit

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const harfact::error& error() const& { return std::get<1>(v_); }
  harfact::error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, harfact::error> v_;
};

/// result<void>: success or an error.
template <>
class [[nodiscard]] result<void> {
 public:
  result() = default;
  result(harfact::error err) : err_(std::move(err)), ok_(false) {}  // NOLINT implicit
  bool ok() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  const harfact::error& error() const& { return err_; }
  harfact::error&& error() && { return std::move(err_); }

 private:
  harfact::error err_;
  bool ok_ = true;
};

/// Convenience for building errors: make_error(errc::io_open, "cannot open", loc).
inline error make_error(errc code, std::string message, location where = {},
                        std::string hint = {}) {
  return error{code, std::move(message), std::move(where), std::move(hint)};
}

}  // namespace harfact
