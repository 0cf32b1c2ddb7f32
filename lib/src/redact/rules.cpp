#include "redact/rules.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>

#include "core/ascii.hpp"
#include "sig/url_query.hpp"

namespace harfact::redact::detail {

namespace {

using harfact::detail::to_lower_ascii;

// Parameter and member names that hold secrets (lowercase, exact).
constexpr std::array<std::string_view, 30> k_token_names{"access_token",
                                                         "id_token",
                                                         "refresh_token",
                                                         "token",
                                                         "auth_token",
                                                         "authtoken",
                                                         "oauth_token",
                                                         "oauth_verifier",
                                                         "client_secret",
                                                         "secret",
                                                         "password",
                                                         "passwd",
                                                         "pwd",
                                                         "pass",
                                                         "otp",
                                                         "csrf",
                                                         "_csrf",
                                                         "csrf_token",
                                                         "csrfmiddlewaretoken",
                                                         "authenticity_token",
                                                         "x-amz-signature",
                                                         "x-amz-credential",
                                                         "x-amz-security-token",
                                                         "signature",
                                                         "ticket",
                                                         "assertion",
                                                         "samlresponse",
                                                         "id_token_hint",
                                                         "code_verifier",
                                                         "auth"};
constexpr std::array<std::string_view, 10> k_session_names{
    "session",   "sessionid", "session_id",   "sessid",        "jsessionid",
    "phpsessid", "sid",       "aspsessionid", "session_token", "sessiontoken"};
constexpr std::array<std::string_view, 6> k_key_names{"apikey",    "api_key",    "api-key",
                                                      "x-api-key", "access_key", "accesskey"};

bool ends_with(std::string_view s, std::string_view suffix) noexcept {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

template <std::size_t N>
bool in(const std::array<std::string_view, N>& set, std::string_view s) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

bool key_like(std::string_view v) {
  if (v.substr(0, 4) == "AIza") return true;
  return v.size() >= 20 && std::all_of(v.begin(), v.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
         });
}

// The same email pattern as the decoders' personal-data check
// (decode/decode.cpp), applied to free text rather than to one field.
const RE2& email_re() {
  static const RE2 re(
      R"(([A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.([A-Za-z]{2,})))");
  return re;
}
const RE2& jwt_re() {
  static const RE2 re(R"((eyJ[A-Za-z0-9_\-]{4,}\.eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*))");
  return re;
}

// A file name, not a domain: "jquery@3.6.0.min.js".
bool file_suffix(std::string_view tld) {
  static constexpr std::array<std::string_view, 16> k_files{
      "js",  "mjs", "css", "json", "html", "htm", "php", "png",
      "gif", "svg", "jpg", "jpeg", "webp", "map", "txt", "woff"};
  return in(k_files, to_lower_ascii(tld));
}

// Replaces every match of `re` (group 1) in `text` via `fn`; returns the count.
template <class Fn>
std::size_t replace_all(std::string& text, const RE2& re, Fn&& fn) {
  std::string out;
  re2::StringPiece input(text);
  std::size_t copied = 0, n = 0;
  std::size_t pos = 0;
  std::array<re2::StringPiece, 3> groups;
  while (pos <= text.size() &&
         re.Match(input, pos, text.size(), RE2::UNANCHORED, groups.data(),
                  re.NumberOfCapturingGroups() + 1 > 3 ? 3 : re.NumberOfCapturingGroups() + 1)) {
    const auto begin = static_cast<std::size_t>(groups[1].data() - text.data());
    const auto end = begin + groups[1].size();
    const std::string found(groups[1].data(), groups[1].size());
    const std::string_view tld_found =
        re.NumberOfCapturingGroups() >= 2 && groups[2].data() != nullptr
            ? std::string_view(groups[2].data(), groups[2].size())
            : std::string_view();
    std::optional<std::string> replacement = fn(found, tld_found);
    if (replacement) {
      out.append(text, copied, begin - copied);
      out += *replacement;
      copied = end;
      ++n;
    }
    pos = end > pos ? end : pos + 1;
  }
  if (n == 0) return 0;
  out.append(text, copied, std::string::npos);
  text = std::move(out);
  return n;
}

}  // namespace

std::optional<std::pair<value_kind, std::string>> secret_name(std::string_view name,
                                                              std::string_view value) {
  const std::string l = to_lower_ascii(name);
  if (in(k_key_names, l) || ((l == "key" || l == "api") && key_like(value))) {
    return std::make_pair(value_kind::api_key, "API key parameter " + std::string(name));
  }
  if (in(k_session_names, l) || ends_with(l, "sessionid") || ends_with(l, "_session") ||
      ends_with(l, "session_id")) {
    return std::make_pair(value_kind::session_id, "session identifier " + std::string(name));
  }
  if (in(k_token_names, l) || ends_with(l, "_token") || ends_with(l, "-token") ||
      ends_with(l, "token") || ends_with(l, "secret") || ends_with(l, "password")) {
    return std::make_pair(value_kind::token, "token or secret " + std::string(name));
  }
  if (l == "code" && value.size() >= 8) {
    return std::make_pair(value_kind::token, "authorization code parameter code");
  }
  return std::nullopt;
}

bool secret_header(std::string_view l) {
  if (l == ":authority") return false;
  return in(k_key_names, l) || l.find("api-key") != std::string_view::npos ||
         l.find("apikey") != std::string_view::npos || l.find("token") != std::string_view::npos ||
         l.find("secret") != std::string_view::npos ||
         l.find("password") != std::string_view::npos ||
         l.find("session") != std::string_view::npos || l.substr(0, 6) == "x-auth";
}

std::string percent_encode(std::string_view s) {
  static constexpr std::string_view k_hex = "0123456789ABCDEF";
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += k_hex[u >> 4];
      out += k_hex[u & 15];
    }
  }
  return out;
}

