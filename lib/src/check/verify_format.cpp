#include "check/verify_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

namespace harfact::check::detail {

namespace {

constexpr std::size_t k_anomalies_kept = 3;
constexpr std::size_t k_members_compared = 64;  // per entry, for the order analysis
constexpr std::size_t k_orders_compared = 10000;

// The first `c` in raw[from, to), or `to`.
std::size_t find_byte(std::string_view raw, char c, std::size_t from, std::size_t to) noexcept {
  const void* p = std::memchr(raw.data() + from, c, to - from);
  return p == nullptr ? to : static_cast<std::size_t>(static_cast<const char*>(p) - raw.data());
}

bool is_ws(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Bytes the scanner acts on outside strings; everything else (whitespace,
// ':', the letters of true, false and null) is skipped in a tight loop.
struct byte_classes {
  bool wanted[256] = {};
  constexpr byte_classes() {
    for (const char c : std::string_view("\"{}[],-0123456789")) {
      wanted[static_cast<unsigned char>(c)] = true;
    }
  }
};
constexpr byte_classes k_wanted{};

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void note(entry_format& out, std::uint64_t offset, std::string what) {
  ++out.anomaly_count;
  if (out.anomalies.size() < k_anomalies_kept) out.anomalies.push_back({offset, std::move(what)});
}

// A \uXXXX escape at raw[i] ('\\'); returns its code unit or -1.
int escape_unit(std::string_view raw, std::size_t i) noexcept {
  if (i + 6 > raw.size() || raw[i + 1] != 'u') return -1;
  int v = 0;
  for (std::size_t k = i + 2; k < i + 6; ++k) {
    const int h = hex_value(raw[k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

// ECMA-262 QuoteJSONString: JSON.stringify writes \" \\ \b \f \n \r \t, \u00xx
// (lowercase) for the other control characters and for lone surrogates, and
// every other character as itself. Returns the bytes the escape takes.
std::size_t check_escape(std::string_view raw, std::size_t i, entry_format& out) {
  const char next = i + 1 < raw.size() ? raw[i + 1] : '\0';
  if (next == '/') {
    note(out, i, "\\/ (JSON.stringify writes / without a backslash)");
    return 2;
  }
  if (next != 'u') return 2;
  const int unit = escape_unit(raw, i);
  if (unit < 0) return 2;
  const std::string_view text = raw.substr(i, 6);
  for (const char c : text.substr(2)) {
    if (c >= 'A' && c <= 'F') {
      note(out, i, fmt::format("{} in upper case (JSON.stringify writes lowercase hex)", text));
      return 6;
    }
  }
  if (unit == 0x08 || unit == 0x09 || unit == 0x0a || unit == 0x0c || unit == 0x0d) {
    note(out, i, fmt::format("{} (JSON.stringify writes the short escape, e.g. \\n)", text));
  } else if (unit >= 0xd800 && unit <= 0xdbff) {
    const int low = escape_unit(raw, i + 6);
    if (i + 6 < raw.size() && raw[i + 6] == '\\' && low >= 0xdc00 && low <= 0xdfff) {
      note(out, i,
           fmt::format("{}{} (an escaped surrogate pair; JSON.stringify writes the character "
                       "itself)",
                       text, raw.substr(i + 6, 6)));
      return 12;
    }
  } else if (unit >= 0x20 && !(unit >= 0xdc00 && unit <= 0xdfff)) {
    note(out, i,
         fmt::format("{} (an escaped printable character; JSON.stringify writes it as is)", text));
  }
  return 6;
}

// True for the common case where no conversion is needed: a plain decimal
// ("-12", "0.377") with at most 15 significant digits, no trailing zero in its
// fraction, not "-0", between 1e-6 and 1e21. At most 15 digits always read
// back as themselves, so that is the shortest form, the one JSON.stringify
// writes.
bool plainly_js(std::string_view t) noexcept {
  std::size_t i = t.empty() || t[0] != '-' ? 0 : 1;
  const std::size_t int_start = i;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
  const std::size_t int_digits = i - int_start;
  if (int_digits == 0 || int_digits > 15) return false;
  if (int_digits > 1 && t[int_start] == '0') return false;
  if (i == t.size()) return !(t == "-0");
  if (t[i] != '.') return false;  // an exponent: check exactly
  const std::size_t frac_start = ++i;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
  if (i != t.size() || i == frac_start || t[i - 1] == '0') return false;
  if (t[int_start] != '0') return int_digits + (i - frac_start) <= 15;
  // 0.000ddd: JSON.stringify writes below 1e-6 with an exponent.
  std::size_t zeros = 0;
  while (frac_start + zeros < i && t[frac_start + zeros] == '0') ++zeros;
  return zeros < 6 && (i - frac_start - zeros) <= 15;
}

void check_number(std::string_view token, std::size_t offset, entry_format& out) {
  if (plainly_js(token)) return;
  double v = 0;
  const auto [p, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
  if (ec != std::errc() || p != token.data() + token.size()) {
    note(out, offset, fmt::format("number {} (not a value JSON.stringify can write)", token));
    return;
  }
  const std::string js = js_number_text(v);
  if (js != token) {
    note(out, offset, fmt::format("number {} (JSON.stringify writes {})", token, js));
  }
}

}  // namespace

std::string js_number_text(double v) {
  if (v == 0) return "0";  // also -0
  std::string out;
  if (v < 0) {
    out.push_back('-');  // not out = "-": GCC 12 warns falsely (-Wrestrict) with sanitizers
    v = -v;
  }
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  const std::string_view s(buf, static_cast<std::size_t>(res.ptr - buf));
  const std::size_t e_pos = s.find('e');
  std::string digits;
  for (const char c : s.substr(0, e_pos)) {
    if (c != '.') digits += c;
  }
  int exponent = 0;
  std::string_view exp_text = s.substr(e_pos + 1);
  const bool negative = !exp_text.empty() && exp_text.front() == '-';
  if (!exp_text.empty() && (exp_text.front() == '+' || exp_text.front() == '-')) {
    exp_text.remove_prefix(1);
  }
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  if (negative) exponent = -exponent;
  // Number::toString: digits s (k of them), value s x 10^(n-k).
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<std::size_t>(n));
    out += '.';
    out += digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    const int e = n - 1;
    out += digits[0];
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += e < 0 ? "e-" : "e+";
    out += std::to_string(std::abs(e));
  }
  return out;
}

entry_format scan_entry_format(std::string_view raw, bool js_rules) {
  entry_format out;
  std::size_t i = raw.find('{');
  if (i == std::string_view::npos) return out;
  ++i;
  const std::size_t ws = i;
  while (i < raw.size() && is_ws(raw[i])) ++i;
  out.layout = raw.substr(ws, i - ws);
  int depth = 1;
  bool expect_key = true;
  while (i < raw.size()) {
    while (i < raw.size() && !k_wanted.wanted[static_cast<unsigned char>(raw[i])]) ++i;
    if (i == raw.size()) break;
    const char c = raw[i];
    if (c == '"') {
      const std::size_t start = ++i;
      // Strings are most of an entry: jump from one quote or backslash to the next.
      while (i < raw.size()) {
        const std::size_t quote = find_byte(raw, '"', i, raw.size());
        const std::size_t backslash = find_byte(raw, '\\', i, quote);
        if (backslash == quote) {
          i = quote;
          break;
        }
        i = backslash;
        i += js_rules ? check_escape(raw, i, out)
                      : (i + 1 < raw.size() && raw[i + 1] == 'u' ? 6 : 2);
      }
      if (depth == 1 && expect_key) {
        out.members.push_back(raw.substr(start, std::min(i, raw.size()) - start));
        expect_key = false;
      }
      ++i;
    } else if (c == '{' || c == '[') {
      ++depth;
      ++i;
    } else if (c == '}' || c == ']') {
      --depth;
      ++i;
    } else if (c == ',') {
      if (depth == 1) expect_key = true;
      ++i;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      const std::size_t start = i;
      while (i < raw.size() && (raw[i] == '-' || raw[i] == '+' || raw[i] == '.' || raw[i] == 'e' ||
                                raw[i] == 'E' || (raw[i] >= '0' && raw[i] <= '9'))) {
        ++i;
      }
      if (js_rules) check_number(raw.substr(start, i - start), start, out);
    } else {
      ++i;
    }
  }
  return out;
}

std::pair<std::uint32_t, std::uint32_t> format_facts::add(const entry_format& f) {
  std::vector<std::uint16_t> order;
  order.reserve(std::min(f.members.size(), k_members_compared));
  for (std::size_t i = 0; i < f.members.size() && i < k_members_compared; ++i) {
    const std::string name(f.members[i]);
    auto it = name_ids.find(name);
    if (it == name_ids.end()) {
      if (names.size() >= 0xffff) continue;  // a hostile file: further names are not compared
      it = name_ids.emplace(name, static_cast<std::uint16_t>(names.size())).first;
      names.push_back(name);
    }
    order.push_back(it->second);
  }
  auto oit = order_ids.find(order);
  if (oit == order_ids.end()) {
    oit = order_ids.emplace(order, static_cast<std::uint32_t>(orders.size())).first;
    orders.push_back(std::move(order));
    order_counts.push_back(0);
  }
  ++order_counts[oit->second];
  const std::string layout(f.layout);
  auto lit = layout_ids.find(layout);
  if (lit == layout_ids.end()) {
    lit = layout_ids.emplace(layout, static_cast<std::uint32_t>(layouts.size())).first;
    layouts.push_back(layout);
    layout_counts.push_back(0);
  }
  ++layout_counts[lit->second];
  return {oit->second, lit->second};
}

std::vector<std::string> order_outliers(const format_facts& f) {
  std::vector<std::string> why(f.orders.size());
  if (f.orders.size() < 2 || f.orders.size() > k_orders_compared) return why;
  // before[(a << 16) | b]: entries that write member a before member b.
  std::unordered_map<std::uint32_t, std::uint64_t> before;
  for (std::size_t o = 0; o < f.orders.size(); ++o) {
    const auto& order = f.orders[o];
    for (std::size_t i = 0; i < order.size(); ++i) {
      for (std::size_t j = i + 1; j < order.size(); ++j) {
        before[(std::uint32_t{order[i]} << 16) | order[j]] += f.order_counts[o];
      }
    }
  }
  auto count = [&](std::uint16_t a, std::uint16_t b) -> std::uint64_t {
    const auto it = before.find((std::uint32_t{a} << 16) | b);
    return it == before.end() ? 0 : it->second;
  };
  for (std::size_t o = 0; o < f.orders.size(); ++o) {
    const auto& order = f.orders[o];
    for (std::size_t i = 0; i < order.size() && why[o].empty(); ++i) {
      for (std::size_t j = i + 1; j < order.size(); ++j) {
        const std::uint64_t here = count(order[i], order[j]);
        const std::uint64_t other = count(order[j], order[i]);
        const std::uint64_t both = here + other;
        if (both >= 4 && other * 10 >= both * 9) {
          why[o] = fmt::format(
              "\"{}\" written before \"{}\", unlike {} of the {} entries that have both",
              f.names[order[i]], f.names[order[j]], other, both);
          break;
        }
      }
    }
  }
  return why;
}

std::uint32_t dominant_layout(const format_facts& f) {
  std::uint64_t total = 0, best = 0;
  std::uint32_t id = static_cast<std::uint32_t>(f.layouts.size());
  for (std::size_t i = 0; i < f.layouts.size(); ++i) {
    total += f.layout_counts[i];
    if (f.layout_counts[i] > best) {
      best = f.layout_counts[i];
      id = static_cast<std::uint32_t>(i);
    }
  }
  if (total < 4 || best * 10 < total * 9) return static_cast<std::uint32_t>(f.layouts.size());
  return id;
}

std::string layout_text(std::string_view layout) {
  if (layout.empty()) return "no whitespace";
  std::string out;
  std::size_t i = 0;
  while (i < layout.size()) {
    const char c = layout[i];
    std::size_t j = i;
    while (j < layout.size() && layout[j] == c) ++j;
    const std::size_t n = j - i;
    std::string_view name = c == '\n'   ? "newline"
                            : c == '\r' ? "carriage return"
                            : c == '\t' ? "tab"
                                        : "space";
    if (!out.empty()) out += " + ";
    out += n == 1 ? fmt::format("{}", name) : fmt::format("{} {}s", n, name);
    i = j;
  }
  return out;
}

}  // namespace harfact::check::detail
