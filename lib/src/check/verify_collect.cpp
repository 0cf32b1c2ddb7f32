// The collector: what verify() keeps of each entry during the one pass over
// the capture (timeline's on_entry hook), and the checks that can be decided
// entry by entry (sizes against bodies, duplicates, extension traffic, ...).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>

#include "check/verify_detail.hpp"
#include "core/ascii.hpp"
#include "harfact/net/url.hpp"

namespace harfact::check::detail {

namespace {

using harfact::detail::iequals_ascii;
using harfact::detail::istarts_with_ascii;

bool contains_icase(std::string_view s, std::string_view needle) noexcept {
  if (needle.size() > s.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= s.size(); ++i) {
    if (iequals_ascii(s.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

// Entries are compared by hash and size: libstdc++'s hash of bytes is fast,
// and a collision on entries with the same start, method and URL is beyond
// any practical concern.
std::uint64_t hash_of(std::string_view s) noexcept { return std::hash<std::string_view>{}(s); }

// URL schemes of browser extensions (Chrome/Edge/Opera, Firefox, Safari, old Edge).
constexpr std::string_view k_extension_schemes[] = {
    "chrome-extension:", "moz-extension:",        "safari-web-extension:",
    "safari-extension:", "ms-browser-extension:", "extension:"};

bool extension_url(std::string_view url) noexcept {
  for (const auto scheme : k_extension_schemes) {
    if (istarts_with_ascii(url, scheme)) return true;
  }
  return false;
}

// Date.prototype.toJSON(): "YYYY-MM-DDTHH:MM:SS.sssZ" (ECMA-262 Date Time String Format).
bool to_json_shape(std::string_view t) noexcept {
  if (t.size() != 24) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    const bool ok = i == 4 || i == 7     ? c == '-'
                    : i == 10            ? c == 'T'
                    : i == 13 || i == 16 ? c == ':'
                    : i == 19            ? c == '.'
                    : i == 23            ? c == 'Z'
                                         : (c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

std::string mime_type_of(std::string_view resource_type, std::string_view mime, bool document) {
  if (!resource_type.empty()) return std::string(resource_type);
  if (document) return "document";
  if (mime.find("javascript") != std::string_view::npos) return "script";
  if (istarts_with_ascii(mime, "text/css")) return "stylesheet";
  if (istarts_with_ascii(mime, "image/")) return "image";
  if (istarts_with_ascii(mime, "font/")) return "font";
  return "other";
}

}  // namespace

std::uint32_t collector::site_of(std::string_view host) {
  if (host.empty()) return 0;
  const std::string h(host);
  if (const auto it = host_sites_.find(h); it != host_sites_.end()) return it->second;
  std::string domain = psl_.registrable_domain(h);
  auto it = site_ids_.find(domain);
  if (it == site_ids_.end()) {
    it = site_ids_.emplace(domain, static_cast<std::uint32_t>(out.sites.size())).first;
    out.sites.push_back(std::move(domain));
  }
  host_sites_.emplace(h, it->second);
  return it->second;
}

void collector::on_entry(har::entry& e, std::size_t page) {
  entry_row row;
  row.index = e.index;
  if (e.started.valid) {
    row.time.us = e.started.us;
    row.time.precision_us = e.started.precision_us();
    row.offset_minutes = e.started.offset_minutes;
    row.fraction_digits = e.started.fraction_digits;
    row.has_zone = e.started.has_zone;
  }
  row.time.original = std::string(e.str(e.started_text));
  row.time_ms = e.time;
  row.page = page;
  row.status = e.response.status;
  const std::string_view url = e.str(e.request.url);
  row.url = shorten(url, 160);
  if (const auto parts = net::split_url(url)) row.site = site_of(net::normalize_host(parts->host));
  const std::string_view type = e.str(e.resource_type);
  const std::string_view mime = e.str(e.response.content.mime_type);
  const bool html =
      istarts_with_ascii(mime, "text/html") || istarts_with_ascii(mime, "application/xhtml+xml");
  const std::int64_t status = e.response.status.value_or(0);
  const bool document = iequals_ascii(type, "document") || (type.empty() && html);
  const bool redirect =
      status >= 300 && status < 400 && (type.empty() || iequals_ascii(type, "document"));
  row.navigation = document || redirect;
  row.resource_type = mime_type_of(type, mime, document);
  row.cached = !e.from_cache.empty() || e.from_cache_flag.value_or(false);
  row.service_worker = e.from_service_worker.value_or(false) ||
                       e.response.fetched_via_service_worker.value_or(false);
  if (row.navigation) {
    if (const auto* h = e.request_header("referer")) {
      const std::string_view referer = e.str(h->value);
      row.referer = shorten(referer, 160);
      if (const auto parts = net::split_url(referer)) {
        row.referer_site = site_of(net::normalize_host(parts->host));
      }
    }
  }
  if (!row.time.original.empty() && !to_json_shape(row.time.original)) {
    out.not_to_json_time.add(e.index, row.time, [&] {
      return fmt::format(
          "startedDateTime \"{}\" is not in Date.toJSON() form "
          "(\"2026-03-14T18:22:05.112Z\")",
          shorten(row.time.original, 40));
    });
  }
  headers_of(e, row);
  cookies_of(e, row);
  format_of(e, row);
  out.rows.push_back(std::move(row));
  const entry_row& kept = out.rows.back();
  bodies_of(e, kept);
  query_of(e, kept);
  duplicates_of(e, kept);
  extension_of(e, kept);
  timings_of(e, kept);
}

void collector::timings_of(har::entry& e, const entry_row& row) {
  // HAR 1.2: time is the sum of the timings that apply (-1: does not apply);
  // ssl is included in connect. Some exporters (Playwright, mitmproxy, newer
  // Firefox) add ssl once more: either sum is accepted.
  if (!e.time) return;
  const auto& t = e.timings;
  double sum = 0;
  bool any = false;
  for (const auto& v : {t.blocked, t.dns, t.connect, t.send, t.wait, t.receive}) {
    if (!v || *v < 0) continue;
    any = true;
    sum += *v;
  }
  if (!any) return;  // no timing recorded (Charles writes -1 everywhere)
  const double with_ssl = sum + (t.ssl && *t.ssl > 0 ? *t.ssl : 0);
  ++out.timings_compared;
  // Exporters round each timing (Firefox to whole milliseconds).
  const double tolerance = std::max(3.0, 0.01 * *e.time);
  if (std::abs(*e.time - sum) <= tolerance || std::abs(*e.time - with_ssl) <= tolerance) return;
  out.timings.add(e.index, row.time, [&] {
    return fmt::format(
        "time is {} ms but the timings add up to {} ms{}", ms_text(*e.time), ms_text(sum),
        with_ssl != sum ? fmt::format(" ({} with ssl)", ms_text(with_ssl)) : std::string());
  });
}

void collector::headers_of(har::entry& e, entry_row& row) {
  if (e.request.headers.empty()) return;
  ++out.requests_with_headers;
  bool pragma = false, cache_control = false, conditional = false, websocket = false;
  std::string_view ua, hints;
  for (const auto& h : e.request.headers) {
    const std::string_view name = e.str(h.name);
    if (iequals_ascii(name, "user-agent")) {
      ua = e.str(h.value);
      auto& seen = out.user_agents[std::string(ua)];
      if (seen.requests++ == 0) seen.first_row = out.rows.size();
    } else if (iequals_ascii(name, "sec-ch-ua")) {
      hints = e.str(h.value);
      auto& seen = out.client_hints[std::string(hints)];
      if (seen.requests++ == 0) seen.first_row = out.rows.size();
    } else if (iequals_ascii(name, "upgrade")) {
      websocket = contains_icase(e.str(h.value), "websocket");
    } else if (iequals_ascii(name, "pragma")) {
      pragma = pragma || contains_icase(e.str(h.value), "no-cache");
    } else if (iequals_ascii(name, "cache-control")) {
      cache_control = cache_control || contains_icase(e.str(h.value), "no-cache");
    } else if (iequals_ascii(name, "if-none-match") || iequals_ascii(name, "if-modified-since")) {
      conditional = true;
    }
  }
  if (!ua.empty() && !hints.empty()) {
    auto& seen = out.identities[{std::string(ua), std::string(hints)}];
    if (seen.requests++ == 0) seen.first_row = out.rows.size();
  }
  if (conditional) ++out.conditional_requests;
  const bool bypass = pragma && cache_control;
  // Browsers send both no-cache headers on every WebSocket handshake: no
  // cache decision there.
  websocket = websocket || iequals_ascii(row.resource_type, "websocket");
  if (row.navigation) {
    if (bypass) ++out.bypass_navigations;
  } else if (!websocket) {
    ++out.subresource_requests;
    if (bypass) {
      ++out.bypass_subresources;
      out.cache_bypass.add(e.index, row.time, [&] {
        return fmt::format("{} request {} sent Pragma: no-cache and Cache-Control: no-cache",
                           row.resource_type, shorten(row.url, 100));
      });
    }
  }
  // The server's clock, from responses that came from the network.
  if (row.cached || row.service_worker || e.response.status.value_or(0) <= 0) return;
  const auto* date = e.response_header("date");
  if (date == nullptr) return;
  const auto when = parse_http_date(e.str(date->value));
  if (!when) return;
  server_date d;
  d.row = out.rows.size();
  d.date_us = *when;
  if (const auto* age = e.response_header("age")) {
    const std::string_view v = e.str(age->value);
    std::int64_t a = 0;
    const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), a);
    if (ec == std::errc() && a > 0) d.age_s = a;
  }
  out.dates.push_back(d);
}

void collector::bodies_of(har::entry& e, const entry_row& row) {
  // Request bodies: what the page sent is what a tracker received.
  std::int64_t sent = e.request.body_size.value_or(-1);
  if (sent <= 0) {
    if (const auto* h = e.request_header("content-length")) {
      const std::string_view v = e.str(h->value);
      std::int64_t n = 0;
      const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec == std::errc()) sent = n;
    }
  }
  const bool kept =
      e.request.post.present && (!e.request.post.body.empty() || !e.request.post.params.empty());
  if (sent > 0) {
    ++out.request_bodies;
    if (!kept) {
      out.request_bodies_missing.add(e.index, row.time, [&] {
        return fmt::format("{} {} sent {} bytes that the capture does not contain",
                           e.str(e.request.method), shorten(row.url, 100), sent);
      });
    }
  }
  if (e.request.post.present && !e.request.post.body.empty() && e.request.body_size &&
      *e.request.body_size >= 0) {
    const std::string_view body = e.str(e.request.post.body);
    std::optional<std::uint64_t> bytes;
    if (iequals_ascii(e.str(e.request.post.encoding), "base64")) {
      bytes = base64_decoded_size(body);
    } else if (is_ascii(body)) {
      bytes = body.size();
    }
    if (bytes) {
      ++out.bodies_compared;
      if (*bytes != static_cast<std::uint64_t>(*e.request.body_size)) {
        out.body_sizes.add(e.index, row.time, [&] {
          return fmt::format("request.bodySize says {} bytes, postData.text holds {}",
                             *e.request.body_size, *bytes);
        });
      }
    }
  }
  // Response bodies.
  const auto& c = e.response.content;
  const std::int64_t status = e.response.status.value_or(0);
  const bool bodyless = status == 204 || status == 304 || (status >= 100 && status < 200) ||
                        (status >= 300 && status < 400) ||
                        iequals_ascii(e.str(e.request.method), "HEAD");
  if (!bodyless && c.size.value_or(0) > 0) {
    ++out.response_bodies;
    if (c.body.empty()) ++out.response_bodies_missing;
  }
  if (c.body.empty() || !c.size || *c.size < 0) return;
  const std::string_view text = e.str(c.body);
  std::optional<std::uint64_t> bytes;
  if (iequals_ascii(e.str(c.encoding), "base64")) {
    bytes = base64_decoded_size(text);
  } else {
    // content.text is the body transcoded to UTF-8 (HAR 1.2): its length is
    // the body's only when nothing needed transcoding.
    const std::string_view mime = e.str(c.mime_type);
    if (is_ascii(text) || contains_icase(mime, "charset=utf-8") || contains_icase(mime, "json")) {
      bytes = text.size();
    }
  }
  if (!bytes) return;
  ++out.bodies_compared;
  if (*bytes == static_cast<std::uint64_t>(*c.size)) return;
  out.body_sizes.add(e.index, row.time, [&] {
    std::string what =
        fmt::format("response content.size says {} bytes, content.text holds {}", *c.size, *bytes);
    if (text.size() <= 60 && !iequals_ascii(e.str(c.encoding), "base64")) {
      what += fmt::format(": \"{}\"", text);
    }
    return what;
  });
}

void collector::duplicates_of(har::entry& e, const entry_row& row) {
  std::string key = row.time.original;
  key += '\n';
  key += e.str(e.request.method);
  key += '\n';
  key += e.str(e.request.url);
  key += '\n';
  key += std::to_string(hash_of(e.str(e.request.post.body)));
  const first_seen now{e.index, hash_of(e.raw_json), e.raw_json.size()};
  const auto [it, inserted] = requests_seen_.emplace(std::move(key), now);
  if (inserted) return;
  const first_seen& before = it->second;
  if (before.raw_hash == now.raw_hash && before.raw_size == now.raw_size) {
    out.duplicates_identical.add(e.index, row.time, [&] {
      return fmt::format("entry {} is byte for byte the same as entry {} ({})", e.index,
                         before.entry, shorten(row.url, 100));
    });
  } else {
    out.duplicates_repeated.add(e.index, row.time, [&] {
      return fmt::format(
          "entry {} repeats entry {}'s request (same startedDateTime, method, URL "
          "and body): {}",
          e.index, before.entry, shorten(row.url, 100));
    });
  }
}

void collector::extension_of(har::entry& e, const entry_row& row) {
  if (extension_url(e.str(e.request.url))) {
    out.extension.add(e.index, row.time, [&] {
      return fmt::format("request to a browser extension's own resource: {}",
                         shorten(row.url, 120));
    });
    return;
  }
  std::string_view by = e.str(e.initiator.url);
  if (!extension_url(by)) {
    by = {};
    for (const auto& f : e.call_frames) {
      if (extension_url(e.str(f.url))) {
        by = e.str(f.url);
        break;
      }
    }
  }
  if (!by.empty()) {
    out.extension.add(e.index, row.time, [&] {
      return fmt::format("{} was made by an extension's script {}", shorten(row.url, 100),
                         shorten(by, 100));
    });
    return;
  }
  if (contains_icase(e.str(e.response.error), "ERR_BLOCKED_BY_CLIENT")) {
    out.extension.add(e.index, row.time, [&] {
      return fmt::format(
          "{} was blocked inside the browser (net::ERR_BLOCKED_BY_CLIENT: an "
          "ad or tracker blocker, as an extension or built in)",
          shorten(row.url, 100));
    });
  }
}

void collector::format_of(har::entry& e, entry_row& row) {
  const entry_format f = scan_entry_format(e.raw_json, true);
  const auto [order, layout] = out.format.add(f);
  row.order = order;
  row.layout = layout;
  if (f.anomaly_count == 0) return;
  // One item per entry; every instance counted.
  out.js_style.count += f.anomaly_count - 1;
  out.js_style.add(e.index, row.time, [&] {
    std::string what;
    for (const auto& a : f.anomalies) {
      if (!what.empty()) what += "; ";
      what += a.what;
    }
    if (f.anomaly_count > f.anomalies.size()) {
      what += fmt::format("; {} more in this entry", f.anomaly_count - f.anomalies.size());
    }
    return what;
  });
}

}  // namespace harfact::check::detail
