// Internal: what is masked in a name/value pair, a URL, a body and free text,
// for the whole capture (the same value is masked the same way everywhere).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redact/masker.hpp"

namespace harfact::redact::detail {

/// One value masked in a string (the caller knows the string's pointer).
struct masked {
  value_kind kind = value_kind::token;
  std::string name;
  std::string reason;
};
using masked_list = std::vector<masked>;

/// A parameter or member name that holds a secret: its kind and reason.
std::optional<std::pair<value_kind, std::string>> secret_name(std::string_view name,
                                                              std::string_view value);

/// A header name whose whole value is a credential (besides Authorization).
bool secret_header(std::string_view lower_name);

class rules {
 public:
  explicit rules(masker& m) : m_(m) {}

  /// A field the decoders read from a hit (name as sent or dotted JSON path,
  /// decoded value) and how to mask it wherever it appears.
  void learn(std::string name, std::string value, value_kind kind, std::string why);

  /// The masked value of a parameter or member, or nullopt to keep it.
  std::optional<std::string> param(std::string_view name, const std::string& value,
                                   masked_list& out, int depth = 0);
  /// A URL with credentials, secret parameters, emails and JWTs masked
  /// (scheme, host, path and parameter names kept). Unchanged when nothing is.
  std::string url(std::string_view url, masked_list& out, int depth = 0);
  /// Form-encoded text (lines of name=value&...): each value through param(),
  /// or (`all_values`) every non-empty value masked as a form value.
  std::string form(std::string_view text, bool all_values, masked_list& out);
  /// Emails, JWTs and (with `known`) values masked before, anywhere in `text`.
  bool free_text(std::string& text, masked_list& out, bool known = true);
  /// A form value typed by a visitor: an email keeps an email's shape.
  std::string typed(std::string_view name, const std::string& value, masked_list& out);

  masker& mask() { return m_; }

 private:
  masker& m_;
  std::map<std::pair<std::string, std::string>, std::pair<value_kind, std::string>> learned_;
};

/// Percent-encodes all but RFC 3986 unreserved characters.
std::string percent_encode(std::string_view s);

}  // namespace harfact::redact::detail
