// OneTrust configuration JSON and consent receipts (signals.md B.1, C.1).
//
// The configuration's key names are not verified from a primary source
// (signals.md Part F), so every key read here is flagged uncertain and the
// decoder takes whatever of them exists; group purposes are mapped by the
// group's name, a heuristic that is flagged too.
#include <fmt/format.h>

#include <array>

#include "consent/cmp_common.hpp"
#include "harfact/consent/signal.hpp"

namespace harfact::consent {

namespace {

namespace dom = simdjson::dom;
using detail::fail;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool contains_any(std::string_view hay, std::initializer_list<std::string_view> needles) {
  for (const auto n : needles) {
    if (hay.find(n) != std::string_view::npos) return true;
  }
  return false;
}

// A category's purpose from its display name (case-insensitive words).
// Social media is tested before "shar" so "Social Media Sharing" stays advertising.
std::optional<purpose> purpose_by_name(std::string_view name) {
  const std::string n = lower(name);
  if (contains_any(n, {"social media", "targeting", "advertis", "marketing"}))
    return purpose::advertising;
  if (contains_any(n, {"sale", "sell", "sharing", "share my"})) return purpose::sale_share;
  if (contains_any(n, {"performance", "analytic", "statistic", "measurement"}))
    return purpose::analytics;
  if (contains_any(n, {"functional", "preference", "personali"})) return purpose::functional;
  if (contains_any(n, {"necessary", "essential", "required"})) return purpose::necessary;
  return std::nullopt;
}

std::optional<purpose> purpose_by_default_id(std::string_view id) {
  static constexpr std::array<std::pair<std::string_view, purpose>, 5> ids = {{
      {"C0001", purpose::necessary},
      {"C0002", purpose::analytics},
      {"C0003", purpose::functional},
      {"C0004", purpose::advertising},
      {"C0005", purpose::advertising},
  }};
  for (const auto& [k, p] : ids) {
    if (k == id) return p;
  }
  return std::nullopt;
}

node display(dom::element el) {
  std::size_t budget = detail::json_display_budget;
  bool elided = false;
  return detail::json_to_node(el, detail::json_display_depth, budget, elided);
}

std::size_t array_size(dom::element el) {
  dom::array a;
  if (el.get_array().get(a) != simdjson::SUCCESS) return 0;
  std::size_t n = 0;
  for (const auto item : a) {
    (void)item;
    ++n;
  }
  return n;
}

// ConsentModel: {"Name": "opt-out"} (or a bare string, tolerated).
void add_consent_model(node& into, dom::element holder) {
  const auto cm = detail::json_member(holder, "ConsentModel");
  if (!cm) return;
  if (const auto name = detail::json_string(*cm, "Name")) {
    into.add("consent_model", node::string(std::string(*name)),
             "ConsentModel.Name (opt-in, opt-out, implied consent, ...) [key uncertain]", true);
  } else {
    into.add("consent_model", display(*cm), "ConsentModel [key uncertain]", true);
  }
}

constexpr int k_group_depth_limit = 4;

node group_node(dom::element g, int depth, std::vector<std::string>& mapped) {
  node o = node::object();
  const auto id = detail::json_string(g, "CustomGroupId");
  const auto name = detail::json_string(g, "GroupName");
  // "id" and "name" (CustomGroupId, GroupName) are the names the timeline reads.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> scalars = {{
      {"CustomGroupId", "id"},
      {"OptanonGroupId", "optanon_group_id"},
      {"GroupName", "name"},
      {"Status", "status"},
      {"Type", "type"},
  }};
  for (const auto& [key, field] : scalars) {
    const auto v = detail::json_member(g, key);
    if (!v || v->is_object() || v->is_array()) continue;
    o.add(std::string(field), detail::json_scalar_node(*v), fmt::format("{} [key uncertain]", key),
          true);
  }
  // The mapped purpose and the rule used, so the timeline can read a site's
  // custom group ids (OptanonConsent groups) by purpose.
  // (Assigned, not conditional expressions: GCC 12 warns falsely at -O2.)
  std::optional<purpose> by_name, by_id;
  if (name) by_name = purpose_by_name(*name);
  if (id) by_id = purpose_by_default_id(*id);
  if (by_name) {
    std::string meaning = fmt::format("by group name '{}'", *name);
    if (by_id && *by_id != *by_name) {
      meaning += fmt::format("; the default id {} would say {}", *id, purpose_name(*by_id));
    }
    o.add("purpose", node::string(std::string(purpose_name(*by_name))), std::move(meaning), true);
    if (id) mapped.push_back(fmt::format("{} -> {}", *id, purpose_name(*by_name)));
  } else if (by_id) {
    o.add("purpose", node::string(std::string(purpose_name(*by_id))),
          fmt::format("by OneTrust default id {}", *id), true);
    mapped.push_back(fmt::format("{} -> {}", *id, purpose_name(*by_id)));
  } else {
    o.add("purpose", node{},
          name ? fmt::format("group name '{}' does not name a known purpose", *name)
               : std::string("no group name"),
          true);
  }
  for (const std::string_view key : {"Cookies", "FirstPartyCookies"}) {
    if (const auto v = detail::json_member(g, key); v && v->is_array()) {
      o.add(detail::snake_case(key), node::integer(static_cast<std::int64_t>(array_size(*v))),
            "count of entries [key uncertain]", true);
    }
  }
  // The hosts (third parties) the site filed under this group, by name, so a
  // tracker hit's host can be matched to the group's purpose.
  if (const auto hosts = detail::json_member(g, "Hosts"); hosts && hosts->is_array()) {
    node arr = node::array();
    for (const auto h : dom::array(*hosts)) {
      std::string_view hn;
      if (h.get_string().get(hn) == simdjson::SUCCESS) {
        arr.items.push_back(node::string(std::string(hn)));
      } else if (const auto name_of = detail::json_string(h, "HostName")) {
        arr.items.push_back(node::string(std::string(*name_of)));
      }
    }
    o.add("hosts", std::move(arr), "Hosts[].HostName [keys uncertain]", true);
  }
  if (const auto subs = detail::json_member(g, "SubGroups"); subs && subs->is_array()) {
    node arr = node::array();
    if (depth < k_group_depth_limit) {
      for (const auto sg : dom::array(*subs)) {
        if (sg.is_object()) arr.items.push_back(group_node(sg, depth + 1, mapped));
      }
    }
    o.add("sub_groups", std::move(arr), "[key uncertain]", true);
  }
  return o;
}

