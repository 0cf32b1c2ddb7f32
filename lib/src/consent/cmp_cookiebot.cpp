// Cookiebot: the CookieConsent cookie and the logconsent.ashx call
// (signals.md B.2, C.1, D.7).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "consent/cmp_common.hpp"
#include "harfact/consent/signal.hpp"
#include "sig/url_query.hpp"

namespace harfact::consent {

namespace {

using detail::fail;

// ---- A tolerant reader of the cookie's JS object literal -------------------
// {stamp:'...',necessary:true,ver:1,utc:1724770548958,region:'us-06'}: keys
// bare or quoted, values true|false|null|numbers|'single'|"double" strings;
// a nested {...} or [...] is kept as its text.

struct literal_value {
  enum class kind : std::uint8_t { boolean, integer, string, other };
  kind k = kind::other;
  bool b = false;
  std::int64_t i = 0;
  std::string text;  ///< the string's content, or the token as written
};

struct literal_pair {
  std::string key;
  std::size_t offset = 0;
  literal_value value;
  bool at_end = false;  ///< an unquoted value running to the end of the text: maybe cut
};

class literal_reader {
 public:
  explicit literal_reader(std::string_view text) : t_(text) {}

  bool read(std::vector<literal_pair>& out) {
    skip_ws();
    const bool braced = peek() == '{';
    if (braced) ++i_;
    while (true) {
      skip_ws();
      if (i_ >= t_.size()) {
        if (braced) return fail_at(i_, "the object ends early (no closing '}')", true);
        return true;
      }
      if (braced && t_[i_] == '}') {
        ++i_;
        skip_ws();
        if (i_ < t_.size()) return fail_at(i_, "text after the closing '}'");
        return true;
      }
      literal_pair p;
      p.offset = i_;
      if (!read_key(p.key)) return false;
      skip_ws();
      if (peek() != ':') return fail_at(i_, fmt::format("expected ':' after key '{}'", p.key));
      ++i_;
      skip_ws();
      if (!read_value(p.value)) return false;
      p.at_end = p.value.k != literal_value::kind::string && i_ >= t_.size();
      out.push_back(std::move(p));
      skip_ws();
      if (i_ >= t_.size()) continue;  // reported at the top of the loop
      if (t_[i_] == ',') {
        ++i_;
        continue;
      }
      if (braced && t_[i_] == '}') continue;
      return fail_at(i_, braced ? "expected ',' or '}'" : "expected ','");
    }
  }

  const std::string& error() const { return error_; }
  bool truncated() const { return truncated_; }

 private:
  char peek() const { return i_ < t_.size() ? t_[i_] : '\0'; }
  void skip_ws() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r'))
      ++i_;
  }
  // Running out of text is truncation (what was read stands); anything else is
  // a syntax error.
  bool fail_at(std::size_t at, std::string what, bool truncated = false) {
    error_ = fmt::format("offset {}: {}", at, what);
    truncated_ = truncated || i_ >= t_.size();
    return false;
  }

  static bool ident_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || c == '-';
  }

  bool read_quoted(std::string& out) {
    const char q = t_[i_];
    const std::size_t begin = i_++;
    while (i_ < t_.size()) {
      const char c = t_[i_++];
      if (c == q) return true;
      if (c == '\\' && i_ < t_.size()) {
        out += t_[i_++];
        continue;
      }
      out += c;
    }
    return fail_at(begin, "unterminated string", true);
  }

  bool read_key(std::string& key) {
    if (peek() == '\'' || peek() == '"') return read_quoted(key);
    const std::size_t b = i_;
    while (i_ < t_.size() && ident_char(t_[i_])) ++i_;
    if (i_ == b) return fail_at(i_, "expected a key");
    key = std::string(t_.substr(b, i_ - b));
    return true;
  }

