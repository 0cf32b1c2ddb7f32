// harfact: the HAR entry model (HAR 1.2 plus the exporters' own fields).
//
// Strings
// -------
// Every string field is a `har::text`: a view of the string *as written in the
// capture* (between the quotes, escapes intact) plus flags. Most strings have no
// escapes, and then `raw` is the value. When `escaped()` is true, ask the entry
// for the decoded value with `entry::str()` (decoded once into the entry's
// arena) or call `har::decode()`. Keeping raw views makes reading fast and
// keeps the exact bytes of the exhibit available as evidence.
//
// Lifetime
// --------
// An `entry` filled by `reader::next()` holds views into the reader's buffer and
// into its own arena. They stay valid until the next call to `next()` with the
// same entry, or until the reader is destroyed, whichever comes first. Copy
// what you keep (`std::string(entry.str(entry.request.url))`).
//
// Absent versus null versus present: `text::present()` is false for a member
// that was absent or JSON null (`is_null()` tells which). Numbers and booleans
// are std::optional: empty when absent, null or of the wrong type (the reader
// records a diagnostic for the wrong type).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/har/timestamp.hpp"

namespace harfact::har {

/// A JSON string as written in the capture.
struct text {
  std::string_view raw;      ///< between the quotes, escapes intact
  std::uint64_t offset = 0;  ///< byte offset of the opening quote (0 when absent)
  std::uint8_t flags = 0;

  static constexpr std::uint8_t k_present = 1;
  static constexpr std::uint8_t k_escaped = 2;
  static constexpr std::uint8_t k_null = 4;

  bool present() const noexcept { return (flags & k_present) != 0; }
  bool escaped() const noexcept { return (flags & k_escaped) != 0; }
  bool is_null() const noexcept { return (flags & k_null) != 0; }
  bool empty() const noexcept { return raw.empty(); }
};

/// Decodes JSON escapes of `t.raw` (\n, \", \u00e9, surrogate pairs) into `out`
/// (appending). Returns false for a malformed escape, leaving `out` with what
/// was decoded before it. Lone surrogates become U+FFFD.
bool decode(const text& t, std::string& out);
/// Convenience: the decoded value as a new string ("" for absent/null).
std::string to_string(const text& t);

/// HAR name/value pair: headers and queryString.
struct name_value {
  text name;
  text value;
  text comment;
};

/// HAR cookie (request.cookies / response.cookies).
struct cookie {
  text name, value, path, domain, expires, comment;
  std::optional<bool> http_only, secure;
  text same_site;  ///< exporters' extension ("sameSite")
};

/// HAR postData.params element.
struct post_param {
  text name, value, file_name, content_type, comment;
};

struct post_data {
  bool present = false;
  text mime_type, body, comment;  ///< body is HAR's postData.text
  text encoding;                  ///< some exporters write "encoding": "base64"
  std::vector<post_param> params;
};

struct request {
  text method, url, http_version, comment;
  std::vector<cookie> cookies;
  std::vector<name_value> headers;
  std::vector<name_value> query_string;
  post_data post;
  std::optional<std::int64_t> headers_size, body_size;
};

/// response.content
struct content {
  std::optional<std::int64_t> size, compression;
  text mime_type, body, encoding, comment;  ///< body is HAR's content.text
};

struct response {
  std::optional<std::int64_t> status;
  text status_text, http_version, redirect_url, comment;
  std::vector<cookie> cookies;
  std::vector<name_value> headers;
  har::content content;
  std::optional<std::int64_t> headers_size, body_size;
  std::optional<std::int64_t> transfer_size;  ///< "_transferSize" (Chrome, on response or entry)
  text error;                                 ///< "_error" (Chrome)
  std::optional<bool> fetched_via_service_worker;  ///< "_fetchedViaServiceWorker"
};

struct cache_item {
  bool present = false;
  text expires, last_access, etag, comment;
  std::optional<std::int64_t> hit_count;
};

struct cache {
  cache_item before_request, after_request;
  text comment;
};

/// entry.timings, in milliseconds; -1 means "does not apply" in HAR.
struct timings {
  std::optional<double> blocked, dns, connect, send, wait, receive, ssl;
  text comment;
};

/// One frame of an initiator stack (Chrome's `_initiator.stack.callFrames`).
struct call_frame {
  text function_name, script_id, url;
  std::optional<std::int64_t> line_number, column_number;
};

/// One level of an async stack: frames [first_frame, first_frame+frame_count) of
/// entry.call_frames; `parent` indexes entry.stacks (-1 for none).
struct stack_trace {
  text description;
  text parent_id;  ///< "parentId" {id, debuggerId} kept raw when present
  std::uint32_t first_frame = 0;
  std::uint32_t frame_count = 0;
  std::int32_t parent = -1;
};

/// Chrome's `_initiator`: what made the browser send this request.
struct initiator {
  bool present = false;
  text type;  ///< "parser", "script", "preload", "other", ...
  text url;
  text request_id;
  std::optional<std::int64_t> line_number, column_number;
  std::int32_t stack = -1;  ///< index into entry.stacks, -1 for none
};

/// One element of `_webSocketMessages`.
struct websocket_message {
  text type;                   ///< "send" or "receive"
  std::optional<double> time;  ///< seconds since the epoch, as Chrome writes it
  std::optional<std::int64_t> opcode;
  text data;
};

/// Chrome's `_securityDetails` (TLS connection facts).
struct security_details {
  bool present = false;
  text protocol, key_exchange, key_exchange_group, cipher, mac, subject_name, issuer;
  std::optional<std::int64_t> certificate_id, valid_from, valid_to;
  std::vector<text> san_list;
  std::string_view raw_json;  ///< the whole object as written
};

/// A member harfact does not model, kept as raw JSON.
struct extra_field {
  std::string_view parent;    ///< JSON pointer of its object relative to the entry ("" for
                              ///< the entry itself, "/request", "/response/content", ...)
  std::string_view name;      ///< member name, decoded
  std::string_view raw_json;  ///< the value exactly as written
  std::uint64_t offset = 0;   ///< byte offset of the value

