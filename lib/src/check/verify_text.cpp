// Small helpers of the integrity checks: durations and excerpts for people,
// percent-decoding, HTTP dates, base64 sizes.
#include <fmt/format.h>

#include <array>
#include <cmath>

#include "check/verify_detail.hpp"
#include "core/ascii.hpp"
#include "harfact/har/timestamp.hpp"

namespace harfact::check::detail {

std::optional<std::int64_t> entry_row::end_us() const noexcept {
  if (!time.us) return std::nullopt;
  std::int64_t end = *time.us;
  if (time_ms && *time_ms > 0 && *time_ms < 1e12)
    end += static_cast<std::int64_t>(std::llround(*time_ms * 1000));
  return end;
}

std::string duration_text(std::int64_t us) {
  const bool negative = us < 0;
  const std::uint64_t a =
      negative ? 0 - static_cast<std::uint64_t>(us) : static_cast<std::uint64_t>(us);
  std::string out;
  if (a >= 86'400'000'000ULL) {
    const std::uint64_t h = a / 3'600'000'000ULL;
    out = fmt::format("{} d {} h", h / 24, h % 24);
  } else if (a >= 3'600'000'000ULL) {
    out = fmt::format("{} h {:02} min", a / 3'600'000'000ULL, (a / 60'000'000ULL) % 60);
  } else if (a >= 60'000'000ULL) {
    out = fmt::format("{} min {:02} s", a / 60'000'000ULL, (a / 1'000'000ULL) % 60);
  } else if (a >= 1'000'000ULL) {
    out = fmt::format("{:.1f} s", static_cast<double>(a) / 1e6);
  } else {
    out = fmt::format("{:.0f} ms", static_cast<double>(a) / 1e3);
  }
  return negative ? "-" + out : out;
}

std::string shorten(std::string_view s, std::size_t n) {
  if (s.size() <= n) return std::string(s);
  std::size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "...";
}

std::string percent_decode(std::string_view s, bool plus) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      const int h = hex(s[i + 1]), l = hex(s[i + 2]);
      if (h >= 0 && l >= 0) {
        out += static_cast<char>(h * 16 + l);
        i += 2;
        continue;
      }
    }
    out += plus && c == '+' ? ' ' : c;
  }
  return out;
}

namespace {

int month_of(std::string_view m) noexcept {
  static constexpr std::array<std::string_view, 12> k_months{
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  for (std::size_t i = 0; i < k_months.size(); ++i) {
    if (harfact::detail::iequals_ascii(m, k_months[i])) return static_cast<int>(i) + 1;
  }
  return 0;
}

bool digits(std::string_view s, int& out) noexcept {
  if (s.empty()) return false;
  out = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

bool clock(std::string_view s, int& h, int& m, int& sec) noexcept {
  return s.size() == 8 && s[2] == ':' && s[5] == ':' && digits(s.substr(0, 2), h) &&
         digits(s.substr(3, 2), m) && digits(s.substr(6, 2), sec) && h < 24 && m < 60 && sec <= 60;
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',')) ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != ',') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

}  // namespace

std::optional<std::int64_t> parse_http_date(std::string_view s) {
  // IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT"; RFC 850 "Sunday, 06-Nov-94
  // 08:49:37 GMT"; asctime "Sun Nov  6 08:49:37 1994" (RFC 9110 section 5.6.7).
  const auto w = words(s);
  int day = 0, month = 0, year = 0, h = 0, m = 0, sec = 0;
  if (w.size() == 6 && harfact::detail::iequals_ascii(w[5], "GMT")) {
    if (!digits(w[1], day) || (month = month_of(w[2])) == 0 || !digits(w[3], year) ||
        !clock(w[4], h, m, sec)) {
      return std::nullopt;
    }
  } else if (w.size() == 4 && harfact::detail::iequals_ascii(w[3], "GMT") && w[1].size() == 9 &&
             w[1][2] == '-' && w[1][6] == '-') {
    if (!digits(w[1].substr(0, 2), day) || (month = month_of(w[1].substr(3, 3))) == 0 ||
        !digits(w[1].substr(7, 2), year) || !clock(w[2], h, m, sec)) {
      return std::nullopt;
    }
    year += year < 70 ? 2000 : 1900;
  } else if (w.size() == 5) {
    if ((month = month_of(w[1])) == 0 || !digits(w[2], day) || !clock(w[3], h, m, sec) ||
        !digits(w[4], year)) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (day < 1 || day > 31 || year < 1970 || year > 9999) return std::nullopt;
  const std::int64_t days =
      har::days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return ((days * 24 + h) * 60 + m) * 60'000'000LL + std::int64_t{std::min(sec, 59)} * 1'000'000LL;
}

std::optional<std::uint64_t> base64_decoded_size(std::string_view s) {
  std::uint64_t chars = 0, padding = 0;
  for (const char c : s) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding > 0) return std::nullopt;  // data after padding
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/' || c == '-' || c == '_';
    if (!ok) return std::nullopt;
    ++chars;
  }
  if (padding > 2 || chars % 4 == 1) return std::nullopt;
  return chars / 4 * 3 + (chars % 4 == 0 ? 0 : chars % 4 - 1);
}

bool is_ascii(std::string_view s) noexcept {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string ms_text(double ms) {
  std::string out = fmt::format("{:.3f}", ms);
  while (!out.empty() && out.back() == '0') out.pop_back();
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out == "-0" ? "0" : out;
}

std::string each_of(std::uint64_t n, std::string_view one, std::string_view many) {
  if (n == 1) return fmt::format("The one {}", one);
  if (n == 2) return fmt::format("Both {}", many);
  return fmt::format("All {} {}", n, many);
}

std::string count_text(std::uint64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

integrity_check make_check(std::string_view id, status s, std::string summary) {
  integrity_check c;
  c.id = std::string(id);
  for (const auto& info : check_catalog()) {
    if (info.id == id) c.title = std::string(info.title);
  }
  c.status = s;
  c.summary = std::move(summary);
  return c;
}

void take_evidence(integrity_check& c, const evidence_sink& sink) {
  c.evidence = sink.items;
  c.count = sink.count;
}

const timeline::time_point& time_of(const facts& f, std::size_t row) { return f.rows[row].time; }

}  // namespace harfact::check::detail