void rules::learn(std::string name, std::string value, value_kind kind, std::string why) {
  if (value.empty() || masker::is_placeholder(value)) return;
  learned_.emplace(std::make_pair(std::move(name), std::move(value)),
                   std::make_pair(kind, std::move(why)));
}

std::optional<std::string> rules::param(std::string_view name, const std::string& value,
                                        masked_list& out, int depth) {
  if (value.empty() || masker::is_placeholder(value)) return std::nullopt;
  if (auto it = learned_.find(std::make_pair(std::string(name), value)); it != learned_.end()) {
    out.push_back({it->second.first, std::string(name), it->second.second});
    return m_.mask(it->second.first, value);
  }
  if (auto s = secret_name(name, value)) {
    out.push_back({s->first, std::string(name), s->second});
    return m_.mask(s->first, value);
  }
  if (m_.known(value)) {
    out.push_back({value_kind::known_secret, std::string(name), "a value masked elsewhere"});
    return m_.mask(value_kind::known_secret, value);
  }
  if (depth < 2 && (value.substr(0, 7) == "http://" || value.substr(0, 8) == "https://")) {
    const std::size_t before = out.size();
    std::string u = url(value, out, depth + 1);
    if (out.size() != before) return u;
    return std::nullopt;
  }
  // A parameter's value is matched whole against values masked before (above),
  // never in part: the URL and its queryString must come out the same
  // whichever is read first.
  std::string copy = value;
  const std::size_t before = out.size();
  if (free_text(copy, out, false)) {
    for (std::size_t i = before; i < out.size(); ++i) out[i].name = std::string(name);
    return copy;
  }
  return std::nullopt;
}

