// Internal: small scans of JSON text the reader has already checked (an
// entry's raw text, a JSON body): rewrite string values in place, find a
// member's value. Not a validator: text that is not JSON is left alone.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace harfact::redact::detail {

/// Called for each string value (not member names): `path` is the value's
/// dotted path as decode's json decoder names it ("user.email", "items.0.id",
/// "(value)" for a bare string), `key` the nearest member name, `value` the
/// decoded string. Returns the new (decoded) value, or nullopt to keep it.
using string_rewriter = std::function<std::optional<std::string>(
    const std::string& path, std::string_view key, const std::string& value)>;

/// Rewrites the string values of the JSON text `json` (an object or array).
/// Everything not rewritten keeps its bytes. nullopt when `json` does not
/// start as an object or array, or when nothing changed.
std::optional<std::string> rewrite_json_strings(std::string_view json, const string_rewriter& fn);

/// The span [begin, end) of the value of member `name` of the object `json`
/// (at its top level), or nullopt.
std::optional<std::pair<std::size_t, std::size_t>> member_span(std::string_view json,
                                                               std::string_view name);

/// The end of the JSON value starting at `at` (quote- and escape-aware), or
/// json.size() when it does not end.
std::size_t value_end(std::string_view json, std::size_t at);

/// Appends `s` JSON-escaped (no quotes).
void append_escaped(std::string& out, std::string_view s);

}  // namespace harfact::redact::detail
