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

/// Where parse_filter_line() writes what it derives from a line (lowercased text), reused
/// from line to line so that parsing allocates nothing once warm.
struct parse_scratch {
  std::string pattern;      ///< the normalised pattern
  std::string domain_text;  ///< the `domain=` names, lowercased, one after another
  struct name {
    std::uint32_t begin = 0;  ///< in domain_text
    std::uint32_t size = 0;
  };
  std::vector<name> include;  ///< `domain=` entries, as written
  std::vector<name> exclude;  ///< `domain=~` entries
  std::vector<std::string_view> options;

  std::string_view domain(name n) const noexcept {
    return std::string_view(domain_text).substr(n.begin, n.size);
  }
};

/// A network rule as written, normalised. The views point into the line and the scratch
/// space given to parse_filter_line().
struct network_rule {
  /// Pattern without anchors: '*' and '^' are special, everything else is literal;
  /// lowercased unless match_case. Empty for regex rules.
  std::string_view pattern;
  std::string_view regex;  ///< regex rules: the source between the slashes
  std::uint16_t types = default_types_mask;
  left_anchor left = left_anchor::none;
  bool right_anchor = false;
  party applies_to = party::any;
  bool exception = false;
  bool important = false;
  bool match_case = false;
  bool is_regex = false;
  bool badfilter = false;  ///< a `$badfilter` rule: cancels the rules with its identity
  bool has_domains = false;
};

enum class line_kind : std::uint8_t { blank, comment, cosmetic, network, unsupported };

struct parsed_line {
  line_kind kind = line_kind::blank;
  network_rule rule;        ///< kind == network
  std::string_view reason;  ///< kind == unsupported: see list_stats::unsupported_by_reason
};

/// Parses one line (surrounding whitespace is ignored). Never fails: a line it cannot use
/// comes back as unsupported with a reason. Regexes are not compiled here. The `domain=`
/// entries are left in `scratch` (include, exclude).
parsed_line parse_filter_line(std::string_view line, parse_scratch& scratch);

/// What `$badfilter` compares: the exception marker, the pattern as written and the options
/// sorted, lowercased, without "badfilter" (so "$script,third-party" and
/// "$third-party,script" are the same rule). `line` is a network rule as parsed.
std::string rule_identity(std::string_view line);
/// The pattern part of rule_identity() (as written: not lowercased), and whether the rule is
/// an exception; allocates nothing.
std::string_view rule_pattern_as_written(std::string_view line, bool& exception);

/// URL tokens are maximal runs of ASCII letters and digits. A rule is indexed under a piece
/// of literal text that every URL it matches contains: a whole token, or the first or last
/// `chunk_size` characters of a token (for a literal run open at one end: `.com/vtrack`
/// matches ".com/vtracking" too).
enum class token_kind : std::uint8_t { whole, prefix, suffix };
inline constexpr std::size_t chunk_size = 5;

struct token_candidate {
  std::uint64_t key = 0;  ///< text_key() of the text, lowercased; for prefix and suffix,
                          ///< of exactly chunk_size characters
  /// Offset of the text in network_rule::pattern when no '*' precedes it (the match then
  /// starts exactly `offset` characters before the text's position in the URL), else -1.
  std::int32_t offset = -1;
  token_kind kind = token_kind::whole;
  bool short_text = false;  ///< fewer than 3 characters
  bool common = false;      ///< a token that nearly every URL contains ("https", "com")
};

/// Token candidates of a pattern (anchors matter: they bound the ends), appended to `out`.
void pattern_tokens(std::string_view pattern, left_anchor left, bool right_anchor, bool match_case,
                    std::vector<token_candidate>& out);
/// Token candidates of a regex: literal runs outside groups and classes, bounded by literal
/// non-alphanumeric characters or by `^`/`$` at the ends; none when there is a top-level
/// alternation. Appended to `out`.
void regex_tokens(std::string_view regex, std::vector<token_candidate>& out);

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