  bool read_value(literal_value& v) {
    const char c = peek();
    if (c == '\'' || c == '"') {
      v.k = literal_value::kind::string;
      return read_quoted(v.text);
    }
    const std::size_t b = i_;
    if (c == '{' || c == '[') {
      // Kept as text: skip to the matching bracket, minding quotes.
      int depth = 0;
      while (i_ < t_.size()) {
        const char d = t_[i_];
        if (d == '\'' || d == '"') {
          std::string ignored;
          if (!read_quoted(ignored)) return false;
          continue;
        }
        if (d == '{' || d == '[') ++depth;
        if (d == '}' || d == ']') --depth;
        ++i_;
        if (depth == 0) break;
      }
      if (depth != 0) return fail_at(b, "unclosed nested value", true);
      v.text = std::string(t_.substr(b, i_ - b));
      return true;
    }
    while (i_ < t_.size() && t_[i_] != ',' && t_[i_] != '}') ++i_;
    const std::string_view tok = detail::trim(t_.substr(b, i_ - b));
    if (tok.empty()) return fail_at(b, "expected a value");
    v.text = std::string(tok);
    if (const auto bv = detail::parse_bool(tok)) {
      v.k = literal_value::kind::boolean;
      v.b = *bv;
    } else if (const auto iv = detail::parse_int(tok)) {
      v.k = literal_value::kind::integer;
      v.i = *iv;
    }
    return true;
  }

  std::string_view t_;
  std::size_t i_ = 0;
  std::string error_;
  bool truncated_ = false;
};

node literal_node(const literal_value& v) {
  switch (v.k) {
    case literal_value::kind::boolean: return node::boolean(v.b);
    case literal_value::kind::integer: return node::integer(v.i);
    default: return node::string(v.text);
  }
}

// US state FIPS codes -> USPS/ISO 3166-2 subdivision (for region 'us-<nn>').
std::string_view fips_state(std::string_view code) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 56> table = {{
      {"01", "AL"}, {"02", "AK"}, {"04", "AZ"}, {"05", "AR"}, {"06", "CA"}, {"08", "CO"},
      {"09", "CT"}, {"10", "DE"}, {"11", "DC"}, {"12", "FL"}, {"13", "GA"}, {"15", "HI"},
      {"16", "ID"}, {"17", "IL"}, {"18", "IN"}, {"19", "IA"}, {"20", "KS"}, {"21", "KY"},
      {"22", "LA"}, {"23", "ME"}, {"24", "MD"}, {"25", "MA"}, {"26", "MI"}, {"27", "MN"},
      {"28", "MS"}, {"29", "MO"}, {"30", "MT"}, {"31", "NE"}, {"32", "NV"}, {"33", "NH"},
      {"34", "NJ"}, {"35", "NM"}, {"36", "NY"}, {"37", "NC"}, {"38", "ND"}, {"39", "OH"},
      {"40", "OK"}, {"41", "OR"}, {"42", "PA"}, {"44", "RI"}, {"45", "SC"}, {"46", "SD"},
      {"47", "TN"}, {"48", "TX"}, {"49", "UT"}, {"50", "VT"}, {"51", "VA"}, {"53", "WA"},
      {"54", "WV"}, {"55", "WI"}, {"56", "WY"}, {"60", "AS"}, {"66", "GU"}, {"69", "MP"},
      {"72", "PR"}, {"78", "VI"},
  }};
  for (const auto& [k, v] : table) {
    if (k == code) return v;
  }
  return {};
}

bool two_letters(std::string_view s) {
  return s.size() == 2 && std::isalpha(static_cast<unsigned char>(s[0])) != 0 &&
         std::isalpha(static_cast<unsigned char>(s[1])) != 0;
}

// Cookiebot's categories -> harfact purposes (B.2).
struct category {
  std::string_view key;
  purpose p;
};
constexpr std::array<category, 4> k_categories = {{
    {"necessary", purpose::necessary},
    {"preferences", purpose::functional},
    {"statistics", purpose::analytics},
    {"marketing", purpose::advertising},
}};

}  // namespace

