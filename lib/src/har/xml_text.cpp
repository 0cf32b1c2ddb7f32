// The text-level pieces of the XML importer (see xml_text.hpp).
#include "har/xml_text.hpp"

#include <charconv>

#include "harfact/har/timestamp.hpp"

namespace harfact::har::detail {

namespace {

// Length of the UTF-8 sequence at s[i], or 0 when it is not well-formed
// (overlong forms, surrogates and code points above U+10FFFF are not).
std::size_t utf8_length(std::string_view s, std::size_t i) noexcept {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  const auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;  // overlong
    if (c == 0xED && b(1) > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;  // overlong
    if (c == 0xF4 && b(1) > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

void json_text::string(std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const std::size_t n = utf8_length(s, i);
      if (n == 0) {
        out += "\xEF\xBF\xBD";
        replaced = true;
        ++i;
      } else {
        out.append(s.data() + i, n);
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
}

// A body goes into HAR as text when it is UTF-8 without control characters
// other than tab, CR and LF (so the text is what a person reads); anything else
// as base64, which keeps every byte and bounds the growth of the HAR text.
bool is_printable_utf8(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return false;
      ++i;
      continue;
    }
    const std::size_t n = utf8_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Base64 (RFC 4648 standard alphabet; whitespace ignored, padding optional).

bool base64_decode(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size() / 4 * 3 + 3);
  std::uint32_t acc = 0;
  int bits = 0;
  bool padding = false;
  for (const char ch : in) {
    int v;
    if (ch >= 'A' && ch <= 'Z') {
      v = ch - 'A';
    } else if (ch >= 'a' && ch <= 'z') {
      v = ch - 'a' + 26;
    } else if (ch >= '0' && ch <= '9') {
      v = ch - '0' + 52;
    } else if (ch == '+') {
      v = 62;
    } else if (ch == '/') {
      v = 63;
    } else if (ch == '=') {
      padding = true;
      continue;
    } else if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
      continue;
    } else {
      return false;
    }
    if (padding) return false;  // data after '='
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return bits < 6;  // a lone trailing character carries no byte
}

std::string base64_encode(std::string_view in) {
  static constexpr char k_alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  const auto at = [&](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(in[k]));
  };
  for (; i + 3 <= in.size(); i += 3) {
    const std::uint32_t v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += k_alphabet[(v >> 6) & 63];
    out += k_alphabet[v & 63];
  }
  if (i + 1 == in.size()) {
    const std::uint32_t v = at(i) << 16;
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const std::uint32_t v = (at(i) << 16) | (at(i + 1) << 8);
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += k_alphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

// ---------------------------------------------------------------------------
// HTTP messages.

std::string_view http_trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

http_message parse_raw_http(std::string_view raw) {
  http_message m;
  m.present = !raw.empty();
  if (raw.empty()) return m;
  std::size_t pos = 0;
  bool first = true;
  bool ended = false;
  while (pos < raw.size()) {
    const std::size_t nl = raw.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? raw.size() : nl;
    std::string_view line = raw.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = nl == std::string_view::npos ? raw.size() : nl + 1;
    if (line.empty() && !first) {
      ended = true;
      break;
    }
    if (first) {
      m.first_line.assign(line);
      first = false;
    } else if ((line.front() == ' ' || line.front() == '\t') && !m.headers.empty()) {
      m.headers.back().value += ' ';
      m.headers.back().value += http_trim(line);
    } else {
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) {
        m.headers.push_back({std::string(http_trim(line)), {}});
      } else {
        m.headers.push_back({std::string(http_trim(line.substr(0, colon))),
                             std::string(http_trim(line.substr(colon + 1)))});
      }
    }
  }
  m.head_size = static_cast<std::int64_t>(pos);
  if (ended) m.body.assign(raw.substr(pos));
  m.body_size = static_cast<std::int64_t>(m.body.size());
  return m;
}

// "GET /x HTTP/1.1" -> {"GET", "/x", "HTTP/1.1"}; "HTTP/1.1 200 OK" -> {"HTTP/1.1", "200", "OK"}.
std::array<std::string_view, 3> split_first_line(std::string_view line) {
  std::array<std::string_view, 3> out{};
  line = http_trim(line);
  const std::size_t a = line.find(' ');
  if (a == std::string_view::npos) {
    out[0] = line;
    return out;
  }
  out[0] = line.substr(0, a);
  std::string_view rest = http_trim(line.substr(a + 1));
  const std::size_t b = rest.find(' ');
  if (b == std::string_view::npos) {
    out[1] = rest;
    return out;
  }
  out[1] = rest.substr(0, b);
  out[2] = http_trim(rest.substr(b + 1));
  return out;
}

std::optional<std::int64_t> to_int(std::string_view s) {
  s = http_trim(s);
  std::int64_t v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// ---------------------------------------------------------------------------
// Times. Burp writes java.util.Date#toString(): "Sun Mar 31 19:58:09 CDT 2019"
// (EEE MMM dd HH:mm:ss zzz yyyy), the zone as the JVM's short name, or
// "GMT+05:30" when the zone has none.

namespace {

struct zone_name {
  std::string_view name;
  std::int32_t minutes;
};

// Abbreviations with one meaning in every Java time-zone name table we know of.
constexpr std::array<zone_name, 32> k_zones{{
    {"UTC", 0},     {"GMT", 0},    {"UT", 0},     {"Z", 0},      {"WET", 0},    {"WEST", 60},
    {"CET", 60},    {"CEST", 120}, {"MET", 60},   {"MEST", 120}, {"EET", 120},  {"EEST", 180},
    {"MSK", 180},   {"SAST", 120}, {"EDT", -240}, {"MST", -420}, {"MDT", -360}, {"AKST", -540},
    {"AKDT", -480}, {"HST", -600}, {"HDT", -540}, {"JST", 540},  {"KST", 540},  {"HKT", 480},
    {"SGT", 480},   {"AWST", 480}, {"ACST", 570}, {"ACDT", 630}, {"AEST", 600}, {"AEDT", 660},
    {"NZST", 720},  {"NZDT", 780},
}};

// Abbreviations Java writes for more than one offset: the time is kept without
// a zone (the reader then flags timestamp_no_zone), never guessed.
constexpr std::array<zone_name, 11> k_ambiguous{{
    {"CST", 0},  // US Central -06:00, China +08:00, Cuba -05:00
    {"CDT", 0},  // US Central -05:00, Cuba -04:00 (and China, historically)
    {"IST", 0},  // India +05:30, Israel +02:00, Ireland +01:00
    {"BST", 0},  // British Summer +01:00, Bangladesh +06:00, Bougainville +11:00
    {"AST", 0},  // Atlantic -04:00, Arabia +03:00
    {"ADT", 0},  // Atlantic -03:00, Arabia +04:00
    {"EST", 0},  // US Eastern -05:00; Java 7 and earlier also for Australian Eastern time
    {"PST", 0},  // US Pacific -08:00; Philippine time in the tz database since 2017
    {"PDT", 0},  // US Pacific -07:00; Philippine daylight time in the tz database
    {"GST", 0},  // Gulf +04:00, South Georgia -02:00
    {"WST", 0},  // Western Australia +08:00 (old Java), West Samoa +13:00
}};

constexpr std::array<std::string_view, 12> k_months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> k_weekdays{"Thu", "Fri", "Sat", "Sun",
                                                     "Mon", "Tue", "Wed"};  // from 1970-01-01

// "+05:30", "-0400", "+5" after GMT/UTC: offset in minutes.
std::optional<std::int32_t> parse_offset(std::string_view s) {
  if (s.size() < 2 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  const int sign = s[0] == '-' ? -1 : 1;
  std::string digits;
  for (const char c : s.substr(1)) {
    if (c == ':') continue;
    if (c < '0' || c > '9') return std::nullopt;
    digits += c;
  }
  int h = 0, m = 0;
  if (digits.size() == 1 || digits.size() == 2) {
    h = std::stoi(digits);
  } else if (digits.size() == 3 || digits.size() == 4) {
    h = std::stoi(digits.substr(0, digits.size() - 2));
    m = std::stoi(digits.substr(digits.size() - 2));
  } else {
    return std::nullopt;
  }
  if (h > 18 || m > 59) return std::nullopt;
  return sign * (h * 60 + m);
}

}  // namespace

std::optional<burp_time> parse_burp_time(std::string_view s) {
  std::array<std::string_view, 6> t{};
  std::size_t n = 0;
  s = http_trim(s);
  while (!s.empty()) {
    if (n == t.size()) return std::nullopt;
    const std::size_t sp = s.find(' ');
    t[n++] = s.substr(0, sp);
    s = sp == std::string_view::npos ? std::string_view() : http_trim(s.substr(sp + 1));
  }
  if (n != 6) return std::nullopt;
  std::size_t month = 0;
  while (month < k_months.size() && k_months[month] != t[1]) ++month;
  if (month == k_months.size()) return std::nullopt;
  const auto day = to_int(t[2]);
  const auto year = to_int(t[5]);
  if (!day || !year || *day < 1 || *day > 31 || *year < 1 || *year > 9999) return std::nullopt;
  const std::string_view hms = t[3];
  if (hms.size() != 8 || hms[2] != ':' || hms[5] != ':') return std::nullopt;
  const auto hh = to_int(hms.substr(0, 2));
  const auto mm = to_int(hms.substr(3, 2));
  const auto ss = to_int(hms.substr(6, 2));
  if (!hh || !mm || !ss || *hh > 23 || *mm > 59 || *ss > 60) return std::nullopt;

  burp_time out;
  out.zone = std::string(t[4]);
  const std::int64_t days =
      days_from_civil(*year, static_cast<unsigned>(month + 1), static_cast<unsigned>(*day));
  out.weekday_ok = k_weekdays[static_cast<std::size_t>(((days % 7) + 7) % 7)] == t[0];
  std::optional<std::int32_t> offset;
  for (const auto& z : k_zones) {
    if (z.name == t[4]) offset = z.minutes;
  }
  if (!offset) {
    for (const auto& z : k_ambiguous) {
      if (z.name == t[4]) out.ambiguous = true;
    }
  }
  if (!offset && !out.ambiguous) {
    const std::string_view zone = t[4];
    if (zone.substr(0, 3) == "GMT" || zone.substr(0, 3) == "UTC") {
      offset = parse_offset(zone.substr(3));
    } else {
      offset = parse_offset(zone);
    }
    out.unknown = !offset.has_value();
  }
  out.iso = fmt::format("{:04}-{:02}-{:02}T{}", *year, month + 1, *day, hms);
  if (offset) {
    if (*offset == 0) {
      out.iso += 'Z';
    } else {
      const std::int32_t a = *offset < 0 ? -*offset : *offset;
      out.iso += fmt::format("{}{:02}:{:02}", *offset < 0 ? '-' : '+', a / 60, a % 60);
    }
  }
  return out;
}

// Epoch milliseconds to RFC 3339 UTC with milliseconds (the precision written).
std::string iso_from_millis(std::int64_t ms) {
  std::string s = format_rfc3339_utc(ms * 1000);  // "...T12:03:11.123000Z"
  if (s.size() > 4) s.erase(s.size() - 4, 3);
  return s;
}

}  // namespace harfact::har::detail
