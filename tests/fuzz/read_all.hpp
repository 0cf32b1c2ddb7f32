// harfact fuzzing: read a capture held in memory the way every command does:
// open it, read every entry, decode every string field, locate the diagnostics.
// Shared by the har_reader and xml_import targets.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "harfact/core/diagnostic.hpp"
#include "harfact/har/reader.hpp"

namespace harfact::fuzz {

namespace detail {

// Decodes a text (entry::str) and reads its bytes, so ASan sees any bad view.
inline std::uint64_t touch(har::entry& e, const har::text& t) {
  const std::string_view v = e.str(t);
  std::uint64_t sum = v.size();
  if (!v.empty())
    sum += static_cast<unsigned char>(v.front()) + static_cast<unsigned char>(v.back());
  return sum;
}

inline std::uint64_t touch_pairs(har::entry& e, const std::vector<har::name_value>& v) {
  std::uint64_t sum = 0;
  for (const auto& p : v) sum += touch(e, p.name) + touch(e, p.value) + touch(e, p.comment);
  return sum;
}

inline std::uint64_t touch_cookies(har::entry& e, const std::vector<har::cookie>& v) {
  std::uint64_t sum = 0;
  for (const auto& c : v) {
    sum += touch(e, c.name) + touch(e, c.value) + touch(e, c.path) + touch(e, c.domain) +
           touch(e, c.expires) + touch(e, c.comment) + touch(e, c.same_site);
  }
  return sum;
}

inline std::uint64_t touch_cache(har::entry& e, const har::cache_item& c) {
  return touch(e, c.expires) + touch(e, c.last_access) + touch(e, c.etag) + touch(e, c.comment);
}

}  // namespace detail

/// Every string of an entry, decoded; the header lookups; the extras' pointers.
inline std::uint64_t touch_entry(har::entry& e) {
  using detail::touch;
  std::uint64_t sum = e.raw_json.size();
  sum += touch(e, e.pageref) + touch(e, e.started_text) + touch(e, e.server_ip_address) +
         touch(e, e.connection) + touch(e, e.comment);
  auto& rq = e.request;
  sum += touch(e, rq.method) + touch(e, rq.url) + touch(e, rq.http_version) + touch(e, rq.comment);
  sum += detail::touch_cookies(e, rq.cookies) + detail::touch_pairs(e, rq.headers) +
         detail::touch_pairs(e, rq.query_string);
  sum += touch(e, rq.post.mime_type) + touch(e, rq.post.body) + touch(e, rq.post.comment) +
         touch(e, rq.post.encoding);
  for (const auto& p : rq.post.params) {
    sum += touch(e, p.name) + touch(e, p.value) + touch(e, p.file_name) + touch(e, p.content_type) +
           touch(e, p.comment);
  }
  auto& rs = e.response;
  sum += touch(e, rs.status_text) + touch(e, rs.http_version) + touch(e, rs.redirect_url) +
         touch(e, rs.comment) + touch(e, rs.error);
  sum += detail::touch_cookies(e, rs.cookies) + detail::touch_pairs(e, rs.headers);
  sum += touch(e, rs.content.mime_type) + touch(e, rs.content.body) +
         touch(e, rs.content.encoding) + touch(e, rs.content.comment);
  sum += detail::touch_cache(e, e.cache.before_request) +
         detail::touch_cache(e, e.cache.after_request) + touch(e, e.cache.comment);
  sum += touch(e, e.timings.comment);
  sum += touch(e, e.initiator.type) + touch(e, e.initiator.url) + touch(e, e.initiator.request_id);
  for (const auto& s : e.stacks) {
    sum += touch(e, s.description) + touch(e, s.parent_id);
    // The frames a stack claims must exist.
    if (std::uint64_t{s.first_frame} + s.frame_count > e.call_frames.size()) __builtin_trap();
    if (s.parent >= static_cast<std::int32_t>(e.stacks.size())) __builtin_trap();
  }
  if (e.initiator.stack >= static_cast<std::int32_t>(e.stacks.size())) __builtin_trap();
  for (const auto& f : e.call_frames) {
    sum += touch(e, f.function_name) + touch(e, f.script_id) + touch(e, f.url);
  }
  sum += touch(e, e.resource_type) + touch(e, e.priority) + touch(e, e.from_cache);
  for (const auto& m : e.websocket_messages) sum += touch(e, m.type) + touch(e, m.data);
  const auto& sd = e.security_details;
  sum += touch(e, sd.protocol) + touch(e, sd.key_exchange) + touch(e, sd.key_exchange_group) +
         touch(e, sd.cipher) + touch(e, sd.mac) + touch(e, sd.subject_name) + touch(e, sd.issuer);
  for (const auto& s : sd.san_list) sum += touch(e, s);
  sum += sd.raw_json.size();
  for (const auto& x : e.extras) sum += x.pointer().size() + x.raw_json.size() + x.name.size();
  if (e.request_header("cookie") != nullptr) ++sum;
  if (e.response_header("set-cookie") != nullptr) ++sum;
  return sum;
}

/// Opens `bytes` as a capture and reads it completely. Returns a checksum of
/// what was read (so nothing is optimised away).
inline std::uint64_t read_all(std::string_view bytes) {
  har::reader_options options;
  // Bounded for fuzzing (libFuzzer's -rss_limit_mb): a small compressed input
  // may not inflate past 64 MiB. The limit is the library's own, with its error.
  options.input.max_bytes = std::uint64_t{64} << 20;
  options.max_xml_bytes = std::uint64_t{64} << 20;
  auto opened = har::reader::open_memory(bytes, "fuzz.har", options);
  if (!opened) return opened.error().message.size();
  har::reader& r = **opened;
  const har::log_info& info = r.info();
  std::uint64_t sum = info.version.size() + info.creator.name.size() + info.browser.name.size() +
                      info.pages.size() + info.extras.size() + info.member_order.size();
  for (const auto& p : info.pages) sum += p.id.size() + p.title.size() + p.raw_json.size();
  har::entry e;
  while (true) {
    auto more = r.next(e);
    if (!more) {
      sum += more.error().message.size();
      break;
    }
    if (!*more) break;
    sum += touch_entry(e);
  }
  const har::read_summary& s = r.summary();
  sum += s.entries_read + s.sha256.size() + r.text().size();
  std::vector<diagnostic> diags = r.diagnostics().kept();
  r.locate(diags);
  for (const auto& d : diags) {
    sum += d.line + d.column + d.message.size() + d.json_pointer.size();
    if (d.byte_offset != no_offset && d.byte_offset <= r.text().size()) {
      const auto lc = r.line_column(d.byte_offset);
      // locate() and line_column() must agree.
      if (lc.first != d.line || lc.second != d.column) __builtin_trap();
    }
  }
  return sum;
}

}  // namespace harfact::fuzz