signal decode_cookiebot(std::string_view cookie_consent) {
  signal s = detail::start("cookiebot", cookie_consent);
  const std::string_view v = detail::strip_name(s.input, {"CookieConsent"});
  if (v.empty()) return fail(std::move(s), "CookieConsent: empty value");
  auto& f = s.fields;
  auto& sum = s.sum;
  if (v == "-1") {
    f.add("value", node::integer(-1), "consent not required in the visitor's region", true);
    sum.notes.emplace_back(
        "CookieConsent=-1: consent not required in the visitor's region [uncertain]");
    s.ok = true;
    return s;
  }
  std::vector<literal_pair> pairs;
  literal_reader reader(v);
  if (!reader.read(pairs)) {
    if (!reader.truncated() || pairs.empty()) {
      s.truncated = reader.truncated();
      return fail(std::move(s), "CookieConsent: " + reader.error());
    }
    s.truncated = true;
    s.notes.push_back("CookieConsent: ends early (" + reader.error() +
                      "); the pairs before it are decoded");
    if (pairs.back().at_end) {
      s.notes.push_back(fmt::format("CookieConsent: the value of '{}' may be cut; not decoded",
                                    pairs.back().key));
      pairs.pop_back();
    }
  }
  if (pairs.empty()) return fail(std::move(s), "CookieConsent: no key:value pairs");

  detail::purpose_votes votes;
  bool known = false;
  for (const literal_pair& p : pairs) {
    const std::string name = detail::snake_case(p.key);
    const literal_value& lv = p.value;
    if (f.find(name) != nullptr) {
      s.notes.push_back(fmt::format("CookieConsent: key '{}' repeated at offset {}; first kept",
                                    p.key, p.offset));
      continue;
    }
    const category* cat = nullptr;
    for (const auto& c : k_categories) {
      if (c.key == p.key) cat = &c;
    }
    if (cat != nullptr) {
      known = true;
      if (lv.k == literal_value::kind::boolean) {
        f.add(name, node::boolean(lv.b),
              fmt::format("{} -> {}", lv.b ? "consented" : "not consented", purpose_name(cat->p)));
        votes.add(cat->p, detail::grant_of(lv.b), std::string(cat->key));
      } else {
        f.add(name, literal_node(lv), "not true/false", true);
      }
    } else if (p.key == "stamp") {
      known = true;
      f.add(name, literal_node(lv), "consent id");
      if (!lv.text.empty()) sum.consent_id = lv.text;
    } else if (p.key == "method") {
      known = true;
      const bool explicit_ = lv.text == "explicit";
      f.add(name, literal_node(lv),
            explicit_              ? "explicit: the visitor clicked"
            : lv.text == "implied" ? "implied consent"
                                   : "not a documented method",
            !explicit_);
      if (explicit_) {
        sum.interacted = true;
      } else if (lv.text == "implied") {
        sum.notes.emplace_back(
            "method 'implied': consent implied without an explicit click [uncertain]; interacted "
            "left unknown");
      } else {
        sum.notes.push_back(
            fmt::format("method '{}' is not documented; interacted left unknown", lv.text));
      }
    } else if (p.key == "ver") {
      known = true;
      f.add(name, literal_node(lv), "configuration version");
    } else if (p.key == "utc") {
      known = true;
      const auto t =
          lv.k == literal_value::kind::integer ? detail::epoch_ms_to_rfc3339(lv.i) : std::nullopt;
      f.add(name, literal_node(lv),
            t ? "consent time (ms since epoch): " + *t
              : std::string("not milliseconds since the epoch"),
            !t);
      if (t) sum.choice_time = *t;
    } else if (p.key == "region") {
      known = true;
      const std::string_view r = lv.text;
      std::string meaning;
      bool uncertain = false;
      if (r.size() == 5 && (r.substr(0, 3) == "us-" || r.substr(0, 3) == "US-")) {
        const std::string_view st = fips_state(r.substr(3));
        uncertain = true;
        if (!st.empty()) {
          sum.region = detail::iso_region("US", st);
          meaning = fmt::format("{} (FIPS state code {}; inferred)", sum.region, r.substr(3));
          sum.notes.push_back(fmt::format(
              "region {} inferred from Cookiebot region '{}' as a FIPS state code [uncertain]",
              sum.region, r));
        } else {
          meaning = "us-<code> with an unknown FIPS state code";
        }
      } else if (two_letters(r)) {
        sum.region = detail::iso_region(r, {});
        meaning = "ISO country";
      } else {
        meaning = "not a documented region form";
        uncertain = true;
      }
      f.add(name, literal_node(lv), std::move(meaning), uncertain);
    } else if (p.key == "iab2" || p.key == "gacm") {
      known = true;
      f.add(name, literal_node(lv), "TCF setups", true);
    } else {
      f.add(name.empty() ? std::string("(empty key)") : name, literal_node(lv),
            "not in the documented keys", true);
    }
  }
  if (!known) {
    return fail(std::move(s),
                "CookieConsent: no documented key (stamp, necessary, preferences, statistics, "
                "marketing, method, ver, utc, region)");
  }
  votes.apply(sum);
  sum.notes.emplace_back(
      "purposes: necessary, preferences -> functional, statistics -> analytics, marketing -> "
      "advertising");
  s.ok = true;
  return s;
}

