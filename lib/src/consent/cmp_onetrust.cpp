// OneTrust cookies and responses (signals.md B.1, C.1, D.6): OptanonConsent,
// OptanonAlertBoxClosed and the geolocation answer. The configuration JSON and
// the consent receipt are in cmp_onetrust_config.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "consent/cmp_common.hpp"
#include "harfact/consent/signal.hpp"
#include "harfact/har/timestamp.hpp"

namespace harfact::consent {

namespace {

using detail::fail;

// "Tue Oct 19 2021 11:31:41 GMT+0800 (Taipei Standard Time)": JS
// Date.prototype.toString in the visitor's zone. Returns UTC microseconds and
// the written offset.
struct js_date {
  std::int64_t us = 0;
  int offset_minutes = 0;
};

std::optional<js_date> parse_js_date(std::string_view s) {
  std::array<std::string_view, 6> tok{};
  std::size_t n = 0;
  std::size_t i = 0;
  while (n < tok.size() && i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    const std::size_t b = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > b) tok[n++] = s.substr(b, i - b);
  }
  if (n < 6) return std::nullopt;
  static constexpr std::array<std::string_view, 12> months = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  unsigned month = 0;
  for (unsigned m = 0; m < 12; ++m) {
    if (tok[1] == months[m]) month = m + 1;
  }
  const auto day = detail::parse_int(tok[2]);
  // (Assigned, not a conditional expression: GCC 12 warns falsely at -O2.)
  std::optional<std::int64_t> year;
  if (tok[3].size() == 4) year = detail::parse_int(tok[3]);
  const std::string_view t = tok[4];
  const std::string_view z = tok[5];
  if (month == 0 || !day || *day < 1 || *day > 31 || !year || *year < 0) return std::nullopt;
  if (t.size() != 8 || t[2] != ':' || t[5] != ':') return std::nullopt;
  const auto hh = detail::parse_int(t.substr(0, 2));
  const auto mm = detail::parse_int(t.substr(3, 2));
  const auto ss = detail::parse_int(t.substr(6, 2));
  if (!hh || !mm || !ss || *hh > 23 || *mm > 59 || *ss > 59) return std::nullopt;
  if (z.size() != 8 || z.substr(0, 3) != "GMT" || (z[3] != '+' && z[3] != '-')) return std::nullopt;
  const auto oh = detail::parse_int(z.substr(4, 2));
  const auto om = detail::parse_int(z.substr(6, 2));
  if (!oh || !om || *oh > 23 || *om > 59) return std::nullopt;
  js_date d;
  d.offset_minutes = static_cast<int>((*oh * 60 + *om) * (z[3] == '-' ? -1 : 1));
  const std::int64_t days = har::days_from_civil(*year, month, static_cast<unsigned>(*day));
  const std::int64_t local_s = days * 86'400 + *hh * 3600 + *mm * 60 + *ss;
  d.us = (local_s - std::int64_t{d.offset_minutes} * 60) * 1'000'000;
  return d;
}

std::string offset_text(int minutes) {
  const char sign = minutes < 0 ? '-' : '+';
  const int m = minutes < 0 ? -minutes : minutes;
  return fmt::format("{}{:02}:{:02}", sign, m / 60, m % 60);
}

// OneTrust's default category ids (B.1).
struct default_group {
  std::string_view id;
  std::string_view name;
  purpose p;
};
constexpr std::array<default_group, 5> k_default_groups = {{
    {"C0001", "Strictly Necessary", purpose::necessary},
    {"C0002", "Performance", purpose::analytics},
    {"C0003", "Functional", purpose::functional},
    {"C0004", "Targeting", purpose::advertising},
    {"C0005", "Social Media", purpose::advertising},
}};

const default_group* find_default(std::string_view id) noexcept {
  for (const auto& g : k_default_groups) {
    if (g.id == id) return &g;
  }
  return nullptr;
}

struct flag_entry {
  std::string id;
  std::optional<bool> on;
};

// "C0001:1,C0002:0," -> entries; malformed entries are kept with on = nullopt.
std::vector<flag_entry> parse_flag_list(std::string_view text, std::string_view field,
                                        std::vector<std::string>& notes) {
  std::vector<flag_entry> out;
  std::size_t i = 0;
  while (i <= text.size()) {
    std::size_t comma = text.find(',', i);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string_view item = detail::trim(text.substr(i, comma - i));
    if (!item.empty()) {
      const std::size_t colon = item.rfind(':');
      flag_entry e;
      if (colon == std::string_view::npos) {
        e.id = std::string(item);
      } else {
        e.id = std::string(item.substr(0, colon));
        const std::string_view bit = item.substr(colon + 1);
        if (bit == "1") e.on = true;
        if (bit == "0") e.on = false;
      }
      if (!e.on) {
        notes.push_back(fmt::format("{}: entry '{}' at offset {} is not <id>:0|1", field, item, i));
      }
      out.push_back(std::move(e));
    }
    i = comma + 1;
  }
  return out;
}

node flag_list_node(const std::vector<flag_entry>& entries, bool groups) {
  node arr = node::array();
  for (const flag_entry& e : entries) {
    node o = node::object();
    o.add("id", node::string(e.id));
    if (e.on) {
      o.add("granted", node::boolean(*e.on), *e.on ? "1: consented" : "0: not consented");
    } else {
      o.add("granted", node{}, "not <id>:0|1", true);
    }
    if (groups) {
      if (const default_group* d = find_default(e.id)) {
        o.add("purpose", node::string(std::string(purpose_name(d->p))),
              fmt::format("OneTrust default id {} ({})", d->id, d->name));
      }
    }
    arr.items.push_back(std::move(o));
  }
  return arr;
}

node int_field(std::string_view text, std::vector<std::string>& notes, std::string_view name) {
  if (const auto v = detail::parse_int(text)) return node::integer(*v);
  notes.push_back(fmt::format("{}: '{}' is not an integer; kept as text", name, text));
  return node::string(std::string(text));
}

node bool_field(std::string_view text, std::vector<std::string>& notes, std::string_view name) {
  if (const auto v = detail::parse_bool(text)) return node::boolean(*v);
  notes.push_back(fmt::format("{}: '{}' is not true/false; kept as text", name, text));
  return node::string(std::string(text));
}

}  // namespace

