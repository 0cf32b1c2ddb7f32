#include "harfact/net/url.hpp"

#include <cstddef>

namespace harfact::net {

namespace {

constexpr bool is_alpha(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_hex(char c) noexcept {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

constexpr bool all_digits(std::string_view s) noexcept {
  for (const char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// Splits "host[:port]" (userinfo already removed) into host and port.
bool split_host_port(std::string_view hp, url_parts& out) noexcept {
  if (!hp.empty() && hp.front() == '[') {
    const std::size_t close = hp.find(']');
    if (close == std::string_view::npos) return false;  // unclosed '['
    out.host = hp.substr(1, close - 1);
    const std::string_view rest = hp.substr(close + 1);
    if (rest.empty()) return true;
    if (rest.front() != ':') return false;  // "[::1]x"
    out.port = rest.substr(1);
    return all_digits(out.port);
  }
  const std::size_t colon = hp.rfind(':');
  if (colon != std::string_view::npos) {
    out.port = hp.substr(colon + 1);
    if (!all_digits(out.port)) return false;
    hp = hp.substr(0, colon);
  }
  // A reg-name or IPv4 address never holds ':' or brackets (RFC 3986 3.2.2):
  // an unbracketed IPv6 address such as "http://::1/" is malformed.
  if (hp.find_first_of(":[]") != std::string_view::npos) return false;
  out.host = hp;
  return true;
}

}  // namespace

std::optional<url_parts> split_url(std::string_view url) noexcept {
  url_parts out;

  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
  if (url.empty() || !is_alpha(url.front())) return std::nullopt;
  std::size_t i = 1;
  while (i < url.size() && (is_alpha(url[i]) || is_digit(url[i]) || url[i] == '+' ||
                            url[i] == '-' || url[i] == '.')) {
    ++i;
  }
  if (i >= url.size() || url[i] != ':') return std::nullopt;
  out.scheme = url.substr(0, i);
  std::string_view rest = url.substr(i + 1);

  // The fragment and query end everything before them, authority included, so
  // "https://a.com?x=1" has host "a.com", an empty path and query "x=1".
  if (const std::size_t hash = rest.find('#'); hash != std::string_view::npos) {
    out.fragment = rest.substr(hash + 1);
    out.has_fragment = true;
    rest = rest.substr(0, hash);
  }
  if (const std::size_t q = rest.find('?'); q != std::string_view::npos) {
    out.query = rest.substr(q + 1);
    out.has_query = true;
    rest = rest.substr(0, q);
  }

  if (rest.size() >= 2 && rest[0] == '/' && rest[1] == '/') {
    rest = rest.substr(2);
    const std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    out.path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
    // The last '@' separates userinfo: a password may hold an unescaped '@'.
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
      out.userinfo = authority.substr(0, at);
      authority = authority.substr(at + 1);
    }
    if (!split_host_port(authority, out)) return std::nullopt;
  } else {
    // Non-hierarchical ("data:", "about:", "blob:https://..."): all path.
    out.path = rest;
  }
  return out;
}

std::string normalize_host(std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  std::string out(host);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool is_ip_literal(std::string_view host) noexcept {
  if (host.empty()) return false;
  if (host.find(':') != std::string_view::npos) {
    for (const char c : host) {
      if (!is_hex(c) && c != ':' && c != '.') return false;
    }
    return true;
  }
  // IPv4 dotted quad: exactly four decimal parts of 1-3 digits, each 0-255.
  int parts = 0;
  std::size_t pos = 0;
  while (true) {
    const std::size_t dot = host.find('.', pos);
    const std::string_view part = host.substr(pos, dot == std::string_view::npos ? dot : dot - pos);
    if (part.empty() || part.size() > 3 || !all_digits(part)) return false;
    int value = 0;
    for (const char c : part) value = value * 10 + (c - '0');
    if (value > 255) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    if (parts == 4) return false;
    pos = dot + 1;
  }
  return parts == 4;
}

}  // namespace harfact::net
