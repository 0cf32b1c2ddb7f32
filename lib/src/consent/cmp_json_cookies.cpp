// JSON-in-cookie CMPs (signals.md D.9): Didomi didomi_token (B.4), Ketch
// _ketch_consent_v1_ (B.8), iubenda _iub_cs-<id> (B.7) and Usercentrics
// uc_settings (B.5).
#include <fmt/format.h>

#include <array>

#include "consent/cmp_common.hpp"
#include "harfact/consent/signal.hpp"

namespace harfact::consent {

namespace {

namespace dom = simdjson::dom;
using detail::fail;

node display(dom::element el) {
  std::size_t budget = detail::json_display_budget;
  bool elided = false;
  return detail::json_to_node(el, detail::json_display_depth, budget, elided);
}

// Base64 JSON object (Didomi, Ketch). On failure returns false with `error`.
bool base64_json(std::string_view what, std::string_view v, std::string& decoded,
                 detail::json_doc& doc, std::string& error) {
  std::size_t bad = 0;
  if (!detail::base64_decode(v, decoded, bad)) {
    error = fmt::format("{}: offset {}: '{}' is not a base64 character", what, bad, v[bad]);
    return false;
  }
  if (decoded.empty()) {
    error = fmt::format("{}: the base64 decodes to nothing", what);
    return false;
  }
  std::string why;
  if (!detail::parse_json(decoded, doc, why)) {
    error = fmt::format("{}: the base64-decoded payload ({} bytes) is not JSON: {}", what,
                        decoded.size(), why);
    return false;
  }
  if (!doc.root.is_object()) {
    error = fmt::format("{}: the decoded JSON is not an object", what);
    return false;
  }
  return true;
}

// {"enabled":[...],"disabled":[...]} with string ids.
node enabled_disabled(dom::element el, std::vector<std::string>& enabled,
                      std::vector<std::string>& disabled, std::vector<std::string>& notes,
                      std::string_view field) {
  if (!el.is_object()) {
    notes.push_back(fmt::format("{}: not an object", field));
    return display(el);
  }
  node o = node::object();
  for (const auto m : dom::object(el)) {
    const bool on = m.key == "enabled";
    const bool off = m.key == "disabled";
    if ((on || off) && m.value.is_array()) {
      node arr = node::array();
      for (const auto item : dom::array(m.value)) {
        std::string id = detail::json_scalar_text(item);
        (on ? enabled : disabled).push_back(id);
        arr.items.push_back(detail::json_scalar_node(item));
      }
      o.add(std::string(m.key), std::move(arr));
    } else {
      o.add(std::string(m.key), display(m.value), "not in the documented structure", true);
    }
  }
  return o;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "none" : out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// A Ketch purpose name (canonical purpose or purpose code) -> purpose.
// Only "analytics" is documented; the other rules read the name [uncertain].
std::optional<purpose> ketch_purpose(std::string_view name, bool& by_name) {
  const std::string n = lower(name);
  by_name = true;
  if (n == "analytics") {
    by_name = false;
    return purpose::analytics;
  }
  const auto has = [&](std::string_view w) { return n.find(w) != std::string::npos; };
  if (has("advertis") || has("marketing") || has("targeted")) return purpose::advertising;
  if (has("sale") || has("sell") || has("sharing")) return purpose::sale_share;
  if (has("analytic") || has("measurement")) return purpose::analytics;
  if (has("personali") || has("functional")) return purpose::functional;
  if (has("essential") || has("necessary")) return purpose::necessary;
  return std::nullopt;
}

// iubenda purpose ids (B.7).
struct iub_purpose {
  std::string_view id;
  std::string_view name;
  purpose p;
};
constexpr std::array<iub_purpose, 5> k_iub_purposes = {{
    {"1", "necessary", purpose::necessary},
    {"2", "functionality", purpose::functional},
    {"3", "experience", purpose::functional},
    {"4", "measurement", purpose::analytics},
    {"5", "marketing", purpose::advertising},
}};

}  // namespace

signal decode_didomi(std::string_view didomi_token) {
  signal s = detail::start("didomi", didomi_token);
  std::string_view name;
  const std::string_view v = detail::strip_name(s.input, {"didomi_token", "didomi_dcs"}, &name);
  if (v.empty()) return fail(std::move(s), "didomi: empty value");
  if (name == "didomi_dcs") {
    s.notes.emplace_back("didomi_dcs (Didomi Consent String) is not decoded by this version");
    return fail(std::move(s),
                "didomi_dcs: the Didomi Consent String is not decoded by this version");
  }
  std::string decoded;
  detail::json_doc doc;
  std::string error;
  if (!base64_json("didomi_token", v, decoded, doc, error)) {
    s.notes.emplace_back(
        "if this is a didomi_dcs value (binary Didomi Consent String), it is not decoded by this "
        "version");
    return fail(std::move(s), std::move(error));
  }
  auto& f = s.fields;
  auto& sum = s.sum;
  std::vector<std::string> p_on, p_off, v_on, v_off, pli_on, pli_off, vli_on, vli_off;
  for (const auto m : dom::object(doc.root)) {
    const std::string_view key = m.key;
    if (key == "user_id" || key == "created" || key == "updated" || key == "version") {
      std::string meaning;
      if (key == "user_id") {
        meaning = "Didomi user id";
        sum.consent_id = detail::json_scalar_text(m.value);
      } else if (const auto t = detail::iso_to_rfc3339(detail::json_scalar_text(m.value))) {
        meaning = *t;
        if (key == "updated") sum.choice_time = *t;
      }
      f.add(std::string(key), detail::json_scalar_node(m.value), std::move(meaning));
    } else if (key == "purposes") {
      f.add("purposes", enabled_disabled(m.value, p_on, p_off, s.notes, key),
            "purposes consented (enabled) and refused (disabled)");
    } else if (key == "vendors") {
      f.add("vendors", enabled_disabled(m.value, v_on, v_off, s.notes, key),
            "vendors (prefixes iab:, didomi:, c: custom)");
    } else if (key == "purposes_li") {
      f.add("purposes_li", enabled_disabled(m.value, pli_on, pli_off, s.notes, key),
            "purposes under legitimate interest");
    } else if (key == "vendors_li") {
      f.add("vendors_li", enabled_disabled(m.value, vli_on, vli_off, s.notes, key),
            "vendors under legitimate interest");
    } else {
      f.add(detail::snake_case(key), display(m.value), "not in the documented token", true);
    }
  }
  if (f.members.empty())
    return fail(std::move(s), "didomi_token: the decoded JSON object is empty");
  if (!sum.choice_time.empty()) {
    sum.notes.emplace_back("choice_time from updated (the token's last change)");
  }
  sum.notes.push_back(fmt::format(
      "Didomi purpose ids are site-configured strings and are not mapped to harfact purposes "
      "(enabled: {}; disabled: {})",
      join(p_on), join(p_off)));
  s.ok = true;
  return s;
}

signal decode_ketch(std::string_view ketch_consent) {
  signal s = detail::start("ketch", ketch_consent);
  const std::string_view v = detail::strip_name(s.input, {"_ketch_consent_v1_"});
  if (v.empty()) return fail(std::move(s), "_ketch_consent_v1_: empty value");
  std::string decoded;
  detail::json_doc doc;
  std::string error;
  if (!base64_json("_ketch_consent_v1_", v, decoded, doc, error)) {
    return fail(std::move(s), std::move(error));
  }
  auto& sum = s.sum;
  detail::purpose_votes votes;
  node arr = node::array();
  bool by_name_used = false;
  for (const auto m : dom::object(doc.root)) {
    node o = node::object();
    o.add("purpose_code", node::string(std::string(m.key)));
    if (!m.value.is_object()) {
      o.add("value", display(m.value), "not {status, canonicalPurposes}", true);
      arr.items.push_back(std::move(o));
      continue;
    }
    const auto status = detail::json_string(m.value, "status");
    grant g = grant::unknown;
    if (status && (*status == "granted" || *status == "denied")) {
      g = *status == "granted" ? grant::granted : grant::denied;
      o.add("status", node::string(std::string(*status)));
    } else if (const auto st = detail::json_member(m.value, "status")) {
      o.add("status", display(*st), "not granted/denied", true);
    }
    std::vector<std::string> canonical;
    if (const auto cp = detail::json_member(m.value, "canonicalPurposes")) {
      if (cp->is_array()) {
        node list = node::array();
        for (const auto c : dom::array(*cp)) {
          canonical.push_back(detail::json_scalar_text(c));
          list.items.push_back(detail::json_scalar_node(c));
        }
        o.add("canonical_purposes", std::move(list));
      } else {
        o.add("canonical_purposes", display(*cp), "not an array", true);
      }
    }
    for (const auto mm : dom::object(m.value)) {
      if (mm.key != "status" && mm.key != "canonicalPurposes") {
        o.add(detail::snake_case(mm.key), display(mm.value), "not in the documented structure",
              true);
      }
    }
    // Canonical purposes when present, else the purpose code itself.
    std::vector<std::pair<std::string, bool>> names;  // name, is canonical
    for (const auto& c : canonical) names.emplace_back(c, true);
    if (names.empty()) names.emplace_back(std::string(m.key), false);
    for (const auto& [n, canon] : names) {
      bool by_name = false;
      const auto p = ketch_purpose(n, by_name);
      if (!p) continue;
      by_name_used = by_name_used || by_name || !canon;
      votes.add(*p, g,
                fmt::format("ketch {} ({} {}){}", m.key, canon ? "canonical" : "code", n,
                            by_name || !canon ? " [uncertain: by name]" : ""));
    }
    arr.items.push_back(std::move(o));
  }
  if (arr.items.empty()) return fail(std::move(s), "_ketch_consent_v1_: no purposes");
  s.fields.add("purposes", std::move(arr), "per purpose code: status and canonical purposes");
  votes.apply(sum);
  if (by_name_used) {
    sum.notes.emplace_back(
        "only the canonical purpose 'analytics' is documented; other purposes are mapped by "
        "their names [uncertain]");
  }
  sum.notes.emplace_back(
      "Ketch 'granted' can be a jurisdiction default for a visitor who has not interacted: "
      "state, not affirmative consent; interacted unknown");
  s.ok = true;
  return s;
}

signal decode_iubenda(std::string_view iub_cs) {
  signal s = detail::start("iubenda", iub_cs);
  std::string_view v = s.input;
  std::string cookie_name;
  if (v.substr(0, 8) == "_iub_cs-") {
    const std::size_t eq = v.find('=');
    if (eq == std::string_view::npos)
      return fail(std::move(s), "iubenda: no '=' after the cookie name");
    cookie_name = std::string(v.substr(0, eq));
    v = detail::trim(v.substr(eq + 1));
  }
  if (v.empty()) return fail(std::move(s), "iubenda: empty value");
  detail::json_doc doc;
  std::string error;
  if (!detail::parse_json(v, doc, error)) {
    return fail(std::move(s), "iubenda: value is not JSON: " + error);
  }
  if (!doc.root.is_object()) return fail(std::move(s), "iubenda: value is not a JSON object");
  auto& f = s.fields;
  auto& sum = s.sum;
  if (!cookie_name.empty()) f.add("cookie_name", node::string(cookie_name));

  // The US add-on cookie (-uspr): {"s":..,"sh":..,"adv":..}, polarity uncertain.
  bool uspr = cookie_name.size() > 5 && cookie_name.substr(cookie_name.size() - 5) == "-uspr";
  if (cookie_name.empty()) {
    bool only_uspr_keys = true;
    std::size_t n = 0;
    for (const auto m : dom::object(doc.root)) {
      ++n;
      if (m.key != "s" && m.key != "sh" && m.key != "adv") only_uspr_keys = false;
    }
    uspr = n > 0 && only_uspr_keys;
  }
  if (uspr) {
    for (const auto m : dom::object(doc.root)) {
      const std::string_view meaning = m.key == "s"     ? "likely sale allowed"
                                       : m.key == "sh"  ? "likely sharing allowed"
                                       : m.key == "adv" ? "likely advertising allowed"
                                                        : "not in the documented -uspr cookie";
      f.add(std::string(m.key), display(m.value), std::string(meaning), true);
    }
    sum.notes.emplace_back(
        "iubenda -uspr flags s/sh/adv: polarity [uncertain] (likely 'allowed'); not used in the "
        "summary");
    s.ok = true;
    return s;
  }

  detail::purpose_votes votes;
  bool known = false;
  for (const auto m : dom::object(doc.root)) {
    const std::string_view key = m.key;
    if (key == "timestamp") {
      known = true;
      const auto t = detail::iso_to_rfc3339(detail::json_scalar_text(m.value));
      f.add("timestamp", detail::json_scalar_node(m.value),
            t ? "consent time: " + *t : std::string("not an ISO 8601 date-time"), !t);
      if (t) {
        sum.choice_time = *t;
        sum.notes.emplace_back("choice_time from timestamp");
      }
    } else if (key == "version") {
      f.add("version", detail::json_scalar_node(m.value), "iubenda version");
    } else if (key == "id") {
      f.add("id", detail::json_scalar_node(m.value), "cookie policy id");
    } else if (key == "consent") {
      known = true;
      f.add("consent", detail::json_scalar_node(m.value),
            "older single consent flag; not mapped to purposes");
    } else if (key == "purposes" && m.value.is_object()) {
      known = true;
      node arr = node::array();
      for (const auto p : dom::object(m.value)) {
        node o = node::object();
        const auto id = detail::parse_int(p.key);
        o.add("id", id ? node::integer(*id) : node::string(std::string(p.key)));
        const iub_purpose* ip = nullptr;
        for (const auto& k : k_iub_purposes) {
          if (k.id == p.key) ip = &k;
        }
        bool on = false;
        if (p.value.get_bool().get(on) == simdjson::SUCCESS) {
          o.add("granted", node::boolean(on),
                ip ? fmt::format("{} -> {}", ip->name, purpose_name(ip->p))
                   : std::string("purpose id not documented"),
                ip == nullptr);
          if (ip)
            votes.add(ip->p, detail::grant_of(on),
                      fmt::format("purposes {} ({})", ip->id, ip->name));
        } else {
          o.add("granted", display(p.value), "not true/false", true);
        }
        arr.items.push_back(std::move(o));
      }
      f.add("purposes", std::move(arr), "per purpose id: consented or not");
    } else {
      f.add(detail::snake_case(key), display(m.value),
            key == "cons" ? "" : "not in the documented cookie", key != "cons");
    }
  }
  if (!known) {
    return fail(std::move(s), "iubenda: no timestamp, purposes or consent member");
  }
  votes.apply(sum);
  sum.notes.emplace_back(
      "iubenda purposes: 1 necessary, 2 functionality and 3 experience -> functional, 4 "
      "measurement -> analytics, 5 marketing -> advertising; a purpose missing is unknown");
  s.ok = true;
  return s;
}

signal decode_usercentrics(std::string_view value) {
  signal s = detail::start("usercentrics", value);
  std::string_view name;
  const std::string_view v =
      detail::strip_name(s.input, {"uc_settings", "uc_user_interaction"}, &name);
  if (v.empty()) return fail(std::move(s), "usercentrics: empty value");
  const char* const local_only =
      "Usercentrics keeps its state in localStorage (uc_settings, uc_user_interaction): not "
      "observable in a HAR unless copied into a cookie or a request";
  if (name == "uc_user_interaction") {
    const auto b = detail::parse_bool(v);
    if (!b) return fail(std::move(s), "uc_user_interaction: not true/false");
    s.fields.add("uc_user_interaction", node::boolean(*b), "the visitor interacted with the CMP");
    s.sum.interacted = *b;
    s.ok = true;
    return s;
  }
  detail::json_doc doc;
  std::string error;
  if (!detail::parse_json(v, doc, error)) {
    s.notes.emplace_back(local_only);
    return fail(std::move(s), "usercentrics: not uc_settings JSON: " + error);
  }
  if (!doc.root.is_object()) {
    s.notes.emplace_back(local_only);
    return fail(std::move(s), "usercentrics: not a JSON object (uc_settings is one)");
  }
  auto& f = s.fields;
  std::size_t on = 0;
  std::size_t off = 0;
  bool services = false;
  for (const auto m : dom::object(doc.root)) {
    const std::string_view key = m.key;
    const bool doc_key =
        key == "controllerId" || key == "id" || key == "language" || key == "version";
    if (key == "services" && m.value.is_array()) {
      services = true;
      node arr = node::array();
      for (const auto svc : dom::array(m.value)) {
        if (!svc.is_object()) {
          arr.items.push_back(display(svc));
          continue;
        }
        node o = node::object();
        for (const auto sm : dom::object(svc)) {
          const bool known = sm.key == "id" || sm.key == "processorId" || sm.key == "status" ||
                             sm.key == "history";
          std::string meaning;
          if (sm.key == "status") {
            bool b = false;
            if (sm.value.get_bool().get(b) == simdjson::SUCCESS) {
              (b ? on : off) += 1;
              meaning = b ? "service consented" : "service not consented";
            }
          }
          if (sm.key == "history") meaning = "consent history; type/action values [uncertain]";
          o.add(detail::snake_case(sm.key), display(sm.value), std::move(meaning),
                !known || sm.key == "history");
        }
        arr.items.push_back(std::move(o));
      }
      f.add("services", std::move(arr), "per service (vendor), not per category");
    } else {
      f.add(detail::snake_case(key), display(m.value),
            doc_key ? "" : "not in the documented uc_settings", !doc_key);
    }
  }
  if (!services && f.find("controller_id") == nullptr) {
    s.notes.emplace_back(local_only);
    return fail(std::move(s), "usercentrics: no services or controllerId (not uc_settings)");
  }
  s.sum.notes.push_back(fmt::format(
      "uc_settings records consent per service ({} consented, {} not), not per category; "
      "purposes left unknown",
      on, off));
  s.ok = true;
  return s;
}

}  // namespace harfact::consent
