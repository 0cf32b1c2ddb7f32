// Parsing filter-list lines into network rules (uBlock Origin's reading of EasyList syntax).
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/ascii.hpp"
#include "sig/filter_index.hpp"
#include "sig/filter_rule.hpp"

namespace harfact::sig::detail {

namespace {

using harfact::detail::ascii_lower;
using harfact::detail::istarts_with_ascii;

// Every option name uBO knows. An options part starts at the last '$' that is followed by
// one of these (uBO's rule), so a '$' inside a pattern is not mistaken for options, while an
// option we do not support is still recognised, and reported by name.
// clang-format off
// NOLINTNEXTLINE(modernize-avoid-c-arrays): a plain table
constexpr std::string_view k_option_names[] = {
    "1p", "first-party", "strict1p", "strict-first-party", "3p", "third-party", "strict3p",
    "strict-third-party", "all", "badfilter", "cname", "csp", "css", "stylesheet", "denyallow",
    "doc", "document", "ehide", "elemhide", "empty", "frame", "subdocument", "from", "domain",
    "font", "genericblock", "ghide", "generichide", "header", "image", "important", "inline-font",
    "inline-script", "ipaddress", "match-case", "media", "method", "mp4", "_", "object",
    "object-subrequest", "other", "permissions", "ping", "beacon", "popunder", "popup", "reason",
    "redirect", "rewrite", "redirect-rule", "removeparam", "queryprune", "replace", "script",
    "shide", "specifichide", "to", "urlskip", "uritransform", "xhr", "xmlhttprequest", "webrtc",
    "websocket",
};
// clang-format on

constexpr bool is_word_char(char c) noexcept {
  return is_token_char(static_cast<unsigned char>(c)) || c == '_';
}

bool starts_with_option_name(std::string_view s) {
  if (!s.empty() && s.front() == '~') s.remove_prefix(1);
  // Most '$' in patterns are followed by something no name starts with.
  static constexpr auto k_first = [] {
    std::array<bool, 256> t{};
    for (const std::string_view name : k_option_names)
      t[static_cast<unsigned char>(name[0])] = true;
    return t;
  }();
  if (s.empty() || !k_first[static_cast<unsigned char>(s.front())]) return false;
  for (const std::string_view name : k_option_names) {
    if (name[0] != s[0]) continue;
    if (s.substr(0, name.size()) != name) continue;
    // JavaScript's \b after the name, as in uBO's test.
    const bool name_ends_in_word = is_word_char(name.back());
    if (s.size() == name.size() || is_word_char(s[name.size()]) != name_ends_in_word) return true;
  }
  return false;
}

// Position of the '$' that starts the options, or npos.
std::size_t options_anchor(std::string_view s) {
  std::size_t j = s.rfind('$');
  if (j == std::string_view::npos || j + 1 == s.size()) return std::string_view::npos;
  for (;;) {
    if (starts_with_option_name(s.substr(j + 1))) return j;
    if (j == 0) break;
    j = s.rfind('$', j - 1);
    if (j == std::string_view::npos) break;
  }
  return std::string_view::npos;
}

// "##", "#@#", "#?#", "#@?#", "#$#", "#@$#", "#$?#", "#%#", "#@%#" followed by something:
// element hiding, extended CSS, snippets, scriptlets, HTML filters.
bool is_cosmetic(std::string_view s) {
  for (std::size_t i = s.find('#'); i != std::string_view::npos; i = s.find('#', i + 1)) {
    std::size_t j = i + 1;
    if (j < s.size() && s[j] == '@') ++j;
    if (j < s.size() && s[j] == '$') {
      ++j;
      if (j < s.size() && s[j] == '?') ++j;
    } else if (j < s.size() && (s[j] == '%' || s[j] == '?')) {
      ++j;
    }
    if (j < s.size() && s[j] == '#' && j + 1 < s.size()) return true;
  }
  // AdGuard's HTML filtering rules ("$$", "$@$").
  return s.find("$$") != std::string_view::npos || s.find("$@$") != std::string_view::npos;
}

// uBO's comment lines: "!", "# " (hosts-file style), "####", "[Adblock Plus 2.0]".
bool is_comment_prefix(std::string_view s) {
  return s.front() == '!' || istarts_with_ascii(s, "[adblock") || s.substr(0, 2) == "# " ||
         s.substr(0, 2) == "#\t" || s.substr(0, 4) == "####";
}

std::string lower(std::string_view s) { return harfact::detail::to_lower_ascii(s); }

// uBO's test for a pattern that is a host name:
// ^(?:[\da-z][\da-z_-]*\.)*[\da-z][\da-z-]*[\da-z]$ on the lowercased pattern.
bool is_host_name(std::string_view p) {
  const auto alnum = [](char c) { return is_token_char(static_cast<unsigned char>(c)); };
  std::size_t begin = 0;
  for (;;) {
    const std::size_t dot = p.find('.', begin);
    const bool last = dot == std::string_view::npos;
    const std::string_view label = p.substr(begin, last ? std::string_view::npos : dot - begin);
    if (label.empty() || !alnum(label.front())) return false;
    for (const char c : label.substr(1)) {
      if (!alnum(c) && c != '-' && (last || c != '_')) return false;
    }
    if (last) return label.size() >= 2 && alnum(label.back());
    begin = dot + 1;
  }
}

struct option_state {
  std::uint16_t positive_types = 0;
  std::uint16_t negated_types = 0;
  bool negated_something = false;
  std::string_view non_request_type;  // first of popup, generichide... (no request has that type)
  bool first_party = false;
  bool third_party = false;
  std::string_view reason;  // first reason the rule cannot be used
};

struct type_option {
  std::string_view name;
  request_type type;
};

constexpr std::array<type_option, 18> k_type_options{{
    {"document", request_type::document},
    {"doc", request_type::document},
    {"subdocument", request_type::subdocument},
    {"frame", request_type::subdocument},
    {"stylesheet", request_type::stylesheet},
    {"css", request_type::stylesheet},
    {"script", request_type::script},
    {"image", request_type::image},
    {"font", request_type::font},
    {"media", request_type::media},
    {"object", request_type::object},
    {"object-subrequest", request_type::object},
    {"xmlhttprequest", request_type::xmlhttprequest},
    {"xhr", request_type::xmlhttprequest},
    {"ping", request_type::ping},
    {"beacon", request_type::ping},
    {"websocket", request_type::websocket},
    {"other", request_type::other},
}};

// Types uBO knows that no request in a HAR can have: a rule limited to them never applies.
constexpr std::array<std::string_view, 13> k_non_request_types{
    "popup", "popunder",     "generichide",   "ghide",       "specifichide", "shide", "elemhide",
    "ehide", "genericblock", "inline-script", "inline-font", "cname",        "webrtc"};

void set_reason(option_state& st, std::string_view reason) {
  if (st.reason.empty()) st.reason = reason;
}

// Appends the lowercased `s` to `out`.
void append_lower(std::string& out, std::string_view s) {
  const std::size_t at = out.size();
  out.append(s);
  for (std::size_t i = at; i < out.size(); ++i) out[i] = ascii_lower(out[i]);
}

void parse_domains(std::string_view value, parse_scratch& scratch, option_state& st) {
  std::size_t begin = 0;
  bool any = false;
  while (begin <= value.size()) {
    std::size_t end = value.find('|', begin);
    if (end == std::string_view::npos) end = value.size();
    std::string_view entry = value.substr(begin, end - begin);
    begin = end + 1;
    const bool negated = !entry.empty() && entry.front() == '~';
    if (negated) entry.remove_prefix(1);
    if (entry.empty()) continue;
    if (entry.front() == '/' || (entry.size() >= 2 && entry.substr(entry.size() - 2) == ".*")) {
      set_reason(st, "domain_entity");
      return;
    }
    if (entry.back() == '.') entry.remove_suffix(1);
    parse_scratch::name name;
    name.begin = static_cast<std::uint32_t>(scratch.domain_text.size());
    name.size = static_cast<std::uint32_t>(entry.size());
    append_lower(scratch.domain_text, entry);
    (negated ? scratch.exclude : scratch.include).push_back(name);
    any = true;
  }
  if (!any) set_reason(st, "invalid");
}

void parse_option(std::string_view opt, network_rule& rule, parse_scratch& scratch,
                  option_state& st) {
  if (opt.empty()) {
    set_reason(st, "invalid");
    return;
  }
  if (std::all_of(opt.begin(), opt.end(), [](char c) { return c == '_'; })) return;  // no-op
  const bool negated = opt.front() == '~';
  if (negated) opt.remove_prefix(1);
  const std::size_t eq = opt.find('=');
  const std::string_view name = opt.substr(0, eq);
  const std::string_view value =
      eq == std::string_view::npos ? std::string_view{} : opt.substr(eq + 1);
  const bool has_value = eq != std::string_view::npos;

  for (const auto& t : k_type_options) {
    if (name == t.name && !has_value) {
      (negated ? st.negated_types : st.positive_types) |= type_bit(t.type);
      st.negated_something = st.negated_something || negated;
      return;
    }
  }
  for (const std::string_view t : k_non_request_types) {
    if (name == t && !has_value) {
      if (negated) {
        st.negated_something = true;
      } else if (st.non_request_type.empty()) {
        st.non_request_type = t;
      }
      return;
    }
  }
  if (has_value && (name == "domain" || name == "from")) {
    if (negated) {
      set_reason(st, "invalid");
    } else {
      parse_domains(value, scratch, st);
    }
    return;
  }
  if (!has_value) {
    if (name == "third-party" || name == "3p") {
      (negated ? st.first_party : st.third_party) = true;
      return;
    }
    if (name == "first-party" || name == "1p") {
      (negated ? st.third_party : st.first_party) = true;
      return;
    }
    if (!negated) {
      if (name == "all") {
        st.positive_types |= all_types_mask;
        return;
      }
      if (name == "match-case") {
        rule.match_case = true;
        return;
      }
      if (name == "important") {
        rule.important = true;
        return;
      }
      if (name == "badfilter") {
        rule.badfilter = true;
        return;
      }
    }
  }
  set_reason(st, name.empty() ? std::string_view("invalid") : name);
}

// The identity `$badfilter` compares: exception marker, pattern, and the options sorted
// (so "$script,third-party" and "$third-party,script" are the same rule).
std::string identity_of(bool exception, std::string_view pattern,
                        std::vector<std::string_view> options) {
  std::string id = exception ? "@@" : "";
  id += lower(pattern);
  options.erase(std::remove(options.begin(), options.end(), std::string_view("badfilter")),
                options.end());
  std::sort(options.begin(), options.end());
  for (std::size_t i = 0; i < options.size(); ++i) {
    id += i == 0 ? '$' : ',';
    id += lower(options[i]);
  }
  return id;
}

// The parts of a line (trimmed, not a comment) that matter to its identity.
struct rule_parts {
  bool exception = false;
  std::string_view pattern;
  std::vector<std::string_view> options;
};

rule_parts split_rule(std::string_view s, std::vector<std::string_view> options) {
  rule_parts out;
  if (s.size() >= 2 && s[0] == '@' && s[1] == '@') {
    out.exception = true;
    s.remove_prefix(2);
  }
  const std::size_t anchor = options_anchor(s);
  out.pattern = s.substr(0, anchor);
  options.clear();
  if (anchor != std::string_view::npos) {
    std::string_view rest = s.substr(anchor + 1);
    for (;;) {
      const std::size_t comma = rest.find(',');
      options.push_back(rest.substr(0, comma));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  out.options = std::move(options);
  return out;
}

parsed_line unsupported(std::string_view reason) {
  parsed_line out;
  out.kind = line_kind::unsupported;
  out.reason = reason;
  return out;
}

// Anchors and pointless wildcards; what remains is the pattern proper.
void parse_pattern(std::string_view p, network_rule& rule, std::string& out) {
  if (p.size() >= 2 && p[0] == '|' && p[1] == '|') {
    // uBO ignores an anchor that is not followed by a token character ("||.example").
    if (p.size() > 2 && is_token_char(static_cast<unsigned char>(p[2]))) {
      rule.left = left_anchor::host;
    }
    p.remove_prefix(2);
  } else if (!p.empty() && p[0] == '|') {
    if (p.size() > 1 && is_token_char(static_cast<unsigned char>(p[1]))) {
      rule.left = left_anchor::start;
    }
    p.remove_prefix(1);
  }
  if (!p.empty() && p.back() == '|') {
    rule.right_anchor = p.size() < 2 || p[p.size() - 2] != '*';
    p.remove_suffix(1);
    if (p.empty()) rule.right_anchor = false;
  }
  // A leading '*' of an unanchored pattern, and a trailing one of a pattern not anchored at
  // the end, change nothing: drop them so the pattern needs no search for them.
  if (rule.left == left_anchor::none) {
    while (!p.empty() && p.front() == '*') p.remove_prefix(1);
  }
  if (!rule.right_anchor) {
    while (!p.empty() && p.back() == '*') p.remove_suffix(1);
  }
  out.clear();
  if (rule.match_case) {
    out.append(p);
  } else {
    append_lower(out, p);
  }
}

}  // namespace

parsed_line parse_filter_line(std::string_view line, parse_scratch& scratch) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!line.empty() && is_space(line.front())) line.remove_prefix(1);
  while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
  parsed_line out;
  if (line.empty()) return out;
  if (is_comment_prefix(line)) {
    out.kind = line_kind::comment;
    return out;
  }
  if (is_cosmetic(line)) {
    out.kind = line_kind::cosmetic;
    return out;
  }
  // Any other line starting with '#' is a comment to uBO; "[...]" is a list header.
  if (line.front() == '#' || (line.front() == '[' && line.back() == ']')) {
    out.kind = line_kind::comment;
    return out;
  }