node rule_node(dom::element r) {
  node o = node::object();
  for (const std::string_view key : {"Id", "Name", "Type", "TemplateName"}) {
    const auto v = detail::json_member(r, key);
    if (!v || v->is_object() || v->is_array()) continue;
    o.add(detail::snake_case(key), detail::json_scalar_node(*v), "[key uncertain]", true);
  }
  if (const auto c = detail::json_member(r, "Countries")) {
    o.add("countries", display(*c), "countries the rule set applies to [key uncertain]", true);
  }
  if (const auto st = detail::json_member(r, "States")) {
    o.add("states", display(*st), "states the rule set applies to [key uncertain]", true);
  }
  add_consent_model(o, r);
  return o;
}

// The customPayload Date: ISO text or milliseconds since the epoch.
std::optional<std::string> receipt_time(dom::element v) {
  std::string_view s;
  if (v.get_string().get(s) == simdjson::SUCCESS) {
    if (auto t = detail::iso_to_rfc3339(s)) return t;
    if (const auto ms = detail::parse_int(s)) return detail::epoch_ms_to_rfc3339(*ms);
    return std::nullopt;
  }
  std::int64_t ms = 0;
  if (v.get_int64().get(ms) == simdjson::SUCCESS) return detail::epoch_ms_to_rfc3339(ms);
  return std::nullopt;
}

