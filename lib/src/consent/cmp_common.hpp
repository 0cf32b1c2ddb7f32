// Internal: helpers the Google, CMP and Clarity consent decoders share
// (google.cpp, cmp_*.cpp, clarity.cpp). Not installed.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harfact/consent/signal.hpp"

namespace harfact::consent::detail {

/// ASCII whitespace trimmed from both ends.
std::string_view trim(std::string_view s) noexcept;

/// A signal of `kind` whose `input` is `value` trimmed, percent-decoded until
/// stable and trimmed again (the form people read; decoders that must split
/// before decoding work on the raw value).
signal start(std::string_view kind, std::string_view value);

/// Marks `s` failed with `error` and returns it.
signal fail(signal s, std::string error);

/// `value` without a leading "<name>=" when it starts with one of `names`
/// (cookie values are often given as the pair). `found` receives the name.
std::string_view strip_name(std::string_view value, std::initializer_list<std::string_view> names,
                            std::string_view* found = nullptr);

/// Removes whole-value percent-encoding layers (at most 4) while `raw` has none
/// of `structure` (e.g. "=&" for a query string) but decoding would reveal one:
/// the outer layers a cookie store added, leaving the format's own encoding.
std::string peel_outer_encoding(std::string_view raw, std::string_view structure);

/// One layer of query-string decoding ('+' is a space), then percent-decoding
/// until stable without '+' handling.
std::string decode_query_value(std::string_view raw);

/// "name=value" pairs separated by ';' (a Cookie header or part of one),
/// trimmed, names and values as written.
std::vector<std::pair<std::string, std::string>> cookie_pairs(std::string_view text);

/// Whole-string decimal integer (optional leading '-'), no overflow.
std::optional<std::int64_t> parse_int(std::string_view s) noexcept;
/// "true" / "false" exactly.
std::optional<bool> parse_bool(std::string_view s) noexcept;

/// camelCase / PascalCase to snake_case ("isIABGlobal" -> "is_iab_global",
/// "GPPCookiesCount" -> "gpp_cookies_count"); other characters kept.
std::string snake_case(std::string_view name);

/// Standard or URL-safe base64, padding optional. On a character outside both
/// alphabets (or data after padding) returns false with its offset in `bad`.
bool base64_decode(std::string_view in, std::string& out, std::size_t& bad);

/// A parsed JSON text; `root` is valid while the object lives.
struct json_doc {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
};
/// Parses `text`. On failure returns false with `error` saying what and at which
/// byte offset of `text` ("expected ',' or '}' after an object member at offset 17").
bool parse_json(std::string_view text, json_doc& doc, std::string& error);

/// A JSON value as a node for display (undocumented parts kept as found):
/// object keys as written, numbers as integers (text when not an int64),
/// nesting below `max_depth` and more than `budget` values elided; `elided`
/// is set when anything was left out.
node json_to_node(simdjson::dom::element el, int max_depth, std::size_t& budget, bool& elided);
/// Default limits for json_to_node.
inline constexpr int json_display_depth = 12;
inline constexpr std::size_t json_display_budget = 4096;

/// A member of a JSON object, or nullptr-like empty optional.
std::optional<simdjson::dom::element> json_member(simdjson::dom::element obj, std::string_view key);
/// String value of a member (nullopt when absent or not a string).
std::optional<std::string_view> json_string(simdjson::dom::element obj, std::string_view key);
/// A scalar as text ("true", "12", "1.5", the string itself); "" for containers and null.
std::string json_scalar_text(simdjson::dom::element el);
/// A scalar as a node of its own type (string, boolean, integer; other numbers as text).
node json_scalar_node(simdjson::dom::element el);

/// RFC 3339 UTC (microseconds, as the timeline writes times) of an ISO 8601
/// date-time, or nullopt when it does not parse.
std::optional<std::string> iso_to_rfc3339(std::string_view text);
/// RFC 3339 UTC of milliseconds since the epoch (nullopt outside years 0000-9999).
std::optional<std::string> epoch_ms_to_rfc3339(std::int64_t ms);

/// Per-purpose evidence from several fields: agreeing values are joined,
/// disagreeing ones leave the purpose unknown with a note saying why.
class purpose_votes {
 public:
  void add(purpose p, grant g, std::string source);
  /// Writes the outcome into `s` (purposes, purpose_source, notes).
  void apply(summary& s) const;

 private:
  struct vote {
    grant g;
    std::string source;
  };
  std::vector<vote> votes_[purpose_count];
};

/// "US" + "CA" -> "US-CA" (upper-cased); "" when `country` is empty.
std::string iso_region(std::string_view country, std::string_view subdivision);

/// The JSON inside a JSONP call `callback({...});` (`callback` receives the
/// name), or the trimmed body itself when it is not one.
std::string_view jsonp_payload(std::string_view body, std::string_view* callback);

/// A response or request body as the decoders read it: trimmed, and
/// percent-decoded only when the whole body is percent-encoded (decoding JSON
/// text could break its strings).
std::string body_text(std::string_view value);

/// "granted" / "denied" for a boolean consent flag.
inline grant grant_of(bool granted) noexcept { return granted ? grant::granted : grant::denied; }

}  // namespace harfact::consent::detail
