// Microsoft Clarity `_clck` cookie (signals.md A.13, B.17, D.8).
#include <fmt/format.h>

#include <vector>

#include "consent/cmp_common.hpp"
#include "harfact/consent/signal.hpp"

namespace harfact::consent {

namespace {

std::optional<std::int64_t> parse_base36(std::string_view s) noexcept {
  if (s.empty() || s.size() > 12) return std::nullopt;  // 36^12 < 2^63
  std::int64_t v = 0;
  for (const char c : s) {
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') d = c - 'A' + 10;
    if (d < 0) return std::nullopt;
    v = v * 36 + d;
  }
  return v;
}

}  // namespace

signal decode_clarity_clck(std::string_view clck) {
  signal s = detail::start("clarity_clck", clck);
  const std::string_view v = detail::strip_name(s.input, {"_clck"});
  if (v.empty()) return detail::fail(std::move(s), "_clck: empty value");
  // '^' is the current separator, '|' the older one (A.13).
  const char sep = v.find('^') != std::string_view::npos ? '^' : '|';
  std::vector<std::pair<std::size_t, std::string_view>> parts;  // offset, text
  std::size_t i = 0;
  while (true) {
    const std::size_t next = v.find(sep, i);
    parts.emplace_back(i, v.substr(i, next == std::string_view::npos ? v.npos : next - i));
    if (next == std::string_view::npos) break;
    i = next + 1;
  }
  if (parts.size() < 2) {
    return detail::fail(
        std::move(s), "_clck: no '^' or '|' separator; expected userId^version^expiry^consent^dob");
  }
  if (parts.size() > 5) {
    s.notes.push_back(
        fmt::format("_clck: {} fields; fields after the 5th are not documented", parts.size()));
  }
  if (parts[0].second.empty()) return detail::fail(std::move(s), "_clck: offset 0: empty userId");
  s.fields.add("user_id", node::string(std::string(parts[0].second)), "Clarity user id");

  std::string error;
  const auto need_int = [&](std::size_t k, std::string_view name) -> std::optional<std::int64_t> {
    const auto n = detail::parse_int(parts[k].second);
    if (!n) {
      error = fmt::format("_clck: field {} ({}) at offset {}: '{}' is not an integer", k + 1, name,
                          parts[k].first, parts[k].second);
    }
    return n;
  };
  const auto version = need_int(1, "cookie version");
  if (!version) return detail::fail(std::move(s), error);
  s.fields.add("cookie_version", node::integer(*version),
               *version == 2 ? "current cookie version" : "");
  if (parts.size() > 2) {
    const auto expiry = parse_base36(parts[2].second);
    if (!expiry) {
      return detail::fail(std::move(s),
                          fmt::format("_clck: field 3 (expiry) at offset {}: '{}' is not base36",
                                      parts[2].first, parts[2].second));
    }
    s.fields.add("expiry", node::integer(*expiry),
                 fmt::format("expiry in days, base36 '{}'", parts[2].second));
  }
  if (parts.size() > 3) {
    const auto consent = need_int(3, "consent");
    if (!consent || (*consent != 0 && *consent != 1)) {
      return detail::fail(std::move(s),
                          fmt::format("_clck: field 4 (consent) at offset {}: '{}' is not 0 or 1",
                                      parts[3].first, parts[3].second));
    }
    s.fields.add("consent", node::integer(*consent),
                 *consent == 1 ? "Clarity held consent" : "Clarity did not hold consent");
    const auto a = static_cast<int>(purpose::analytics);
    s.sum.purposes[a] = detail::grant_of(*consent == 1);
    s.sum.purpose_source[a] = "_clck consent";
    s.sum.notes.emplace_back(
        "analytics from Clarity's own consent flag in _clck (set through Clarity's consent API "
        "or taken from Google consent mode); consent=0 does not show that a person refused");
  } else {
    s.notes.emplace_back("_clck: older value without the consent field");
  }
  if (parts.size() > 4) {
    const auto dob = need_int(4, "dob");
    if (!dob) return detail::fail(std::move(s), error);
    s.fields.add("dob", node::integer(*dob), "");
  }
  s.ok = true;
  return s;
}

}  // namespace harfact::consent