signal decode_onetrust(std::string_view optanon_consent) {
  signal s = detail::start("onetrust", optanon_consent);
  const std::string_view raw =
      detail::strip_name(detail::trim(optanon_consent), {"OptanonConsent"});
  if (raw.empty()) return fail(std::move(s), "OptanonConsent: empty value");
  // Split first, then decode each value: landingPath holds an encoded URL whose
  // '&' and '=' must not split the cookie.
  const std::string q = detail::peel_outer_encoding(raw, "=&");
  if (q.find('=') == std::string::npos) {
    return fail(std::move(s),
                "OptanonConsent: no name=value pair; expected a query string "
                "(isGpcEnabled=0&datestamp=...&groups=C0001:1,...)");
  }

  auto& f = s.fields;
  auto& sum = s.sum;
  std::vector<std::string> seen;
  std::vector<flag_entry> groups;
  bool have_groups = false;
  std::optional<std::int64_t> interaction_count;
  std::optional<js_date> datestamp;
  bool known = false;

  std::size_t i = 0;
  while (i <= q.size()) {
    std::size_t amp = q.find('&', i);
    if (amp == std::string::npos) amp = q.size();
    const std::string_view pair = std::string_view(q).substr(i, amp - i);
    const std::size_t at = i;
    i = amp + 1;
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    const std::string key = detail::decode_query_value(pair.substr(0, eq));
    const std::string val = eq == std::string_view::npos
                                ? std::string()
                                : detail::decode_query_value(pair.substr(eq + 1));
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      s.notes.push_back(
          fmt::format("OptanonConsent: '{}' repeated at offset {}; first kept", key, at));
      continue;
    }
    seen.push_back(key);
    const std::string name = detail::snake_case(key);
    bool documented = true;
    if (key == "isGpcEnabled") {
      f.add(name, int_field(val, s.notes, key),
            val == "1" ? "1: GPC handling applied" : "0: GPC handling not applied", true);
    } else if (key == "browserGpcFlag") {
      f.add(name, int_field(val, s.notes, key),
            val == "1" ? "1: browser sent GPC" : "0: browser did not send GPC", true);
      if (val == "1" || val == "0") {
        sum.gpc = val == "1";
        sum.notes.emplace_back(
            "gpc from browserGpcFlag, whose exact semantics (vs isGpcEnabled) are [uncertain]");
      }
    } else if (key == "datestamp") {
      datestamp = parse_js_date(val);
      f.add(name, node::string(val), "last save, JS Date.toString() in the visitor's local zone");
      if (datestamp) {
        f.add("datestamp_utc", node::string(har::format_rfc3339_utc(datestamp->us)),
              fmt::format("derived from datestamp and its GMT offset {} (the capturing machine's "
                          "zone)",
                          offset_text(datestamp->offset_minutes)),
              true);
      } else if (!val.empty()) {
        s.notes.push_back(
            "datestamp: not in JS Date.toString() form with a GMT offset; kept as text");
      }
    } else if (key == "version") {
      f.add(name, node::string(val), "OneTrust SDK version");
    } else if (key == "isIABGlobal") {
      f.add(name, bool_field(val, s.notes, key));
    } else if (key == "hosts") {
      f.add(name, flag_list_node(parse_flag_list(val, key, s.notes), false), "per-host consent");
    } else if (key == "genVendors") {
      f.add(name, flag_list_node(parse_flag_list(val, key, s.notes), false),
            "general (non-IAB) vendor consent");
    } else if (key == "consentId") {
      f.add(name, node::string(val), "consent record id (links to OneTrust's consent log)");
      sum.consent_id = val;
    } else if (key == "identifierType") {
      f.add(name, node::string(val));
    } else if (key == "interactionCount") {
      interaction_count = detail::parse_int(val);
      f.add(name, int_field(val, s.notes, key),
            interaction_count && *interaction_count == 0
                ? "0: no interaction with the banner or preference centre yet"
                : "interactions with the banner or preference centre");
    } else if (key == "isAnonUser") {
      f.add(name, int_field(val, s.notes, key), val == "1" ? "1: anonymous" : "");
    } else if (key == "landingPath") {
      f.add(name, node::string(val),
            val == "NotLandingPage" ? "the visitor interacted or navigated since landing"
                                    : "landing URL: no interaction or navigation yet");
    } else if (key == "groups") {
      groups = parse_flag_list(val, key, s.notes);
      have_groups = true;
      f.add(name, flag_list_node(groups, true), "per-category consent <id>:0|1");
    } else if (key == "intType") {
      f.add(name, int_field(val, s.notes, key), "interaction type; meaning undocumented", true);
    } else if (key == "geolocation") {
      const std::size_t semi = val.find(';');
      const std::string country = val.substr(0, semi);
      const std::string region = semi == std::string::npos ? std::string() : val.substr(semi + 1);
      node g = node::object();
      g.add("country", node::string(country));
      g.add("region", node::string(region));
      const std::string iso = detail::iso_region(country, region);
      f.add(name, std::move(g),
            iso.empty() ? "unknown to OneTrust geolocation"
                        : fmt::format("{}: where OneTrust placed the visitor at save time", iso));
      if (!iso.empty()) {
        sum.region = iso;
        sum.notes.push_back(fmt::format("region {} from OptanonConsent geolocation", iso));
      }
    } else if (key == "AwaitingReconsent") {
      f.add(name, bool_field(val, s.notes, key));
    } else if (key == "GPPCookiesCount") {
      f.add(name, int_field(val, s.notes, key), "GPP bookkeeping");
    } else if (key == "gppSid") {
      std::vector<std::int64_t> ids;
      bool all = !val.empty();
      std::size_t j = 0;
      while (all && j <= val.size()) {
        std::size_t sep = val.find_first_of("_,", j);
        if (sep == std::string::npos) sep = val.size();
        const auto id = detail::parse_int(std::string_view(val).substr(j, sep - j));
        if (id)
          ids.push_back(*id);
        else
          all = false;
        j = sep + 1;
      }
      if (all) {
        const bool ca = std::find(ids.begin(), ids.end(), 8) != ids.end();
        const bool nat = std::find(ids.begin(), ids.end(), 7) != ids.end();
        f.add(name, node::int_set(std::move(ids)),
              ca    ? "GPP sections in force; 8 = California (usca)"
              : nat ? "GPP sections in force; 7 = US National (usnat)"
                    : "GPP sections in force");
      } else {
        f.add(name, node::string(val), "GPP section ids; not a list of integers", true);
      }
    } else {
      documented = false;
      f.add(name.empty() ? std::string("(empty name)") : name, node::string(val),
            "not in the fact sheet's field list", true);
    }
    if (documented) known = true;
  }
  if (!known) {
    return fail(std::move(s),
                "OptanonConsent: no documented field (groups, interactionCount, consentId, "
                "datestamp, geolocation, ...)");
  }

  // Per purpose: granted = groups[id] == 1; a category missing is not denied.
  std::vector<std::string> custom;
  const flag_entry* by_id[k_default_groups.size()] = {};
  for (const flag_entry& e : groups) {
    bool is_default = false;
    for (std::size_t k = 0; k < k_default_groups.size(); ++k) {
      if (k_default_groups[k].id == e.id) {
        if (by_id[k] == nullptr) by_id[k] = &e;
        is_default = true;
      }
    }
    if (!is_default) custom.push_back(e.id);
  }
  const auto set = [&](purpose p, const flag_entry* e) {
    if (e == nullptr || !e->on) return false;
    sum.purposes[static_cast<int>(p)] = detail::grant_of(*e->on);
    sum.purpose_source[static_cast<int>(p)] = "groups " + e->id;
    return true;
  };
  set(purpose::necessary, by_id[0]);
  set(purpose::analytics, by_id[1]);
  set(purpose::functional, by_id[2]);
  if (set(purpose::advertising, by_id[3])) {
    if (by_id[4] != nullptr && by_id[4]->on && *by_id[4]->on != *by_id[3]->on) {
      sum.notes.push_back(
          fmt::format("advertising follows C0004 (targeting); C0005 (social media) is {}",
                      *by_id[4]->on ? "granted" : "denied"));
    }
  } else {
    set(purpose::advertising, by_id[4]);
  }
  if (have_groups) {
    sum.notes.emplace_back(
        "purposes mapped by OneTrust's default group ids (C0001 necessary, C0002 performance -> "
        "analytics, C0003 functional, C0004 targeting and C0005 social media -> advertising); a "
        "group missing from groups is unknown, not denied");
  }
  if (!custom.empty()) {
    std::string list;
    for (const auto& id : custom) list += (list.empty() ? "" : ", ") + id;
    sum.notes.push_back(
        fmt::format("groups {}: site-specific ids, not mapped without the site's configuration "
                    "(onetrust_config)",
                    list));
  }
  if (interaction_count) {
    sum.interacted = *interaction_count > 0;
    if (*interaction_count == 0) {
      sum.notes.emplace_back(
          "interactionCount=0: the group states are the CMP's defaults for this visitor (e.g. an "
          "opt-out or implied-consent model), not a person's choice");
    }
  }
  if (datestamp && sum.interacted == true) {
    sum.choice_time = har::format_rfc3339_utc(datestamp->us);
    sum.notes.emplace_back(
        "choice_time from datestamp (the last save, local time converted with its GMT offset; "
        "second precision) [uncertain]");
  }
  s.ok = true;
  return s;
}

