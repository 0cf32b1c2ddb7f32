// The collector's consistency checks: fields that exporters derive from one
// another (request.queryString from the URL, request.cookies from the Cookie
// header, response.cookies from Set-Cookie). A hand edit usually changes one
// and not the other.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "check/verify_detail.hpp"
#include "core/ascii.hpp"
#include "harfact/net/url.hpp"
#include "timeline/evidence.hpp"

namespace harfact::check::detail {

namespace {

using harfact::detail::iequals_ascii;

constexpr std::size_t k_params_compared = 200;

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view unquote(std::string_view v) noexcept {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
  return v;
}

// The forms a value may take in queryString: as in the URL (Chrome), or
// percent-decoded with or without '+' as space (Firefox, proxies).
std::vector<std::string> forms(std::string_view s) {
  return {std::string(s), percent_decode(s, false), percent_decode(s, true)};
}

bool overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a) {
    if (std::find(b.begin(), b.end(), x) != b.end()) return true;
  }
  return false;
}

struct param {
  std::string name, value;
  bool has_eq = true;
  bool matched = false;
};

// Known identifier cookies (advertising, analytics, login), by name or prefix.
struct id_cookie {
  std::string_view name;
  bool prefix;
};
constexpr std::array<id_cookie, 46> k_identifiers{{
    {"_ga", false},
    {"_ga_", true},
    {"_gid", false},
    {"_gcl_au", false},
    {"_gcl_aw", false},
    {"IDE", false},
    {"DSID", false},
    {"NID", false},
    {"ANID", false},
    {"_fbp", false},
    {"_fbc", false},
    {"fr", false},
    {"datr", false},
    {"c_user", false},
    {"xs", false},
    {"_ttp", false},
    {"ttwid", false},
    {"MUID", false},
    {"_uetsid", false},
    {"_uetvid", false},
    {"_clsk", false},
    {"_pin_unauth", false},
    {"_scid", false},
    {"li_sugr", false},
    {"bcookie", false},
    {"lidc", false},
    {"UserMatchHistory", false},
    {"AnalyticsSyncHistory", false},
    {"personalization_id", false},
    {"guest_id", false},
    {"muc_ads", false},
    {"_rdt_uuid", false},
    {"__hstc", false},
    {"hubspotutk", false},
    {"_mkto_trk", false},
    {"ajs_anonymous_id", false},
    {"ajs_user_id", false},
    {"_hjSessionUser_", true},
    {"_hjSession_", true},
    {"mp_", true},
    {"amplitude_id", true},
    {"AMP_", true},
    {"cto_bundle", false},
    {"TDID", false},
    {"uuid2", false},
    {"A3", false},
}};

std::string_view cookie_role(std::string_view name) noexcept {
  if (!timeline::detail::consent_cookie_kind(name).empty()) return "consent";
  if (name == "c_user") return "identifier: a logged-in Facebook user";
  for (const auto& c : k_identifiers) {
    if (c.prefix ? name.substr(0, c.name.size()) == c.name && name.size() > c.name.size()
                 : name == c.name) {
      return "identifier";
    }
  }
  return {};
}

std::vector<std::pair<std::string, std::string>> cookie_header_pairs(har::entry& e) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& h : e.request.headers) {
    if (!iequals_ascii(e.str(h.name), "cookie")) continue;
    std::string_view rest = e.str(h.value);
    while (!rest.empty()) {
      const std::size_t semi = rest.find(';');
      const std::string_view part = trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      if (part.empty()) continue;
      const std::size_t eq = part.find('=');
      if (eq == std::string_view::npos) {
        out.emplace_back(std::string(part), std::string());
      } else {
        out.emplace_back(std::string(trim(part.substr(0, eq))),
                         std::string(unquote(trim(part.substr(eq + 1)))));
      }
    }
  }
  return out;
}

std::vector<std::string> set_cookie_names(har::entry& e) {
  std::vector<std::string> out;
  for (const auto& h : e.response.headers) {
    if (!iequals_ascii(e.str(h.name), "set-cookie")) continue;
    std::string_view rest = e.str(h.value);  // some exporters fold several into one, by newline
    while (!rest.empty()) {
      const std::size_t nl = rest.find('\n');
      const std::string_view line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      const std::string_view first = line.substr(0, line.find(';'));
      const std::size_t eq = first.find('=');
      if (eq != std::string_view::npos) out.emplace_back(trim(first.substr(0, eq)));
    }
  }
  return out;
}

// The first pair of `a` missing from `b` (multiset), or nullptr.
const std::pair<std::string, std::string>* first_missing(
    const std::vector<std::pair<std::string, std::string>>& a,
    std::vector<std::pair<std::string, std::string>> b) {
  for (const auto& x : a) {
    const auto it = std::find(b.begin(), b.end(), x);
    if (it == b.end()) return &x;
    b.erase(it);
  }
  return nullptr;
}

}  // namespace