// A JWT's header and payload (base64url JSON), not verified.
node decode_jwt(std::string_view jwt, std::vector<std::string>& notes) {
  node o = node::object();
  std::array<std::string_view, 3> parts{};
  std::size_t n = 0;
  std::size_t i = 0;
  while (n < 3) {
    const std::size_t dot = jwt.find('.', i);
    parts[n++] = jwt.substr(i, dot == std::string_view::npos ? jwt.npos : dot - i);
    if (dot == std::string_view::npos) break;
    i = dot + 1;
  }
  if (n < 2) {
    notes.emplace_back("requestInformation: not a JWT (no '.'); kept as text");
    return node::string(std::string(jwt));
  }
  static constexpr std::array<std::string_view, 2> names = {"header", "payload"};
  std::size_t offset = 0;
  for (std::size_t k = 0; k < 2; ++k) {
    std::string decoded;
    std::size_t bad = 0;
    detail::json_doc doc;
    std::string error;
    if (!detail::base64_decode(parts[k], decoded, bad)) {
      notes.push_back(fmt::format("requestInformation: JWT {} is not base64url at offset {}",
                                  names[k], offset + bad));
      o.add(std::string(names[k]), node::string(std::string(parts[k])), "not base64url", true);
    } else if (!detail::parse_json(decoded, doc, error)) {
      notes.push_back(fmt::format("requestInformation: JWT {} is not JSON: {} of the decoded {}",
                                  names[k], error, names[k]));
      o.add(std::string(names[k]), node::string(std::string(parts[k])), "not JSON", true);
    } else {
      o.add(std::string(names[k]), display(doc.root),
            k == 0 ? "JWT header" : "JWT payload (collection point token)");
    }
    offset += parts[k].size() + 1;
  }
  o.add("signature_present", node::boolean(n > 2 && !parts[2].empty()), "signature not verified");
  return o;
}

}  // namespace

signal decode_onetrust_config(std::string_view body) {
  signal s = detail::start("onetrust_config", body);
  s.input = detail::body_text(body);
  if (s.input.empty()) return fail(std::move(s), "onetrust_config: empty body");
  detail::json_doc doc;
  std::string error;
  if (!detail::parse_json(s.input, doc, error)) {
    return fail(std::move(s), "onetrust_config: body is not JSON: " + error);
  }
  if (!doc.root.is_object())
    return fail(std::move(s), "onetrust_config: body is not a JSON object");
  const auto domain_data = detail::json_member(doc.root, "DomainData");
  const dom::element holder = domain_data && domain_data->is_object() ? *domain_data : doc.root;
  const auto rule_set = detail::json_member(doc.root, "RuleSet");
  const auto groups = detail::json_member(holder, "Groups");
  const bool has_model = detail::json_member(holder, "ConsentModel").has_value();
  if (!rule_set && !groups && !domain_data && !has_model) {
    return fail(std::move(s),
                "onetrust_config: none of RuleSet, DomainData, Groups, ConsentModel found");
  }
  auto& f = s.fields;
  if (rule_set && rule_set->is_array()) {
    node arr = node::array();
    for (const auto r : dom::array(*rule_set)) {
      if (r.is_object()) arr.items.push_back(rule_node(r));
    }
    f.add("rule_set", std::move(arr), "geolocation rule sets [keys uncertain]", true);
  }
  add_consent_model(f, holder);
  if (const auto v = detail::json_member(holder, "ShowAlertNotice"); v && v->is_bool()) {
    f.add("show_alert_notice", detail::json_scalar_node(*v), "banner shown [key uncertain]", true);
  }
  std::vector<std::string> mapped;
  if (groups && groups->is_array()) {
    node arr = node::array();
    for (const auto g : dom::array(*groups)) {
      if (g.is_object()) arr.items.push_back(group_node(g, 0, mapped));
    }
    f.add("groups", std::move(arr), "consent categories [keys uncertain]", true);
  }
  s.notes.emplace_back(
      "configuration, not a consent state; key names are not verified from a primary source "
      "[uncertain]");
  if (!mapped.empty()) {
    std::string list;
    for (const auto& m : mapped) list += (list.empty() ? "" : ", ") + m;
    s.sum.notes.push_back(fmt::format(
        "group purposes (by name where it names one, else by default id) [uncertain]: {}", list));
  }
  s.ok = true;
  return s;
}