signal decode_onetrust_closed(std::string_view alert_box_closed) {
  signal s = detail::start("onetrust_closed", alert_box_closed);
  const std::string_view v = detail::strip_name(s.input, {"OptanonAlertBoxClosed"});
  if (v.empty()) return fail(std::move(s), "OptanonAlertBoxClosed: empty value");
  std::string why;
  const auto t = har::parse_timestamp(v, &why);
  if (!t || !t->valid) {
    return fail(std::move(s),
                fmt::format("OptanonAlertBoxClosed: not an ISO 8601 date-time ({})", why));
  }
  const std::string utc = har::format_rfc3339_utc(t->us);
  s.fields.add("timestamp", node::string(std::string(v)),
               fmt::format("banner closed (accept, reject or X) at {}", utc), !t->has_zone);
  if (!t->has_zone) {
    s.sum.notes.emplace_back("OptanonAlertBoxClosed has no zone; read as UTC [uncertain]");
  }
  s.sum.choice_time = utc;
  s.sum.interacted = true;
  s.sum.notes.emplace_back(
      "the banner was closed then; which choice was made is in OptanonConsent groups");
  s.ok = true;
  return s;
}

signal decode_onetrust_geo(std::string_view body) {
  signal s = detail::start("onetrust_geo", body);
  s.input = detail::body_text(body);
  if (s.input.empty()) return fail(std::move(s), "onetrust_geo: empty body");
  std::string_view callback;
  const std::string_view json = detail::jsonp_payload(s.input, &callback);
  detail::json_doc doc;
  std::string error;
  if (!detail::parse_json(json, doc, error)) {
    return fail(std::move(s), fmt::format("onetrust_geo: {} is not JSON: {}",
                                          callback.empty() ? "body" : "JSONP payload", error));
  }
  if (!callback.empty()) {
    s.fields.add("callback", node::string(std::string(callback)),
                 callback == "jsonFeed" ? "JSONP (dnsfeed)" : "JSONP callback (not jsonFeed)");
  }
  simdjson::dom::object obj;
  if (doc.root.get_object().get(obj) != simdjson::SUCCESS) {
    return fail(std::move(s), "onetrust_geo: the answer is not a JSON object");
  }
  std::string country, state;
  for (const auto field : obj) {
    const std::string_view key = field.key;
    const std::string name = detail::snake_case(key);
    const bool documented =
        key == "country" || key == "state" || key == "stateName" || key == "continent";
    if (field.value.is_object() || field.value.is_array()) {
      std::size_t budget = detail::json_display_budget;
      bool elided = false;
      s.fields.add(name,
                   detail::json_to_node(field.value, detail::json_display_depth, budget, elided),
                   "not in the documented field list", true);
      continue;
    }
    node v = detail::json_scalar_node(field.value);
    if (key == "country") country = detail::json_scalar_text(field.value);
    if (key == "state") state = detail::json_scalar_text(field.value);
    std::string meaning;
    if (key == "country") meaning = "ISO 3166 country";
    if (key == "state") meaning = "state or region code";
    if (key == "continent") meaning = "continent code";
    s.fields.add(name, std::move(v),
                 documented ? meaning : "not in the documented field list [uncertain]",
                 !documented);
  }
  if (country.empty() && state.empty()) {
    return fail(std::move(s), "onetrust_geo: no country or state in the geolocation answer");
  }
  s.sum.region = detail::iso_region(country, state);
  if (!s.sum.region.empty()) {
    s.sum.notes.push_back(fmt::format(
        "region {} is OneTrust's own geolocation answer for the capturing client", s.sum.region));
  }
  s.ok = true;
  return s;
}

}  // namespace harfact::consent