void collector::query_of(har::entry& e, const entry_row& row) {
  std::vector<param> url_params;
  if (const auto parts = net::split_url(e.str(e.request.url)); parts && parts->has_query) {
    std::string_view rest = parts->query;
    while (!rest.empty() && url_params.size() < k_params_compared) {
      const std::size_t amp = rest.find('&');
      const std::string_view part = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      if (part.empty()) continue;
      const std::size_t eq = part.find('=');
      param p;
      p.name = std::string(part.substr(0, eq));
      p.has_eq = eq != std::string_view::npos;
      if (p.has_eq) p.value = std::string(part.substr(eq + 1));
      url_params.push_back(std::move(p));
    }
  }
  std::vector<param> array;
  for (const auto& q : e.request.query_string) {
    if (array.size() >= k_params_compared) break;
    param p;
    p.name = std::string(e.str(q.name));
    p.value = std::string(e.str(q.value));
    if (p.name.empty() && p.value.empty()) continue;  // Firebug writes one per "&&"
    array.push_back(std::move(p));
  }
  if (url_params.empty() && array.empty()) return;
  if (array.empty()) {
    ++out.query_arrays_empty;
    out.query_array_empty.add(e.index, row.time, [&] {
      return fmt::format("the URL has {} but queryString is empty: {}",
                         count_text(url_params.size(), "parameter", "parameters"),
                         shorten(row.url, 100));
    });
    return;
  }
  ++out.query_arrays_filled;
  ++out.queries_compared;
  for (auto& u : url_params) {
    const auto un = forms(u.name), uv = forms(u.value);
    for (auto& a : array) {
      if (a.matched) continue;
      if (overlap(un, forms(a.name)) && overlap(uv, forms(a.value))) {
        a.matched = u.matched = true;
        break;
      }
    }
  }
  const param* in_url = nullptr;
  for (const auto& u : url_params) {
    if (!u.matched && (u.has_eq || !u.value.empty())) {
      in_url = &u;
      break;
    }
  }
  const param* in_array = nullptr;
  for (const auto& a : array) {
    if (!a.matched) {
      in_array = &a;
      break;
    }
  }
  if (in_url == nullptr && in_array == nullptr) return;
  out.query_mismatch.add(e.index, row.time, [&] {
    std::string what;
    if (in_url != nullptr && in_array != nullptr &&
        overlap(forms(in_url->name), forms(in_array->name))) {
      what = fmt::format("the URL has {}={} but queryString has {}={}", in_url->name,
                         shorten(in_url->value, 60), in_array->name, shorten(in_array->value, 60));
    } else if (in_url != nullptr) {
      what = fmt::format("the URL has {}={} that queryString does not", in_url->name,
                         shorten(in_url->value, 60));
    } else {
      what = fmt::format("queryString has {}={} that the URL does not", in_array->name,
                         shorten(in_array->value, 60));
    }
    return what + ": " + shorten(row.url, 100);
  });
}

void collector::cookies_of(har::entry& e, entry_row& row) {
  auto header = cookie_header_pairs(e);
  std::vector<std::pair<std::string, std::string>> array;
  for (auto& c : e.request.cookies) {
    array.emplace_back(std::string(e.str(c.name)), std::string(unquote(e.str(c.value))));
  }
  row.sends_cookies = !header.empty() || !array.empty();
  if (row.sends_cookies) {
    cookie_send s;
    s.row = out.rows.size();
    for (const auto& [name, value] : header.empty() ? array : header) {
      if (s.names.size() > 240) {
        s.names += ", ...";
        break;
      }
      if (!s.names.empty()) s.names += ", ";
      s.names += name;
      if (const auto role = cookie_role(name); !role.empty()) s.names += fmt::format(" ({})", role);
    }
    out.cookie_sends.push_back(std::move(s));
  }
  if (!header.empty() && !array.empty()) {
    ++out.cookies_compared;
    const auto* in_header = first_missing(header, array);
    const auto* in_array = first_missing(array, header);
    if (in_header != nullptr || in_array != nullptr) {
      out.cookie_mismatch.add(e.index, row.time, [&] {
        if (in_header != nullptr && in_array != nullptr && in_header->first == in_array->first) {
          return fmt::format("the Cookie header sends {}={} but request.cookies has {}={}",
                             in_header->first, shorten(in_header->second, 50), in_array->first,
                             shorten(in_array->second, 50));
        }
        if (in_header != nullptr) {
          return fmt::format("the Cookie header sends {}={} that request.cookies does not list",
                             in_header->first, shorten(in_header->second, 50));
        }
        return fmt::format("request.cookies lists {}={} that the Cookie header did not send",
                           in_array->first, shorten(in_array->second, 50));
      });
    }
  }
  const auto set = set_cookie_names(e);
  if (set.empty() || e.response.cookies.empty()) return;
  ++out.cookies_compared;
  std::vector<std::pair<std::string, std::string>> a, b;
  for (const auto& n : set) a.emplace_back(n, std::string());
  for (auto& c : e.response.cookies) b.emplace_back(std::string(e.str(c.name)), std::string());
  const auto* in_header = first_missing(a, b);
  const auto* in_array = first_missing(b, a);
  if (in_header == nullptr && in_array == nullptr) return;
  out.cookie_mismatch.add(e.index, row.time, [&] {
    return in_header != nullptr
               ? fmt::format("a Set-Cookie header sets {} that response.cookies does not list",
                             in_header->first)
               : fmt::format("response.cookies lists {} that no Set-Cookie header sets",
                             in_array->first);
  });
}

}  // namespace harfact::check::detail
