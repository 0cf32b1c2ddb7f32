// Pattern matching for filter rules, and request types.
#include <array>
#include <cstring>
#include <string_view>

#include "core/ascii.hpp"
#include "sig/filter_rule.hpp"

namespace harfact::sig {

namespace detail {

namespace {

constexpr std::size_t no_star = static_cast<std::size_t>(-1);

// Wildcard matching with one backtrack point (the last '*'): every other pattern character
// consumes exactly one URL character, except '^', which also matches the end of the URL.
// That keeps the classic O(pattern x URL) bound. `star` set on entry means the pattern is
// preceded by an implicit '*' (the match may start anywhere).
bool glob(std::string_view pat, std::string_view url, std::size_t u, bool anchor_end,
          bool leading_star) noexcept {
  const std::size_t m = pat.size();
  const std::size_t n = url.size();
  std::size_t p = 0;
  std::size_t star_p = leading_star ? 0 : no_star;  // pattern index just after the '*'
  std::size_t star_u = u;
  for (;;) {
    if (p == m) {
      if (!anchor_end || u == n) return true;
    } else {
      const char pc = pat[p];
      if (pc == '*') {
        star_p = ++p;
        star_u = u;
        continue;
      }
      if (u < n) {
        if (pc == '^' ? is_separator(static_cast<unsigned char>(url[u])) : pc == url[u]) {
          ++p;
          ++u;
          continue;
        }
      } else if (pc == '^') {
        ++p;  // the end of the URL is a separator
        continue;
      }
    }
    if (star_p == no_star || star_u >= n) return false;
    ++star_u;
    // The '*' takes one more character; skip straight to where what follows it can start.
    if (star_p < m && pat[star_p] != '^' && pat[star_p] != '*') {
      const void* next = std::memchr(url.data() + star_u, pat[star_p], n - star_u);
      if (next == nullptr) return false;
      star_u = static_cast<std::size_t>(static_cast<const char*>(next) - url.data());
    }
    u = star_u;
    p = star_p;
  }
}

}  // namespace

bool glob_match_at(std::string_view pattern, std::string_view url, std::size_t start,
                   bool anchor_end) noexcept {
  if (start > url.size()) return false;
  return glob(pattern, url, start, anchor_end, false);
}

bool glob_match_anywhere(std::string_view pattern, std::string_view url, bool anchor_end) noexcept {
  return glob(pattern, url, 0, anchor_end, true);
}

}  // namespace detail

namespace {

using harfact::detail::iequals_ascii;
using harfact::detail::istarts_with_ascii;

constexpr std::array<std::string_view, 12> k_type_names{
    "document", "subdocument", "stylesheet",     "script", "image",     "font",
    "media",    "object",      "xmlhttprequest", "ping",   "websocket", "other"};

struct name_to_type {
  std::string_view name;
  request_type type;
};

// Chrome DevTools' _resourceType values, WebPageTest's _request_type, and the webRequest /
// filter-list names, compared without regard to case.
constexpr auto k_resource_types = std::to_array<name_to_type>({
    {"document", request_type::document},
    {"main_frame", request_type::document},
    {"sub_frame", request_type::subdocument},
    {"subdocument", request_type::subdocument},
    {"stylesheet", request_type::stylesheet},
    {"script", request_type::script},
    {"image", request_type::image},
    {"font", request_type::font},
    {"media", request_type::media},
    {"texttrack", request_type::media},
    {"object", request_type::object},
    {"xhr", request_type::xmlhttprequest},
    {"fetch", request_type::xmlhttprequest},
    {"eventsource", request_type::xmlhttprequest},
    {"xmlhttprequest", request_type::xmlhttprequest},
    {"ping", request_type::ping},
    {"beacon", request_type::ping},
    {"websocket", request_type::websocket},
    {"manifest", request_type::other},
    {"signedexchange", request_type::other},
    {"cspviolationreport", request_type::other},
    {"csp_report", request_type::other},
    {"preflight", request_type::other},
    {"other", request_type::other},
});

bool is_one_of(std::string_view s, std::initializer_list<std::string_view> names) {
  for (const std::string_view n : names) {
    if (iequals_ascii(s, n)) return true;
  }
  return false;
}

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals_ascii(s.substr(s.size() - suffix.size()), suffix);
}

}  // namespace

std::string_view request_type_name(request_type t) noexcept {
  const auto i = static_cast<std::size_t>(t);
  return i < k_type_names.size() ? k_type_names[i] : std::string_view("other");
}

request_type infer_request_type(std::string_view resource_type, std::string_view mime_type,
                                std::string_view initiator_type) noexcept {
  for (const auto& [name, type] : k_resource_types) {
    if (iequals_ascii(resource_type, name)) return type;
  }
  std::string_view mime = mime_type.substr(0, mime_type.find(';'));
  while (!mime.empty() && (mime.front() == ' ' || mime.front() == '\t')) mime.remove_prefix(1);
  while (!mime.empty() && (mime.back() == ' ' || mime.back() == '\t')) mime.remove_suffix(1);
  const bool by_script = iequals_ascii(initiator_type, "script");
  const bool by_parser = iequals_ascii(initiator_type, "parser");

  if (is_one_of(mime, {"text/html", "application/xhtml+xml"})) {
    return by_script || by_parser ? request_type::subdocument : request_type::document;
  }
  if (iequals_ascii(mime, "text/css")) return request_type::stylesheet;
  if (is_one_of(mime, {"application/javascript", "text/javascript", "application/x-javascript",
                       "application/ecmascript", "text/ecmascript"})) {
    return request_type::script;
  }
  if (istarts_with_ascii(mime, "image/")) return request_type::image;
  if (istarts_with_ascii(mime, "font/") || istarts_with_ascii(mime, "application/x-font-") ||
      is_one_of(mime, {"application/font-woff", "application/font-woff2",
                       "application/vnd.ms-fontobject", "application/font-sfnt"})) {
    return request_type::font;
  }
  if (istarts_with_ascii(mime, "audio/") || istarts_with_ascii(mime, "video/") ||
      is_one_of(mime, {"text/vtt", "application/vnd.apple.mpegurl", "application/x-mpegurl",
                       "application/dash+xml"})) {
    return request_type::media;
  }
  if (is_one_of(mime, {"application/x-shockwave-flash", "application/java-archive",
                       "application/x-java-applet"})) {
    return request_type::object;
  }
  if (iequals_ascii(mime, "application/manifest+json")) return request_type::other;
  if (is_one_of(mime, {"application/json", "text/json", "text/event-stream"}) ||
      ends_with_ci(mime, "+json")) {
    return request_type::xmlhttprequest;
  }
  if (is_one_of(mime, {"text/plain", "application/xml", "text/xml"}) ||
      ends_with_ci(mime, "+xml")) {
    return by_script ? request_type::xmlhttprequest : request_type::other;
  }
  return request_type::other;
}

}  // namespace harfact::sig
