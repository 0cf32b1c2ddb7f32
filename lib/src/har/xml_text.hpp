// Internal: the text-level pieces of the XML importer (xml_import.hpp): a
// small JSON writer that marks replaced bytes, UTF-8 and base64, raw HTTP/1
// messages, and the times Burp Suite writes.
#pragma once

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ascii.hpp"

namespace harfact::har::detail {

// JSON text. Strings are escaped per RFC 8259; bytes that are not UTF-8 become
// U+FFFD (HAR strings cannot hold them), and `replaced` says so.
class json_text {
 public:
  std::string out;
  bool replaced = false;  // U+FFFD written since the last reset

  json_text& begin_object() { return open('{'); }
  json_text& end_object() { return close('}'); }
  json_text& begin_array() { return open('['); }
  json_text& end_array() { return close(']'); }
  json_text& key(std::string_view k) {
    comma();
    string(k);
    out += ':';
    after_key_ = true;
    return *this;
  }
  json_text& value(std::string_view s) {
    comma();
    string(s);
    return *this;
  }
  json_text& value(std::int64_t n) {
    comma();
    fmt::format_to(std::back_inserter(out), "{}", n);
    return *this;
  }
  json_text& boolean(bool b) {
    comma();
    out += b ? "true" : "false";
    return *this;
  }
  template <class T>
  json_text& member(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }
  json_text& member(std::string_view k, const char* v) { return member(k, std::string_view(v)); }
  json_text& member(std::string_view k, const std::string& v) {
    return member(k, std::string_view(v));
  }
  /// Starts the next element of the open array on a new line (the comma, if
  /// any, ends the previous line).
  void next_line() {
    comma();
    out += '\n';
    after_key_ = true;  // the element itself writes no comma
  }

 private:
  json_text& open(char c) {
    comma();
    out += c;
    first_.push_back(true);
    return *this;
  }
  json_text& close(char c) {
    first_.pop_back();
    out += c;
    return *this;
  }
  void comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out += ',';
    first_.back() = false;
  }
  void string(std::string_view s);

  std::vector<bool> first_;
  bool after_key_ = false;
};

/// True for UTF-8 without control characters other than tab, CR and LF: a
/// body that goes into HAR as text (anything else goes as base64).
bool is_printable_utf8(std::string_view s) noexcept;

/// RFC 4648 standard alphabet; whitespace is ignored and padding is optional.
/// false on any other character or data after '='.
bool base64_decode(std::string_view in, std::string& out);
std::string base64_encode(std::string_view in);

/// Strips spaces, tabs and a trailing CR.
std::string_view http_trim(std::string_view s) noexcept;

/// One header as written: name and value without surrounding blanks.
struct http_header {
  std::string name, value;
};

/// A parsed HTTP message (raw from Burp, or built from Charles's elements).
struct http_message {
  bool present = false;    // there was a message at all
  std::string first_line;  // request line or status line
  std::vector<http_header> headers;
  std::string body;
  std::int64_t head_size = -1;  // bytes up to and including the blank line
  std::int64_t body_size = -1;

  const http_header* find(std::string_view name) const {
    for (const auto& h : headers) {
      if (harfact::detail::iequals_ascii(h.name, name)) return &h;
    }
    return nullptr;
  }
};

/// Splits a raw HTTP/1 message (CRLF or bare LF line ends). Folded header
/// lines (starting with a space or tab) continue the previous header. Without
/// a blank line the whole message is head.
http_message parse_raw_http(std::string_view raw);

/// "GET /x HTTP/1.1" -> {"GET", "/x", "HTTP/1.1"}; "HTTP/1.1 200 OK" -> {"HTTP/1.1", "200", "OK"}.
std::array<std::string_view, 3> split_first_line(std::string_view line);

/// A whole decimal integer (surrounding blanks allowed), else std::nullopt.
std::optional<std::int64_t> to_int(std::string_view s);

/// A time as Burp wrote it, converted to RFC 3339 text.
struct burp_time {
  std::string iso;         // "2019-03-31T19:58:09-05:00", or without zone
  std::string zone;        // the zone as written
  bool ambiguous = false;  // zone known to have several meanings
  bool unknown = false;    // zone not recognised
  bool weekday_ok = true;  // the weekday matches the date
};

/// Parses Burp's time, java.util.Date#toString(): "Sun Mar 31 19:58:09 CDT 2019"
/// (EEE MMM dd HH:mm:ss zzz yyyy), the zone as the JVM's short name or
/// "GMT+05:30". std::nullopt when the text is not in that shape.
std::optional<burp_time> parse_burp_time(std::string_view s);

/// Epoch milliseconds as RFC 3339 UTC with milliseconds (the precision written).
std::string iso_from_millis(std::int64_t ms);

}  // namespace harfact::har::detail
