// Internal: keyed, same-shape placeholders for masked values, and the values
// already masked (so that one found again elsewhere is masked the same way).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "harfact/redact/redact.hpp"

namespace harfact::redact::detail {

class masker {
 public:
  /// `key` empty: 32 random bytes.
  explicit masker(std::string key);

  /// The placeholder of `value` for `kind`, in the shape the kind needs
  /// (emails stay emails, phone numbers digits, names letters, digests hex).
  std::string mask(value_kind kind, std::string_view value);

  /// True for a value that is already a placeholder (of any run).
  static bool is_placeholder(std::string_view value) noexcept;

  /// True when `value` was masked before (and is long enough to be found again).
  bool known(std::string_view value) const { return known_.count(std::string(value)) != 0; }

  /// Replaces, in free text, every value masked so far (eight bytes or longer)
  /// by its placeholder. Returns the number of replacements.
  std::size_t replace_known(std::string& text) const;

  /// The first (up to) eight hex digits of HMAC-SHA-256(key, value).
  std::string digest_hex(std::string_view value, std::size_t digits = 8) const;

 private:
  std::string key_;
  std::unordered_map<std::string, std::string> known_;  // value -> placeholder
  std::size_t shortest_known_ = 0;
};

}  // namespace harfact::redact::detail
