// CMP cookies in name=value form or opaque: TrustArc (signals.md B.3),
// Sourcepoint (B.10), Osano (B.6) and Termly (B.7). The JSON-in-cookie CMPs
// (Didomi, Ketch, iubenda, Usercentrics) are in cmp_json_cookies.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "consent/cmp_common.hpp"
#include "harfact/consent/signal.hpp"

namespace harfact::consent {

namespace {

using detail::fail;

// TrustArc categories by index (0-based in notice_gdpr_prefs and
// notice_preferences, 1-based levels in cmapi_cookie_privacy) [uncertain].
constexpr std::array<purpose, 3> k_trustarc_purposes = {purpose::necessary, purpose::functional,
                                                        purpose::advertising};
constexpr std::array<std::string_view, 3> k_trustarc_names = {"required", "functional",
                                                              "advertising"};

// "0,1,2" / "0|1|2" / " 1 2 3" / "_1|2|3" -> integers; nullopt on a non-integer token.
std::optional<std::vector<std::int64_t>> index_list(std::string_view text) {
  std::vector<std::int64_t> out;
  std::size_t i = 0;
  while (i <= text.size()) {
    std::size_t sep = text.find_first_of(",| _", i);
    if (sep == std::string_view::npos) sep = text.size();
    const std::string_view tok = text.substr(i, sep - i);
    i = sep + 1;
    if (tok.empty() || tok == "required") continue;
    const auto v = detail::parse_int(tok);
    if (!v || *v < 0) return std::nullopt;
    out.push_back(*v);
  }
  return out;
}

// Votes for the three TrustArc categories from a set of granted indices.
void trustarc_votes(detail::purpose_votes& votes, const std::vector<std::int64_t>& granted,
                    std::int64_t base, std::string_view cookie, std::vector<std::string>& notes) {
  for (std::size_t k = 0; k < k_trustarc_purposes.size(); ++k) {
    const std::int64_t idx = static_cast<std::int64_t>(k) + base;
    const bool on = std::find(granted.begin(), granted.end(), idx) != granted.end();
    votes.add(k_trustarc_purposes[k], detail::grant_of(on),
              fmt::format("{} {} ({}) [uncertain mapping]", cookie, idx, k_trustarc_names[k]));
  }
  for (const std::int64_t g : granted) {
    if (g < base || g >= base + static_cast<std::int64_t>(k_trustarc_purposes.size())) {
      notes.push_back(fmt::format("{}: category {} is not mapped", cookie, g));
    }
  }
}

std::string_view guess_trustarc_name(std::string_view v) {
  if (v.substr(0, 6) == "permit") return "cmapi_cookie_privacy";
  const std::size_t colon = v.find(':');
  if (colon != std::string_view::npos && colon > 0) {
    const auto list = index_list(v.substr(0, colon));
    if (list && list->size() > 1) return "notice_gdpr_prefs";
    if (list && list->size() == 1 && list->front() == 0) return "notice_gdpr_prefs";
    return {};
  }
  const std::size_t comma = v.find(',');
  if (comma != std::string_view::npos && comma > 0) {
    bool letters = true;
    for (const char c : v) {
      if (!((c >= 'a' && c <= 'z') || c == ',' || c == '_')) letters = false;
    }
    if (letters) return "notice_behavior";
  }
  return {};
}

bool looks_uuid(std::string_view v) {
  if (v.size() != 36) return false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (std::isxdigit(static_cast<unsigned char>(c)) == 0) {
      return false;
    }
  }
  return true;
}

}  // namespace

