// harfact: a small streaming JSON writer with deterministic output.
//
// Members are written in the order the caller writes them; numbers use the
// shortest representation that reads back exactly; strings are escaped per
// RFC 8259 and invalid UTF-8 is replaced by U+FFFD, so any bytes from a capture
// can be written safely. Output is pretty-printed with two-space indents, or
// compact (one line) for NDJSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harfact::report {

class json_writer {
 public:
  explicit json_writer(bool pretty = true) : pretty_(pretty) {}

  json_writer& begin_object();
  json_writer& end_object();
  json_writer& begin_array();
  json_writer& end_array();
  /// Member name; the next call writes its value.
  json_writer& key(std::string_view k);

  json_writer& value(std::string_view s);
  json_writer& value(const char* s) { return value(std::string_view(s)); }
  json_writer& value(const std::string& s) { return value(std::string_view(s)); }
  json_writer& value(bool b);
  json_writer& value(std::int64_t n);
  json_writer& value(std::uint64_t n);
  json_writer& value(int n) { return value(static_cast<std::int64_t>(n)); }
  json_writer& value(unsigned n) { return value(static_cast<std::uint64_t>(n)); }
  json_writer& value(double d);  ///< NaN and infinities are written as null
  json_writer& null();
  /// Writes already-serialised JSON as the next value (caller guarantees it).
  json_writer& raw(std::string_view json);

  template <class T>
  json_writer& value(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }
  template <class T>
  json_writer& member(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

  /// The document so far (complete once every container is closed). A
  /// pretty document ends with a newline.
  const std::string& str() const noexcept { return out_; }
  std::string take() { return std::move(out_); }

  /// Appends `s` JSON-escaped (without quotes) to out.
  static void escape(std::string& out, std::string_view s);

 private:
  void before_value();
  void newline();

  std::string out_;
  std::vector<bool> first_;  // per open container: no member written yet
  bool pretty_;
  bool after_key_ = false;
};

}  // namespace harfact::report
