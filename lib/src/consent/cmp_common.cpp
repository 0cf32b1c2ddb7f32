// Helpers shared by the Google, CMP and Clarity consent decoders.
#include "consent/cmp_common.hpp"

#include <fmt/format.h>

#include <cctype>

#include "har/scan.hpp"
#include "harfact/har/timestamp.hpp"
#include "sig/url_query.hpp"

namespace harfact::consent::detail {

namespace {

constexpr bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

constexpr bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
constexpr bool is_lower_or_digit(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

int base64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

// The deepest JSON the decoders accept.
constexpr std::uint32_t k_max_json_depth = 256;

}  // namespace

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

signal start(std::string_view kind, std::string_view value) {
  signal s;
  s.kind = std::string(kind);
  s.input = std::string(trim(percent_decode_stable(trim(value))));
  return s;
}

signal fail(signal s, std::string error) {
  s.ok = false;
  s.error = std::move(error);
  return s;
}

std::string_view strip_name(std::string_view value, std::initializer_list<std::string_view> names,
                            std::string_view* found) {
  for (const std::string_view name : names) {
    if (value.size() > name.size() && value.substr(0, name.size()) == name &&
        value[name.size()] == '=') {
      if (found != nullptr) *found = name;
      return trim(value.substr(name.size() + 1));
    }
  }
  return value;
}

std::string peel_outer_encoding(std::string_view raw, std::string_view structure) {
  std::string cur(raw);
  for (int round = 0; round < 4; ++round) {
    if (cur.find_first_of(structure) != std::string::npos) break;
    if (cur.find('%') == std::string::npos) break;
    std::string next;
    sig::detail::percent_decode(cur, next, /*plus=*/false);
    if (next == cur) break;
    cur = std::move(next);
  }
  return cur;
}

std::string decode_query_value(std::string_view raw) {
  std::string once;
  sig::detail::percent_decode(raw, once, /*plus=*/true);
  return percent_decode_stable(once);
}

std::vector<std::pair<std::string, std::string>> cookie_pairs(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t i = 0;
  while (i <= text.size()) {
    std::size_t semi = text.find(';', i);
    if (semi == std::string_view::npos) semi = text.size();
    const std::string_view part = trim(text.substr(i, semi - i));
    if (!part.empty()) {
      const std::size_t eq = part.find('=');
      if (eq == std::string_view::npos) {
        out.emplace_back(std::string(), std::string(part));
      } else {
        out.emplace_back(std::string(trim(part.substr(0, eq))),
                         std::string(trim(part.substr(eq + 1))));
      }
    }
    i = semi + 1;
  }
  return out;
}

std::optional<std::int64_t> parse_int(std::string_view s) noexcept {
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  if (s.empty() || s.size() > 18) return std::nullopt;  // 18 digits never overflow
  std::int64_t v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return negative ? -v : v;
}

std::optional<bool> parse_bool(std::string_view s) noexcept {
  if (s == "true") return true;
  if (s == "false") return false;
  return std::nullopt;
}

std::string snake_case(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 4);
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (is_upper(c)) {
      const bool prev_lower = i > 0 && is_lower_or_digit(name[i - 1]);
      const bool acronym_end = i > 0 && is_upper(name[i - 1]) && i + 1 < name.size() &&
                               name[i + 1] >= 'a' && name[i + 1] <= 'z';
      if ((prev_lower || acronym_end) && !out.empty() && out.back() != '_') out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

bool base64_decode(std::string_view in, std::string& out, std::size_t& bad) {
  out.clear();
  out.reserve(in.size() / 4 * 3 + 3);
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t i = 0;
  for (; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '=') break;
    const int v = base64_value(c);
    if (v < 0) {
      bad = i;
      return false;
    }
    acc = ((acc << 6) | static_cast<std::uint32_t>(v)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  for (; i < in.size(); ++i) {
    if (in[i] != '=') {
      bad = i;
      return false;
    }
  }
  return true;
}

bool parse_json(std::string_view text, json_doc& doc, std::string& error) {
  // Nesting is bounded first: simdjson would accept 1024 levels, which no
  // consent value has, and the strict checker recurses once per level.
  const auto check = har::detail::check_json(text, k_max_json_depth);
  if (!check.ok) {
    error = fmt::format("{} at offset {}", check.message, check.offset);
    return false;
  }
  const simdjson::padded_string copy(text);
  const auto ec = doc.parser.parse(copy).get(doc.root);
  if (ec != simdjson::SUCCESS) {
    error = simdjson::error_message(ec);
    return false;
  }
  // The element refers to the parser's tape and string buffer, not to `copy`.
  return true;
}

std::optional<simdjson::dom::element> json_member(simdjson::dom::element obj,
                                                  std::string_view key) {
  simdjson::dom::object o;
  if (obj.get_object().get(o) != simdjson::SUCCESS) return std::nullopt;
  simdjson::dom::element v;
  if (o.at_key(key).get(v) != simdjson::SUCCESS) return std::nullopt;
  return v;
}

std::optional<std::string_view> json_string(simdjson::dom::element obj, std::string_view key) {
  const auto m = json_member(obj, key);
  if (!m) return std::nullopt;
  std::string_view s;
  if (m->get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
  return s;
}

std::string json_scalar_text(simdjson::dom::element el) {
  switch (el.type()) {
    case simdjson::dom::element_type::STRING: return std::string(el.get_string().value_unsafe());
    case simdjson::dom::element_type::INT64:
      return fmt::format("{}", el.get_int64().value_unsafe());
    case simdjson::dom::element_type::UINT64:
      return fmt::format("{}", el.get_uint64().value_unsafe());
    case simdjson::dom::element_type::DOUBLE:
      return fmt::format("{}", el.get_double().value_unsafe());
    case simdjson::dom::element_type::BOOL: return el.get_bool().value_unsafe() ? "true" : "false";
    default: return {};
  }
}

node json_scalar_node(simdjson::dom::element el) {
  switch (el.type()) {
    case simdjson::dom::element_type::STRING:
      return node::string(std::string(el.get_string().value_unsafe()));
    case simdjson::dom::element_type::INT64: return node::integer(el.get_int64().value_unsafe());
    case simdjson::dom::element_type::BOOL: return node::boolean(el.get_bool().value_unsafe());
    case simdjson::dom::element_type::NULL_VALUE: return node{};
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE: return node::string(json_scalar_text(el));
    default: return node::string("(not a scalar)");
  }
}

node json_to_node(simdjson::dom::element el, int max_depth, std::size_t& budget, bool& elided) {
  if (budget == 0) {
    elided = true;
    return node::string("(elided)");
  }
  --budget;
  switch (el.type()) {
    case simdjson::dom::element_type::OBJECT: {
      if (max_depth <= 0) {
        elided = true;
        return node::string("(object nested too deep; elided)");
      }
      node n = node::object();
      for (const auto field : simdjson::dom::object(el)) {
        n.add(std::string(field.key), json_to_node(field.value, max_depth - 1, budget, elided));
      }
      return n;
    }
    case simdjson::dom::element_type::ARRAY: {
      if (max_depth <= 0) {
        elided = true;
        return node::string("(array nested too deep; elided)");
      }
      node n = node::array();
      for (const auto item : simdjson::dom::array(el)) {
        n.items.push_back(json_to_node(item, max_depth - 1, budget, elided));
      }
      return n;
    }
    default: return json_scalar_node(el);
  }
}

std::optional<std::string> iso_to_rfc3339(std::string_view text) {
  const auto t = har::parse_timestamp(trim(text));
  if (!t || !t->valid || !t->has_zone) return std::nullopt;
  return har::format_rfc3339_utc(t->us);
}

std::optional<std::string> epoch_ms_to_rfc3339(std::int64_t ms) {
  // 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z
  constexpr std::int64_t k_min_ms = -62'167'219'200'000;
  constexpr std::int64_t k_max_ms = 253'402'300'799'999;
  if (ms < k_min_ms || ms > k_max_ms) return std::nullopt;
  return har::format_rfc3339_utc(ms * 1000);
}

void purpose_votes::add(purpose p, grant g, std::string source) {
  if (g == grant::unknown) return;
  votes_[static_cast<int>(p)].push_back(vote{g, std::move(source)});
}

void purpose_votes::apply(summary& s) const {
  for (int i = 0; i < purpose_count; ++i) {
    const auto& votes = votes_[i];
    if (votes.empty()) continue;
    bool agree = true;
    std::string sources;
    for (const vote& v : votes) {
      if (v.g != votes.front().g) agree = false;
      if (!sources.empty()) sources += ", ";
      sources += v.source;
    }
    const auto p = static_cast<purpose>(i);
    if (agree) {
      s.purposes[i] = votes.front().g;
      s.purpose_source[i] = std::move(sources);
      continue;
    }
    std::string list;
    for (const vote& v : votes) {
      if (!list.empty()) list += "; ";
      list += fmt::format("{} {}", v.source, grant_name(v.g));
    }
    s.notes.push_back(fmt::format("{}: fields disagree ({}); left unknown", purpose_name(p), list));
  }
}

std::string iso_region(std::string_view country, std::string_view subdivision) {
  std::string out;
  for (const char c : country) out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  if (out.empty()) return out;
  if (!subdivision.empty()) {
    out += '-';
    for (const char c : subdivision) out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  }
  return out;
}

std::string_view jsonp_payload(std::string_view body, std::string_view* callback) {
  const std::string_view t = trim(body);
  if (t.empty() || t.front() == '{' || t.front() == '[') return t;
  std::size_t i = 0;
  while (i < t.size() && (std::isalnum(static_cast<unsigned char>(t[i])) != 0 || t[i] == '_' ||
                          t[i] == '$' || t[i] == '.')) {
    ++i;
  }
  if (i == 0 || i >= t.size()) return t;
  std::size_t open = i;
  while (open < t.size() && t[open] == ' ') ++open;
  if (open >= t.size() || t[open] != '(') return t;
  std::string_view rest = t.substr(open + 1);
  while (!rest.empty() && (rest.back() == ';' || rest.back() == ' ' || rest.back() == '\n' ||
                           rest.back() == '\r' || rest.back() == '\t')) {
    rest.remove_suffix(1);
  }
  if (rest.empty() || rest.back() != ')') return t;
  rest.remove_suffix(1);
  if (callback != nullptr) *callback = t.substr(0, i);
  return trim(rest);
}

std::string body_text(std::string_view value) {
  const std::string_view t = trim(value);
  // A body is JSON as sent; only a body that is itself percent-encoded
  // (starts "%7B") is decoded, since decoding JSON could break its strings.
  if (!t.empty() && t.front() == '%') return std::string(trim(percent_decode_stable(t)));
  return std::string(t);
}

}  // namespace harfact::consent::detail