signal decode_trustarc(std::string_view cookie_pair) {
  signal s = detail::start("trustarc", cookie_pair);
  if (s.input.empty()) return fail(std::move(s), "trustarc: empty value");
  auto pairs = detail::cookie_pairs(s.input);
  auto& f = s.fields;
  auto& sum = s.sum;
  detail::purpose_votes votes;
  bool any = false;
  bool mapped = false;
  for (auto& [name, value] : pairs) {
    if (name.empty()) {
      const std::string_view guess = guess_trustarc_name(value);
      if (guess.empty()) {
        return fail(std::move(s),
                    fmt::format("trustarc: bare value '{}' does not tell which cookie it is; pass "
                                "name=value (notice_gdpr_prefs=..., cmapi_cookie_privacy=...)",
                                value));
      }
      name = std::string(guess);
      s.notes.push_back(
          fmt::format("cookie name not given; '{}' read as {} by its shape", value, name));
    }
    if (f.find(name) != nullptr) {
      s.notes.push_back(fmt::format("trustarc: cookie '{}' repeated; first kept", name));
      continue;
    }
    const std::string_view v = value;
    if (name == "notice_gdpr_prefs" || name == "notice_preferences") {
      const std::size_t colon = v.find(':');
      const std::string_view list = v.substr(0, colon);
      const auto indices = index_list(list);
      if (!indices || (name == "notice_preferences" && indices->size() != 1)) {
        return fail(std::move(s),
                    fmt::format("{}: '{}' is not {}", name, v,
                                name == "notice_preferences" ? "<level>:" : "<index,...>:"));
      }
      node o = node::object();
      if (name == "notice_gdpr_prefs") {
        o.add("indices", node::int_set(*indices),
              "consented categories: 0 required, 1 functional, 2 advertising", true);
        trustarc_votes(votes, *indices, 0, name, s.notes);
      } else {
        const std::int64_t level = indices->front();
        o.add("level", node::integer(level),
              "highest consented category: 0 required, 1 functional, 2 advertising", true);
        std::vector<std::int64_t> upto;
        for (std::int64_t k = 0; k <= level && k < 3; ++k) upto.push_back(k);
        if (level > 2) {
          s.notes.push_back(
              fmt::format("notice_preferences: level {} is above 2; read as 2", level));
        }
        trustarc_votes(votes, upto, 0, name, s.notes);
      }
      if (colon == std::string_view::npos) {
        s.notes.push_back(fmt::format("{}: no ':' after the categories", name));
      } else if (colon + 1 < v.size()) {
        o.add("hash", node::string(std::string(v.substr(colon + 1))), "text after ':'");
      }
      f.add(name, std::move(o));
      any = mapped = true;
    } else if (name == "cmapi_cookie_privacy") {
      if (v.substr(0, 6) != "permit") {
        return fail(std::move(s),
                    fmt::format("cmapi_cookie_privacy: '{}' does not start with 'permit'", v));
      }
      const auto levels = index_list(v.substr(6));
      if (!levels) {
        return fail(std::move(s),
                    fmt::format("cmapi_cookie_privacy: '{}' is not 'permit <levels>'", v));
      }
      node o = node::object();
      o.add("levels", node::int_set(*levels),
            "permitted levels: 1 required, 2 functional, 3 advertising", true);
      trustarc_votes(votes, *levels, 1, name, s.notes);
      f.add(name, std::move(o));
      any = mapped = true;
    } else if (name == "notice_behavior") {
      const std::size_t comma = v.find(',');
      node o = node::object();
      o.add("mode", node::string(std::string(v.substr(0, comma))),
            "implied / expressed / ... (list not verified)", true);
      if (comma != std::string_view::npos) {
        o.add("region", node::string(std::string(v.substr(comma + 1))), "TrustArc region", true);
      }
      f.add(name, std::move(o));
      any = true;
    } else if (name == "cmapi_gtm_bl") {
      node arr = node::array();
      std::size_t i = 0;
      while (i <= v.size()) {
        std::size_t dash = v.find('-', i);
        if (dash == std::string_view::npos) dash = v.size();
        if (dash > i) arr.items.push_back(node::string(std::string(v.substr(i, dash - i))));
        i = dash + 1;
      }
      std::string meaning = arr.items.empty()
                                ? "nothing blocked"
                                : "GTM tag types blocked for non-consented categories";
      f.add(name, std::move(arr), std::move(meaning));
      any = true;
    } else if (name == "gpcishonored") {
      const auto b = detail::parse_bool(v);
      f.add(name, b ? node::boolean(*b) : node::string(std::string(v)),
            b ? "GPC honoured flag" : "not true/false", !b);
      if (b && *b) {
        sum.gpc = true;
        sum.notes.emplace_back("gpc inferred from gpcishonored=true (TrustArc honoured GPC)");
      }
      any = true;
    } else if (name == "TAsessionID" || name == "notice_poptime") {
      f.add(name == "TAsessionID" ? "ta_session_id" : name, node::string(std::string(v)));
      any = true;
    } else {
      f.add(name, node::string(std::string(v)), "not a documented TrustArc cookie", true);
    }
  }
  if (!any) {
    return fail(std::move(s),
                "trustarc: no TrustArc cookie (notice_gdpr_prefs, notice_preferences, "
                "cmapi_cookie_privacy, notice_behavior, cmapi_gtm_bl, gpcishonored)");
  }
  votes.apply(sum);
  if (mapped) {
    sum.notes.emplace_back(
        "TrustArc categories mapped as 0 required, 1 functional, 2 advertising "
        "(cmapi_cookie_privacy levels 1, 2, 3) [uncertain: community descriptions, consistent "
        "across samples]");
  }
  s.ok = true;
  return s;
}

