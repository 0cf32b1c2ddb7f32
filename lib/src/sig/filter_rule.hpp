// Internal: one filter-list rule, parsed (filter_parse.cpp), and the pattern primitives the
// engine matches with (filter_match.cpp). See harfact/sig/filter_list.hpp for the syntax.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/sig/filter_list.hpp"

namespace harfact::sig::detail {

constexpr std::uint16_t type_bit(request_type t) noexcept {
  return static_cast<std::uint16_t>(1U << static_cast<unsigned>(t));
}
inline constexpr std::uint16_t all_types_mask = 0x0FFF;
/// What a rule without a type option applies to: everything but the top-level document.
inline constexpr std::uint16_t default_types_mask =
    static_cast<std::uint16_t>(all_types_mask & ~type_bit(request_type::document));

enum class left_anchor : std::uint8_t { none, start, host };
enum class party : std::uint8_t { any, first, third };

/// A network rule as written, normalised.
struct network_rule {
  /// Pattern without anchors: '*' and '^' are special, everything else is literal;
  /// lowercased unless match_case. Empty for regex rules.
  std::string pattern;
  std::string regex;                         ///< regex rules: the source between the slashes
  std::vector<std::string> domains_include;  ///< `domain=` entries, sorted, lowercase
  std::vector<std::string> domains_exclude;  ///< `domain=~` entries, sorted, lowercase
  std::string identity;  ///< what `$badfilter` compares: pattern and sorted options
  std::uint16_t types = default_types_mask;
  left_anchor left = left_anchor::none;
  bool right_anchor = false;
  party applies_to = party::any;
  bool exception = false;
  bool important = false;
  bool match_case = false;
  bool is_regex = false;
  bool badfilter = false;  ///< a `$badfilter` rule: cancels the rules with its identity
};

enum class line_kind : std::uint8_t { blank, comment, cosmetic, network, unsupported };

struct parsed_line {
  line_kind kind = line_kind::blank;
  network_rule rule;   ///< kind == network
  std::string reason;  ///< kind == unsupported: see list_stats::unsupported_by_reason
};

/// Parses one line (surrounding whitespace is ignored). Never fails: a line it cannot use
/// comes back as unsupported with a reason. Regexes are not compiled here.
parsed_line parse_filter_line(std::string_view line);

/// URL tokens are maximal runs of ASCII letters and digits. A rule is indexed under a piece
/// of literal text that every URL it matches contains: a whole token, or the first or last
/// `chunk_size` characters of a token (for a literal run open at one end: `.com/vtrack`
/// matches ".com/vtracking" too).
enum class token_kind : std::uint8_t { whole, prefix, suffix };
inline constexpr std::size_t chunk_size = 5;

struct token_candidate {
  std::string token;  ///< lowercased; for prefix and suffix, exactly chunk_size characters
  /// Offset of the text in network_rule::pattern when no '*' precedes it (the match then
  /// starts exactly `offset` characters before the text's position in the URL), else -1.
  std::int32_t offset = -1;
  token_kind kind = token_kind::whole;
};

/// Token candidates of a pattern rule (anchors matter: they bound the ends).
std::vector<token_candidate> pattern_tokens(const network_rule& rule);
/// Token candidates of a regex: literal runs outside groups and classes, bounded by literal
/// non-alphanumeric characters or by `^`/`$` at the ends; none when there is a top-level
/// alternation.
std::vector<token_candidate> regex_tokens(std::string_view regex);

/// `^` matches this character.
constexpr bool is_separator(unsigned char c) noexcept {
  const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return !(alnum || c == '_' || c == '-' || c == '.' || c == '%');
}

constexpr bool is_token_char(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/// True when `pattern` ('*' any run, '^' separator or end) matches `url` starting exactly
/// at `start`; with `anchor_end` the match must reach the end of the URL.
bool glob_match_at(std::string_view pattern, std::string_view url, std::size_t start,
                   bool anchor_end) noexcept;

/// True when `pattern` matches `url` starting anywhere.
bool glob_match_anywhere(std::string_view pattern, std::string_view url, bool anchor_end) noexcept;

}  // namespace harfact::sig::detail