  /// JSON pointer relative to the entry, e.g. "/request/_foo" (RFC 6901 escaped).
  std::string pointer() const;
};

/// One element of log.entries.
struct entry {
  std::uint64_t index = 0;    ///< 0-based position in log.entries
  std::uint64_t offset = 0;   ///< byte offset of the entry's '{'
  std::string_view raw_json;  ///< the entry exactly as written

  text pageref;
  text started_text;           ///< startedDateTime as written
  timestamp started;           ///< parsed; .valid false when absent/unparsable
  std::optional<double> time;  ///< total time in ms
  har::request request;
  har::response response;
  har::cache cache;
  har::timings timings;
  text server_ip_address, connection, comment;

  // Exporters' own fields.
  har::initiator initiator;
  std::vector<stack_trace> stacks;
  std::vector<call_frame> call_frames;
  text resource_type;                   ///< "_resourceType"
  text priority;                        ///< "_priority"
  text from_cache;                      ///< "_fromCache" as text ("memory", "disk") when a string
  std::optional<bool> from_cache_flag;  ///< "_fromCache" when a boolean
  std::optional<bool> from_service_worker;  ///< "_fromServiceWorker"
  std::vector<websocket_message> websocket_messages;
  har::security_details security_details;
  std::vector<extra_field> extras;

  /// The decoded value of `t` (raw when it has no escapes; else decoded once
  /// into this entry's arena). Malformed escapes decode as far as they go.
  std::string_view str(const text& t);

  /// First request header with this name (ASCII case-insensitive), or nullptr.
  const name_value* request_header(std::string_view name) const;
  /// First response header with this name (ASCII case-insensitive), or nullptr.
  const name_value* response_header(std::string_view name) const;

  /// Empties the entry for reuse, keeping allocated capacity.
  void clear();

  /// Storage for decoded strings and built pointers (reader-owned contents).
  std::deque<std::string> arena;
  std::size_t arena_used = 0;
  /// Returns a stable view of a copy of `s` kept in the arena.
  std::string_view keep(std::string s);
};

/// log.creator and log.browser.
struct software {
  bool present = false;
  std::string name, version, comment;
};

struct page_timings {
  std::optional<double> on_content_load, on_load;
  std::string comment;
};

/// One element of log.pages.
struct page {
  std::string id, title, comment;
  std::string started_text;
  timestamp started;
  page_timings timings;
  std::uint64_t offset = 0;
  std::string raw_json;  ///< the page as written
};

/// Everything in `log` except the entries: complete before the first entry.
struct log_info {
  std::string version;
  software creator;
  software browser;
  std::vector<page> pages;
  bool has_pages = false;  ///< log.pages present (it is optional in HAR 1.2)
  std::string comment;
  bool has_entries = false;          ///< log.entries present
  std::uint64_t entries_offset = 0;  ///< byte offset of log.entries' '['
  /// Members of `log` (and of the top-level object) that HAR does not define,
  /// as {pointer, raw JSON}.
  std::vector<std::pair<std::string, std::string>> extras;
  /// Order in which the members of `log` appear, e.g. {"entries","creator"}.
  std::vector<std::string> member_order;
};

}  // namespace harfact::har