signal decode_sourcepoint(std::string_view cookie_pair) {
  signal s = detail::start("sourcepoint", cookie_pair);
  if (s.input.empty()) return fail(std::move(s), "sourcepoint: empty value");
  auto& f = s.fields;
  auto& sum = s.sum;
  bool any = false;
  for (const auto& pair : detail::cookie_pairs(s.input)) {
    // Not a structured binding: clang-14 (the fuzz build) cannot capture one.
    const auto& name = pair.first;
    const auto& v = pair.second;
    if (name.empty()) {
      return fail(std::move(s), fmt::format("sourcepoint: '{}' has no cookie name; pass name=value "
                                            "(consentUUID=..., ccpaApplies=...)",
                                            v));
    }
    const std::string key = detail::snake_case(name);
    if (f.find(key) != nullptr) {
      s.notes.push_back(fmt::format("sourcepoint: cookie '{}' repeated; first kept", name));
      continue;
    }
    const auto flag = [&](std::string meaning) {
      const auto b = detail::parse_bool(v);
      f.add(key, b ? node::boolean(*b) : node::string(v), std::move(meaning), true);
      return b;
    };
    if (name == "consentUUID") {
      f.add(key, node::string(v), "consent record id (<uuid>_<n>)");
      sum.consent_id = v;
      any = true;
    } else if (name == "consentDate") {
      const auto t = detail::iso_to_rfc3339(v);
      f.add(key, node::string(v), t ? *t : std::string("not an ISO 8601 date-time"), !t);
      if (t) {
        sum.choice_time = *t;
        sum.notes.emplace_back(
            "choice_time from consentDate (an observed cookie; semantics not documented) "
            "[uncertain]");
      }
      any = true;
    } else if (name == "ccpaApplies") {
      const auto b = flag("a CCPA campaign applied (observed; semantics uncertain)");
      if (b && *b) {
        sum.notes.emplace_back(
            "ccpaApplies=true: Sourcepoint applied a CCPA campaign (not by itself proof of "
            "California)");
      }
      any = true;
    } else if (name == "dnsDisplayed") {
      flag("the Do-Not-Sell message was shown (observed; semantics uncertain)");
      any = true;
    } else if (name == "signedLspa") {
      flag("LSPA signatory flag (observed; semantics uncertain)");
      any = true;
    } else if (name == "usnatUUID" || name == "ccpaUUID") {
      f.add(key, node::string(v),
            name == "usnatUUID" ? "US national campaign record id" : "CCPA campaign record id");
      any = true;
    } else if (name == "_sp_su" || name == "_sp_krux" || name.rfind("_sp_v1_", 0) == 0) {
      f.add(key, node::string(v), "observed Sourcepoint cookie; format not documented", true);
      any = true;
    } else {
      f.add(key, node::string(v), "not a documented Sourcepoint cookie", true);
    }
  }
  if (!any) {
    return fail(std::move(s),
                "sourcepoint: no Sourcepoint cookie (consentUUID, consentDate, ccpaApplies, "
                "dnsDisplayed, usnatUUID, ccpaUUID, signedLspa, _sp_*)");
  }
  sum.notes.emplace_back(
      "Sourcepoint keeps the consent itself in localStorage (_sp_user_consent_*); the cookies "
      "do not give purposes");
  s.ok = true;
  return s;
}

signal decode_osano(std::string_view value) {
  signal s = detail::start("osano", value);
  std::string_view name;
  const std::string_view v =
      detail::strip_name(s.input, {"osano_consentmanager_uuid", "osano_consentmanager"}, &name);
  if (v.empty()) return fail(std::move(s), "osano: empty value");
  if (name == "osano_consentmanager_uuid" || (name.empty() && looks_uuid(v))) {
    s.fields.add("osano_consentmanager_uuid", node::string(std::string(v)),
                 "Osano consent record UUID");
    s.sum.consent_id = std::string(v);
    s.ok = true;
    return s;
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    const bool b64 = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '/' ||
                     c == '-' || c == '_' || c == '=';
    if (!b64) {
      return fail(std::move(s),
                  fmt::format("osano_consentmanager: offset {}: not a base64url blob", i));
    }
  }
  s.fields.add("osano_consentmanager", node::string(std::string(v)),
               "opaque base64url blob; not decodable offline", true);
  s.notes.emplace_back(
      "osano_consentmanager is opaque and not decodable offline; use GPP/USP strings, the "
      "Sec-GPC header and vendor hit flags");
  s.ok = true;
  return s;
}

signal decode_termly(std::string_view value) {
  signal s = detail::start("termly", value);
  if (s.input.empty()) return fail(std::move(s), "termly: empty value");
  s.fields.add("value", node::string(s.input), "Termly cookie format not documented", true);
  s.notes.emplace_back(
      "Termly cookie format is not documented [uncertain]; not decoded (Termly keeps state in "
      "localStorage TERMLY_API_CACHE, not observable in a HAR)");
  s.ok = true;
  return s;
}

}  // namespace harfact::consent