std::string rules::url(std::string_view u, masked_list& out, int depth) {
  std::string result;
  const std::size_t scheme_end = u.find("://");
  std::size_t path_begin = 0;
  if (scheme_end != std::string_view::npos && scheme_end < 12) {
    const std::size_t auth_begin = scheme_end + 3;
    std::size_t auth_end = u.find_first_of("/?#", auth_begin);
    if (auth_end == std::string_view::npos) auth_end = u.size();
    const std::string_view authority = u.substr(auth_begin, auth_end - auth_begin);
    const std::size_t at = authority.rfind('@');
    result.append(u.substr(0, auth_begin));
    if (at != std::string_view::npos && !masker::is_placeholder(authority.substr(0, at))) {
      result += m_.mask(value_kind::credentials, authority.substr(0, at));
      result.append(authority.substr(at));
      out.push_back({value_kind::credentials, "", "user name and password in the URL"});
    } else {
      result.append(authority);
    }
    path_begin = auth_end;
  }
  std::size_t query = u.find('?', path_begin);
  std::size_t fragment = u.find('#', path_begin);
  if (fragment != std::string_view::npos && query != std::string_view::npos && query > fragment) {
    query = std::string_view::npos;
  }
  const std::size_t path_end = std::min(query, fragment);
  std::string path(u.substr(path_begin, path_end == std::string_view::npos
                                            ? std::string_view::npos
                                            : path_end - path_begin));
  free_text(path, out, false);
  result += path;
  auto params = [&](std::string_view part) {
    std::string piece_out;
    std::size_t start = 0;
    while (start <= part.size()) {
      std::size_t amp = part.find('&', start);
      if (amp == std::string_view::npos) amp = part.size();
      const std::string_view piece = part.substr(start, amp - start);
      const std::size_t eq = piece.find('=');
      bool replaced = false;
      if (eq != std::string_view::npos) {
        std::string name, value;
        sig::detail::percent_decode(piece.substr(0, eq), name);
        sig::detail::percent_decode(piece.substr(eq + 1), value);
        if (auto nv = param(name, value, out, depth)) {
          piece_out.append(piece.substr(0, eq + 1));
          piece_out += percent_encode(*nv);
          replaced = true;
        }
      }
      if (!replaced) piece_out.append(piece);
      if (amp < part.size()) piece_out += '&';
      start = amp + 1;
    }
    return piece_out;
  };
  if (query != std::string_view::npos) {
    const std::size_t end = fragment == std::string_view::npos ? u.size() : fragment;
    result += '?';
    result += params(u.substr(query + 1, end - query - 1));
  }
  if (fragment != std::string_view::npos) {
    const std::string_view frag = u.substr(fragment + 1);
    result += '#';
    if (frag.find('=') != std::string_view::npos) {
      result += params(frag);
    } else {
      std::string f(frag);
      free_text(f, out, false);
      result += f;
    }
  }
  return result;
}

std::string rules::form(std::string_view text, bool all_values, masked_list& out) {
  std::string result;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of("&\n", start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view piece = text.substr(start, end - start);
    const std::size_t eq = piece.find('=');
    bool replaced = false;
    if (eq != std::string_view::npos) {
      std::string name, value;
      sig::detail::percent_decode(piece.substr(0, eq), name);
      sig::detail::percent_decode(piece.substr(eq + 1), value);
      std::optional<std::string> nv = param(name, value, out);
      if (!nv && all_values && !value.empty() && !masker::is_placeholder(value)) {
        nv = typed(name, value, out);
      }
      if (nv) {
        result.append(piece.substr(0, eq + 1));
        result += percent_encode(*nv);
        replaced = true;
      }
    }
    if (!replaced) result.append(piece);
    if (end < text.size()) result += text[end];
    start = end + 1;
  }
  return result;
}

std::string rules::typed(std::string_view name, const std::string& value, masked_list& out) {
  std::string copy = value;
  masked_list probe;
  free_text(copy, probe);
  const bool email = !probe.empty() && probe.front().kind == value_kind::email;
  const value_kind k = email ? value_kind::email : value_kind::form_value;
  out.push_back({k, std::string(name),
                 "value typed into a form posted to a site that is not a "
                 "known tracker"});
  return m_.mask(k, value);
}

bool rules::free_text(std::string& text, masked_list& out, bool known) {
  if (text.size() < 6) return false;
  std::size_t n = 0;
  if (text.find("eyJ") != std::string::npos) {
    const std::size_t k = replace_all(
        text, jwt_re(), [&](const std::string& v, std::string_view) -> std::optional<std::string> {
          return m_.mask(value_kind::jwt, v);
        });
    if (k != 0) out.push_back({value_kind::jwt, "", "JSON Web Token"});
    n += k;
  }
  if (text.find('@') != std::string::npos) {
    const std::size_t k =
        replace_all(text, email_re(),
                    [&](const std::string& v, std::string_view tld) -> std::optional<std::string> {
                      if (file_suffix(tld) || masker::is_placeholder(v)) return std::nullopt;
                      return m_.mask(value_kind::email, v);
                    });
    if (k != 0) out.push_back({value_kind::email, "", "email address"});
    n += k;
  }
  if (const std::size_t k = known ? m_.replace_known(text) : 0; k != 0) {
    out.push_back({value_kind::known_secret, "", "a value masked elsewhere in the capture"});
    n += k;
  }
  return n != 0;
}

}  // namespace harfact::redact::detail