  network_rule& rule = out.rule;
  rule_parts parts = split_rule(line, std::move(scratch.options));
  rule.exception = parts.exception;
  const std::string_view pattern = parts.pattern;
  scratch.domain_text.clear();
  scratch.include.clear();
  scratch.exclude.clear();
  option_state st;
  for (const std::string_view opt : parts.options) parse_option(opt, rule, scratch, st);
  scratch.options = std::move(parts.options);
  if (!st.reason.empty()) return unsupported(st.reason);

  if (st.positive_types != 0) {
    rule.types = static_cast<std::uint16_t>(st.positive_types & ~st.negated_types);
    if (rule.types == 0) return unsupported("invalid");
  } else if (!st.non_request_type.empty()) {
    return unsupported(st.non_request_type);
  } else {
    rule.types = static_cast<std::uint16_t>(default_types_mask & ~st.negated_types);
    if (rule.types == 0) return unsupported("invalid");
  }
  if (st.first_party != st.third_party) {
    rule.applies_to = st.third_party ? party::third : party::first;
  }
  if (rule.exception && rule.important) return unsupported("invalid");

  for (const char c : pattern) {
    if (static_cast<unsigned char>(c) >= 0x80) return unsupported("non_ascii");
    if (is_space(c) || static_cast<unsigned char>(c) < 0x20) return unsupported("invalid");
  }
  rule.has_domains = !scratch.include.empty() || !scratch.exclude.empty();
  if (pattern.size() > 2 && pattern.front() == '/' && pattern.back() == '/') {
    rule.is_regex = true;
    rule.regex = pattern.substr(1, pattern.size() - 2);
    scratch.pattern.clear();
  } else {
    parse_pattern(pattern, rule, scratch.pattern);
    // uBO reads a pattern that is only a host name ("ads.example.com", as in a hosts file)
    // as that host and its subdomains, unless domain=, a negated type or important is
    // given: the same as "||ads.example.com^".
    if (rule.left != left_anchor::host && is_host_name(scratch.pattern) && st.negated_types == 0 &&
        !st.negated_something && !rule.has_domains && !rule.important) {
      rule.left = left_anchor::host;
      rule.right_anchor = false;
      for (char& c : scratch.pattern) c = ascii_lower(c);
      scratch.pattern += '^';
    }
  }
  rule.pattern = scratch.pattern;
  out.kind = line_kind::network;
  return out;
}

std::string_view rule_pattern_as_written(std::string_view line, bool& exception) {
  exception = line.size() >= 2 && line[0] == '@' && line[1] == '@';
  if (exception) line.remove_prefix(2);
  return line.substr(0, options_anchor(line));
}

std::string rule_identity(std::string_view line) {
  rule_parts parts = split_rule(line, {});
  return identity_of(parts.exception, parts.pattern, std::move(parts.options));
}

namespace {

// Tokens that nearly every URL contains: filing a rule under one means checking it for
// nearly every request.
// NOLINTNEXTLINE(modernize-avoid-c-arrays): a plain table
constexpr std::string_view k_common_tokens[] = {
    "http", "https",  "www",    "com", "net",    "org", "js", "html", "htm", "php", "css", "min",
    "cdn",  "static", "assets", "img", "images", "api", "v1", "v2",   "jpg", "png", "gif", "svg",
    "json", "ws",     "wss",    "co",  "uk",     "de",  "io", "id",   "s",   "t",   "v"};

bool is_common_token(std::string_view lowered) {
  return std::find(std::begin(k_common_tokens), std::end(k_common_tokens), lowered) !=
         std::end(k_common_tokens);
}

token_candidate candidate_of(std::string_view lowered, std::int32_t offset, token_kind kind) {
  token_candidate c;
  c.key = text_key(lowered);
  c.offset = offset;
  c.kind = kind;
  c.short_text = lowered.size() < 3;
  c.common = is_common_token(lowered);
  return c;
}

}  // namespace

void pattern_tokens(std::string_view p, left_anchor left, bool right_anchor, bool match_case,
                    std::vector<token_candidate>& out) {
  const std::size_t first_star = p.find('*');
  const auto offset_of = [&](std::size_t at) {
    const bool fixed = first_star == std::string_view::npos || first_star > at;
    return fixed ? static_cast<std::int32_t>(at) : -1;
  };
  char lowered[chunk_size];  // NOLINT(modernize-avoid-c-arrays): a chunk of a match-case run
  std::string long_lowered;  // a whole match-case run (rare)
  std::size_t i = 0;
  while (i < p.size()) {
    if (!is_token_char(static_cast<unsigned char>(p[i]))) {
      ++i;
      continue;
    }
    const std::size_t b = i;
    while (i < p.size() && is_token_char(static_cast<unsigned char>(p[i]))) ++i;
    const std::size_t e = i;
    // A run is bounded where the pattern can only match a non-alphanumeric character or a
    // URL boundary there: not next to '*', not at an open end of the pattern.
    const bool left_ok = b == 0 ? left != left_anchor::none : p[b - 1] != '*';
    const bool right_ok = e == p.size() ? right_anchor : p[e] != '*';
    // The text keyed, lowercased (the pattern is, unless match-case).
    const auto text = [&](std::size_t from, std::size_t size) -> std::string_view {
      const std::string_view t = p.substr(from, size);
      if (!match_case) return t;
      if (size <= chunk_size) {
        for (std::size_t k = 0; k < size; ++k) lowered[k] = ascii_lower(t[k]);
        return {lowered, size};
      }
      long_lowered = lower(t);
      return long_lowered;
    };
    const std::size_t size = e - b;
    if (left_ok && right_ok) {
      out.push_back(candidate_of(text(b, size), offset_of(b), token_kind::whole));
    } else if (left_ok && size >= chunk_size) {
      out.push_back(candidate_of(text(b, chunk_size), offset_of(b), token_kind::prefix));
    } else if (right_ok && size >= chunk_size) {
      const std::size_t at = e - chunk_size;
      out.push_back(candidate_of(text(at, chunk_size), offset_of(at), token_kind::suffix));
    }
  }
}

namespace {

// Index just past the group or class that starts at `i` ('(' or '['), or npos.
std::size_t skip_group(std::string_view re, std::size_t i) {
  int depth = 0;
  bool in_class = false;
  for (; i < re.size(); ++i) {
    const char c = re[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']') {
        in_class = false;
        if (depth == 0) return i + 1;
      }
      continue;
    }
    if (c == '[') {
      in_class = true;
      // A ']' right after '[' or "[^" is a literal.
      if (i + 1 < re.size() && re[i + 1] == '^') ++i;
      if (i + 1 < re.size() && re[i + 1] == ']') ++i;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth == 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

}  // namespace

void regex_tokens(std::string_view re, std::vector<token_candidate>& out) {
  // A top-level alternation: no literal is required.
  for (std::size_t i = 0; i < re.size(); ++i) {
    if (re[i] == '\\') {
      ++i;
    } else if (re[i] == '(' || re[i] == '[') {
      i = skip_group(re, i);
      if (i == std::string_view::npos) return;
      --i;
    } else if (re[i] == '|') {
      return;
    }
  }
  // Candidates are appended only once the whole regex is read: on an early "none" (a
  // group that does not close), nothing is.
  std::vector<token_candidate> found;
  enum class atom : std::uint8_t { token_char, separator, unknown };
  std::string run;
  bool run_left_bounded = false;
  bool prev_separator = false;
  const auto flush = [&](bool right_bounded) {
    if (!run.empty() && run_left_bounded && right_bounded) {
      found.push_back(candidate_of(run, -1, token_kind::whole));
    }
    run.clear();
  };
  std::size_t i = 0;
  if (!re.empty() && re[0] == '^') {
    prev_separator = true;  // the start of the URL
    i = 1;
  }
  while (i < re.size()) {
    const char c = re[i];
    atom kind = atom::unknown;
    if (c == '$' && i + 1 == re.size()) {
      flush(true);  // the end of the URL
      out.insert(out.end(), found.begin(), found.end());
      return;
    }
    if (c == '\\') {
      if (i + 1 >= re.size()) {
        out.insert(out.end(), found.begin(), found.end());
        return;
      }
      kind = is_token_char(static_cast<unsigned char>(re[i + 1])) ? atom::unknown : atom::separator;
      i += 2;
    } else if (c == '(' || c == '[') {
      i = skip_group(re, i);
      if (i == std::string_view::npos) return;
    } else {
      if (is_token_char(static_cast<unsigned char>(c))) {
        kind = atom::token_char;
      } else if (c != '.' && c != '^' && c != '$' && c != '*' && c != '+' && c != '?' && c != '{' &&
                 c != '}' && c != ')' && c != ']') {
        kind = atom::separator;  // a literal punctuation character
      }
      ++i;
    }
    // A quantifier: an optional atom proves nothing; a repeated letter blurs the run's end.
    if (i < re.size() && (re[i] == '*' || re[i] == '+' || re[i] == '?' || re[i] == '{')) {
      const bool optional =
          re[i] == '*' || re[i] == '?' || re.substr(i, 2) == "{0" || re.substr(i, 2) == "{,";
      if (re[i] == '{') {
        const std::size_t close = re.find('}', i);
        if (close == std::string_view::npos) return;
        i = close + 1;
      } else {
        ++i;
      }
      if (i < re.size() && re[i] == '?') ++i;  // lazy
      if (optional || kind == atom::token_char) kind = atom::unknown;
    }
    switch (kind) {
      case atom::token_char:
        if (run.empty()) run_left_bounded = prev_separator;
        run += ascii_lower(c);
        prev_separator = false;
        break;
      case atom::separator:
        flush(true);
        prev_separator = true;
        break;
      case atom::unknown:
        flush(false);
        prev_separator = false;
        break;
    }
  }
  flush(false);
  out.insert(out.end(), found.begin(), found.end());
}

}  // namespace harfact::sig::detail
