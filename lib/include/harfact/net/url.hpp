// harfact: splitting URLs and normalising host names (no allocation unless asked).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace harfact::net {

/// Components of an absolute URL as views into the original text.
/// `https://user@Host.Example:8443/p/a?q=1#f` gives scheme "https",
/// userinfo "user", host "Host.Example", port "8443", path "/p/a", query "q=1",
/// fragment "f". IPv6 hosts keep no brackets: "[::1]" gives host "::1".
struct url_parts {
  std::string_view scheme;
  std::string_view userinfo;
  std::string_view host;
  std::string_view port;
  std::string_view path;
  std::string_view query;     ///< without '?'
  std::string_view fragment;  ///< without '#'
  bool has_query = false;
  bool has_fragment = false;
};

/// Splits an absolute URL ("scheme:" followed by "//authority" or not: "data:",
/// "blob:", "about:" give an empty host). Returns std::nullopt when there is no
/// scheme or the authority is malformed (e.g. unclosed '[').
std::optional<url_parts> split_url(std::string_view url) noexcept;

/// Lowercases ASCII, strips one trailing dot. Punycode is kept as written.
std::string normalize_host(std::string_view host);

/// True for an IPv4 dotted quad or an IPv6 literal (without brackets).
bool is_ip_literal(std::string_view host) noexcept;

}  // namespace harfact::net
