#include "harfact/har/timestamp.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <utility>

namespace harfact::har {

namespace {

constexpr std::int64_t k_us_per_second = 1'000'000;
constexpr std::int64_t k_seconds_per_day = 86'400;

struct civil_date {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

// Inverse of days_from_civil (Howard Hinnant, "chrono-Compatible Low-Level Date
// Algorithms"); exact for the whole proleptic Gregorian calendar.
civil_date civil_from_days(std::int64_t z) noexcept {
  z += 719'468;
  const std::int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
  const auto doe = static_cast<unsigned>(z - era * 146'097);                     // [0, 146096]
  const unsigned yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;  // [0, 399]
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
  const unsigned mp = (5 * doy + 2) / 153;                       // [0, 11]
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;               // [1, 31]
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;                  // [1, 12]
  return {m <= 2 ? y + 1 : y, m, d};
}

constexpr bool is_leap(unsigned y) noexcept { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

constexpr unsigned days_in_month(unsigned y, unsigned m) noexcept {
  constexpr unsigned k_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : k_days[m - 1];
}

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Floor division and modulo, so instants before 1970 split into a day and a
// non-negative time of day (plain '/' truncates toward zero).
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}
constexpr std::int64_t floor_mod(std::int64_t a, std::int64_t b) noexcept {
  const std::int64_t r = a % b;
  return (r != 0 && (r < 0) != (b < 0)) ? r + b : r;
}

// A cursor over the text. Failures record a reason only when the caller asked
// for one, so the success path never allocates.
class cursor {
 public:
  cursor(std::string_view text, std::string* why) noexcept : text_(text), why_(why) {}

  std::size_t pos() const noexcept { return pos_; }
  bool at_end() const noexcept { return pos_ >= text_.size(); }
  char peek() const noexcept { return at_end() ? '\0' : text_[pos_]; }
  void advance() noexcept { ++pos_; }

  // Reads exactly `n` digits into `out`.
  bool digits(int n, unsigned& out, const char* what) {
    unsigned v = 0;
    for (int i = 0; i < n; ++i) {
      if (at_end()) return fail_end(what);
      const char c = text_[pos_];
      if (!is_digit(c)) return fail_unexpected(what);
      v = v * 10 + static_cast<unsigned>(c - '0');
      ++pos_;
    }
    out = v;
    return true;
  }

  bool expect(char c, const char* what) {
    if (at_end()) return fail_end(what);
    if (text_[pos_] != c) return fail_unexpected(what);
    ++pos_;
    return true;
  }

  bool fail_unexpected(const char* expected) {
    if (why_ != nullptr) {
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c >= 0x20 && c < 0x7f) {
        *why_ = fmt::format("unexpected '{}' at position {} (expected {})", static_cast<char>(c),
                            pos_, expected);
      } else {
        *why_ =
            fmt::format("unexpected byte 0x{:02x} at position {} (expected {})", c, pos_, expected);
      }
    }
    return false;
  }

  bool fail_end(const char* expected) {
    if (why_ != nullptr) *why_ = fmt::format("ends at position {} (expected {})", pos_, expected);
    return false;
  }

  template <class... Args>
  bool fail(fmt::format_string<Args...> f, Args&&... args) {
    if (why_ != nullptr) *why_ = fmt::format(f, std::forward<Args>(args)...);
    return false;
  }

 private:
  std::string_view text_;
  std::string* why_;
  std::size_t pos_ = 0;
};

// Parses "Z", "+hh:mm", "+hhmm", "+hh" (or '-'). Sets offset_minutes/has_zone.
bool parse_zone(cursor& s, timestamp& ts) {
  const char c = s.peek();
  if (c == 'Z' || c == 'z') {
    s.advance();
    ts.has_zone = true;
    ts.offset_minutes = 0;
    return true;
  }
  if (c != '+' && c != '-') return s.fail_unexpected("'Z' or a '+'/'-' offset");
  const bool negative = c == '-';
  s.advance();
  unsigned hh = 0;
  unsigned mm = 0;
  if (!s.digits(2, hh, "offset hours")) return false;
  if (s.peek() == ':') {
    s.advance();
    if (!s.digits(2, mm, "offset minutes")) return false;
  } else if (is_digit(s.peek())) {
    if (!s.digits(2, mm, "offset minutes")) return false;
  }
  if (hh > 23) return s.fail("offset hour {} out of range", hh);
  if (mm > 59) return s.fail("offset minute {} out of range", mm);
  const auto minutes = static_cast<std::int32_t>(hh * 60 + mm);
  ts.offset_minutes = negative ? -minutes : minutes;
  ts.has_zone = true;
  return true;
}

}  // namespace

std::int64_t timestamp::precision_us() const noexcept {
  std::int64_t p = k_us_per_second;
  for (unsigned i = 0; i < fraction_digits && p > 1; ++i) p /= 10;
  return p;
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);                 // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146'097 + static_cast<std::int64_t>(doe) - 719'468;
}

std::optional<timestamp> parse_timestamp(std::string_view text, std::string* why) {
  if (text.empty()) {
    if (why != nullptr) *why = "empty";
    return std::nullopt;
  }
  cursor s(text, why);
  timestamp ts;
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;

  if (!s.digits(4, year, "a 4-digit year")) return std::nullopt;
  if (!s.expect('-', "'-'")) return std::nullopt;
  if (!s.digits(2, month, "a 2-digit month")) return std::nullopt;
  if (!s.expect('-', "'-'")) return std::nullopt;
  if (!s.digits(2, day, "a 2-digit day")) return std::nullopt;
  // RFC 3339 section 5.6 allows a space (and lowercase 't') in place of 'T'.
  if (const char c = s.peek(); c == 'T' || c == 't' || c == ' ') {
    s.advance();
  } else if (s.at_end()) {
    s.fail_end("'T' and a time");
    return std::nullopt;
  } else {
    s.fail_unexpected("'T' or ' '");
    return std::nullopt;
  }
  if (!s.digits(2, hour, "a 2-digit hour")) return std::nullopt;
  if (!s.expect(':', "':'")) return std::nullopt;
  if (!s.digits(2, minute, "a 2-digit minute")) return std::nullopt;
  if (!s.expect(':', "':'")) return std::nullopt;
  if (!s.digits(2, second, "a 2-digit second")) return std::nullopt;

  // Fraction: keep the first six digits (microseconds) and drop the rest, which
  // is floor because the fraction always counts forward from the whole second.
  // ISO 8601 allows ',' as the decimal sign as well as '.'.
  std::int64_t fraction_us = 0;
  if (const char c = s.peek(); c == '.' || c == ',') {
    s.advance();
    unsigned count = 0;
    std::int64_t scale = 100'000;
    while (is_digit(s.peek())) {
      if (scale > 0) {
        fraction_us += (s.peek() - '0') * scale;
        scale /= 10;
      }
      ++count;
      s.advance();
    }
    if (count == 0) {
      if (s.at_end()) {
        s.fail_end("fraction digits");
      } else {
        s.fail_unexpected("fraction digits");
      }
      return std::nullopt;
    }
    ts.fraction_digits = static_cast<std::uint8_t>(count > 255 ? 255 : count);
  }

  if (!s.at_end() && !parse_zone(s, ts)) return std::nullopt;
  if (!s.at_end()) {
    s.fail_unexpected("end of text");
    return std::nullopt;
  }

  // Range checks after the syntax, so that "2024-13-01Tgarbage" reports the
  // garbage (where the text breaks) before the value.
  if (month < 1 || month > 12) {
    s.fail("month {} out of range", month);
    return std::nullopt;
  }
  if (day < 1 || day > days_in_month(year, month)) {
    if (month == 2 && day == 29) {
      s.fail("day 29 out of range (February {} has 28 days)", year);
    } else {
      s.fail("day {} out of range for month {}", day, month);
    }
    return std::nullopt;
  }
  // "24:00:00" (ISO 8601's end of day) is refused: RFC 3339's time-hour is
  // 00-23, it would give one instant two spellings on two different dates, and
  // no HAR exporter writes it, so seeing it means something else is wrong.
  if (hour > 23) {
    s.fail("hour {} out of range", hour);
    return std::nullopt;
  }
  if (minute > 59) {
    s.fail("minute {} out of range", minute);
    return std::nullopt;
  }
  if (second > 60) {
    s.fail("second {} out of range", second);
    return std::nullopt;
  }
  // A leap second cannot be represented in Unix time: it becomes the last
  // microsecond of ":59", so it still sorts after everything in that second.
  if (second == 60) {
    second = 59;
    fraction_us = k_us_per_second - 1;
  }

  const std::int64_t days = days_from_civil(year, month, day);
  const std::int64_t local_seconds =
      days * k_seconds_per_day + static_cast<std::int64_t>(hour * 3600 + minute * 60 + second);
  const std::int64_t utc_seconds = local_seconds - std::int64_t{ts.offset_minutes} * 60;
  ts.us = utc_seconds * k_us_per_second + fraction_us;
  ts.valid = true;
  return ts;
}

namespace {

std::string format_local(std::int64_t us, std::int32_t offset_minutes, bool utc_suffix) {
  // Split first, then shift by whole seconds: no overflow near the int64 ends.
  const std::int64_t seconds = floor_div(us, k_us_per_second) + std::int64_t{offset_minutes} * 60;
  const std::int64_t micros = floor_mod(us, k_us_per_second);
  const std::int64_t days = floor_div(seconds, k_seconds_per_day);
  const std::int64_t tod = floor_mod(seconds, k_seconds_per_day);
  const civil_date date = civil_from_days(days);

  std::string out;
  out.reserve(40);
  auto it = std::back_inserter(out);
  if (date.year >= 0 && date.year <= 9999) {
    fmt::format_to(it, "{:04}", date.year);
  } else {
    // ISO 8601 expanded representation; only reachable for absurd inputs.
    fmt::format_to(it, "{:+05}", date.year);
  }
  fmt::format_to(it, "-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}", date.month, date.day, tod / 3600,
                 tod / 60 % 60, tod % 60, micros);
  if (utc_suffix) {
    out += 'Z';
  } else {
    const char sign = offset_minutes < 0 ? '-' : '+';
    const std::int64_t abs_minutes =
        offset_minutes < 0 ? -std::int64_t{offset_minutes} : std::int64_t{offset_minutes};
    fmt::format_to(it, "{}{:02}:{:02}", sign, abs_minutes / 60, abs_minutes % 60);
  }
  return out;
}

}  // namespace

std::string format_rfc3339_utc(std::int64_t us) { return format_local(us, 0, true); }

std::string format_rfc3339_offset(std::int64_t us, std::int32_t offset_minutes) {
  return format_local(us, offset_minutes, false);
}

}  // namespace harfact::har