signal decode_cookiebot_log(std::string_view url_or_query) {
  signal s = detail::start("cookiebot_log", url_or_query);
  // Split before decoding values: referer carries an encoded URL of its own.
  std::string raw = detail::peel_outer_encoding(detail::trim(url_or_query), "=&?");
  std::string_view q = raw;
  if (const std::size_t qm = q.find('?'); qm != std::string_view::npos) q = q.substr(qm + 1);
  if (const std::size_t hash = q.find('#'); hash != std::string_view::npos) q = q.substr(0, hash);
  if (q.empty()) return fail(std::move(s), "logconsent: empty query");
  sig::detail::query_params params;
  params.parse(q);

  auto& f = s.fields;
  auto& sum = s.sum;
  detail::purpose_votes votes;
  bool has_action = false;
  bool has_flag = false;
  std::vector<std::string> seen;
  for (const auto& param : params.all()) {
    // Not a structured binding: clang-14 (the fuzz build) cannot capture one.
    const std::string& key = param.first;
    const std::string& raw_value = param.second;
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      s.notes.push_back(fmt::format("logconsent: parameter '{}' repeated; first kept", key));
      continue;
    }
    seen.push_back(key);
    const std::string val = percent_decode_stable(raw_value);
    const auto as_bool = [&](std::string meaning, bool uncertain = false) {
      if (const auto b = detail::parse_bool(val)) {
        f.add(key, node::boolean(*b), std::move(meaning), uncertain);
      } else {
        f.add(key, node::string(val), "not true/false", true);
      }
    };
    if (key == "action") {
      has_action = true;
      f.add(key, node::string(val),
            val == "accept"    ? "accept"
            : val == "decline" ? "decline"
                               : "not a documented action (accept, decline)",
            val != "accept" && val != "decline");
    } else if (key == "clp" || key == "cls" || key == "clm") {
      const purpose p = key == "clp"   ? purpose::functional
                        : key == "cls" ? purpose::analytics
                                       : purpose::advertising;
      const std::string_view cat = key == "clp"   ? "preferences"
                                   : key == "cls" ? "statistics"
                                                  : "marketing";
      const auto b = detail::parse_bool(val);
      if (b) {
        has_flag = true;
        votes.add(p, detail::grant_of(*b), fmt::format("logconsent {} ({})", key, cat));
      }
      as_bool(fmt::format("{} -> {}", cat, purpose_name(p)));
    } else if (key == "nocache") {
      const auto n = detail::parse_int(val);
      const auto t = n ? detail::epoch_ms_to_rfc3339(*n) : std::nullopt;
      if (n) {
        f.add(key, node::integer(*n),
              t ? "cache-buster, the client clock in ms: " + *t : std::string("cache-buster"));
      } else {
        f.add(key, node::string(val), "cache-buster");
      }
    } else if (key == "dnt" || key == "hasdata" || key == "rc" || key == "bulk") {
      as_bool(key == "dnt" ? "Do Not Track" : "");
    } else if (key == "method") {
      f.add(key, node::string(val), "meaning of the values undocumented", true);
    } else if (key == "cbt") {
      f.add(key, node::string(val), "consent banner type? meaning of the values undocumented",
            true);
    } else if (key == "cbid") {
      f.add(key, node::string(val), "Cookiebot domain group id (the site's configuration)");
    } else if (key == "usercountry") {
      if (two_letters(val)) {
        sum.region = detail::iso_region(val, {});
        f.add(key, node::string(val), "country Cookiebot attributed to the visitor");
      } else {
        f.add(key, node::string(val), "country; the form of US-state values is undocumented", true);
        sum.notes.push_back(
            fmt::format("usercountry '{}' is not a two-letter country; region left unknown", val));
      }
    } else if (key == "referer") {
      f.add(key, node::string(val), "page the choice was made on");
    } else if (key == "ticket") {
      f.add(key, node::string(val));
    } else {
      f.add(key.empty() ? std::string("(empty name)") : key, node::string(val),
            "not in the documented parameters", true);
    }
  }
  if (!has_action && !has_flag) {
    return fail(std::move(s), "logconsent: no action, clp, cls or clm parameter");
  }
  votes.apply(sum);
  sum.interacted = true;
  sum.notes.emplace_back(
      "a logconsent.ashx call is sent at the moment of a choice; clp/cls/clm give the decision "
      "per category (preferences -> functional, statistics -> analytics, marketing -> "
      "advertising)");
  if (!has_flag) sum.notes.emplace_back("no clp/cls/clm flags; purposes left unknown");
  s.ok = true;
  return s;
}

}  // namespace harfact::consent