signal decode_onetrust_receipt(std::string_view body) {
  signal s = detail::start("onetrust_receipt", body);
  s.input = detail::body_text(body);
  if (s.input.empty()) return fail(std::move(s), "onetrust_receipt: empty body");
  detail::json_doc doc;
  std::string error;
  if (!detail::parse_json(s.input, doc, error)) {
    return fail(std::move(s), "onetrust_receipt: body is not JSON: " + error);
  }
  dom::object obj;
  if (doc.root.get_object().get(obj) != simdjson::SUCCESS) {
    return fail(std::move(s), "onetrust_receipt: body is not a JSON object");
  }
  if (!detail::json_member(doc.root, "identifier") && !detail::json_member(doc.root, "purposes") &&
      !detail::json_member(doc.root, "requestInformation")) {
    return fail(std::move(s),
                "onetrust_receipt: none of identifier, requestInformation, purposes found");
  }
  auto& f = s.fields;
  auto& sum = s.sum;
  std::vector<std::string> active;
  for (const auto field : obj) {
    const std::string_view key = field.key;
    const std::string name = detail::snake_case(key);
    if (key == "identifier") {
      f.add(name, detail::json_scalar_node(field.value), "data subject identifier");
      const std::string id = detail::json_scalar_text(field.value);
      if (!id.empty()) {
        sum.consent_id = id;
        sum.notes.emplace_back(
            "consent_id from the receipt identifier, presumably the OptanonConsent consentId "
            "[uncertain]");
      }
    } else if (key == "requestInformation") {
      std::string_view jwt;
      if (field.value.get_string().get(jwt) == simdjson::SUCCESS) {
        f.add(name, decode_jwt(jwt, s.notes),
              "JWT of the collection point (decoded, not verified)");
      } else {
        f.add(name, display(field.value), "not a JWT string", true);
      }
    } else if (key == "purposes" && field.value.is_array()) {
      node arr = node::array();
      for (const auto p : dom::array(field.value)) {
        if (!p.is_object()) {
          arr.items.push_back(display(p));
          continue;
        }
        node o = node::object();
        for (const auto m : dom::object(p)) {
          const bool doc_key = m.key == "Id";
          o.add(detail::snake_case(m.key), display(m.value),
                doc_key ? "collection-point purpose id" : "", !doc_key);
        }
        arr.items.push_back(std::move(o));
      }
      f.add(name, std::move(arr), "collection-point purposes (ids are not OneTrust group ids)");
    } else if (key == "customPayload" && field.value.is_object()) {
      node o = node::object();
      for (const auto m : dom::object(field.value)) {
        const bool doc_key = m.key == "activeGroup" || m.key == "Date" || m.key == "language";
        std::string meaning;
        if (m.key == "activeGroup") {
          meaning = "groups active after the choice";
          const std::string text = detail::json_scalar_text(m.value);
          std::size_t j = 0;
          while (j <= text.size()) {
            std::size_t comma = text.find(',', j);
            if (comma == std::string::npos) comma = text.size();
            const std::string_view id = detail::trim(std::string_view(text).substr(j, comma - j));
            if (!id.empty()) active.emplace_back(id);
            j = comma + 1;
          }
        }
        if (m.key == "Date") {
          if (const auto t = receipt_time(m.value)) {
            meaning = *t;
            sum.choice_time = *t;
            sum.notes.emplace_back("choice_time from customPayload.Date");
          } else {
            meaning = "not a recognised date";
          }
        }
        o.add(detail::snake_case(m.key), display(m.value), std::move(meaning), !doc_key);
      }
      f.add("custom_payload", std::move(o));
    } else if (key == "test") {
      f.add(name, detail::json_scalar_node(field.value), "test receipt");
    } else {
      f.add(name, display(field.value), "not in the documented body", true);
    }
  }
  sum.interacted = true;
  if (!active.empty()) {
    detail::purpose_votes votes;
    std::vector<std::string> custom;
    for (const auto& id : active) {
      if (const auto p = purpose_by_default_id(id)) {
        votes.add(*p, grant::granted, "customPayload.activeGroup " + id);
      } else {
        custom.push_back(id);
      }
    }
    votes.apply(sum);
    sum.notes.emplace_back(
        "purposes granted for default group ids in activeGroup; a group not listed is unknown "
        "(denied or not presented)");
    if (!custom.empty()) {
      std::string list;
      for (const auto& id : custom) list += (list.empty() ? "" : ", ") + id;
      sum.notes.push_back(fmt::format(
          "activeGroup {}: site-specific ids, not mapped without the site's configuration", list));
    }
  }
  s.ok = true;
  return s;
}

}  // namespace harfact::consent
