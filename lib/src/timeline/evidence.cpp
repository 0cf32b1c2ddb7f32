#include "timeline/evidence.hpp"

#include <array>

#include "core/ascii.hpp"
#include "decode/generic.hpp"
#include "harfact/net/url.hpp"
#include "sig/url_query.hpp"

namespace harfact::timeline::detail {

namespace {

struct cookie_kind {
  std::string_view name;
  std::string_view kind;
  bool pair;
  bool prefix;
};

// Consent cookies (signals.md Part B) and the decoder that reads each.
constexpr std::array<cookie_kind, 27> k_cookies{{
    {"OptanonConsent", "onetrust", false, false},
    {"OptanonAlertBoxClosed", "onetrust_closed", false, false},
    {"OTGPPConsent", "gpp", false, false},
    {"__gpp", "gpp", false, false},
    {"usprivacy", "usp", false, false},
    {"us_privacy", "usp", false, false},
    {"euconsent-v2", "tcf", false, false},
    {"eupubconsent-v2", "tcf", false, false},
    {"CookieConsent", "cookiebot", false, false},
    {"notice_gdpr_prefs", "trustarc", true, false},
    {"notice_preferences", "trustarc", true, false},
    {"cmapi_cookie_privacy", "trustarc", true, false},
    {"notice_behavior", "trustarc", true, false},
    {"cmapi_gtm_bl", "trustarc", true, false},
    {"gpcishonored", "trustarc", true, false},
    {"didomi_token", "didomi", false, false},
    {"_ketch_consent_v1_", "ketch", false, false},
    {"_iub_cs-", "iubenda", true, true},
    {"osano_consentmanager", "osano", false, false},
    {"uc_settings", "usercentrics", false, false},
    {"consentUUID", "sourcepoint", true, false},
    {"consentDate", "sourcepoint", true, false},
    {"ccpaApplies", "sourcepoint", true, false},
    {"dnsDisplayed", "sourcepoint", true, false},
    {"usnatUUID", "sourcepoint", true, false},
    {"signedLspa", "sourcepoint", true, false},
    {"_clck", "clarity_clck", false, false},
}};

// Query parameters that carry consent state on tracker hits (signals.md B.11-B.18).
constexpr std::array<std::string_view, 19> k_in_band{
    "gcs",    "gcd",    "npa",     "rdp",    "dma",   "gdpr",   "gdpr_consent",
    "us_privacy", "gpp", "gpp_sid", "dpo",   "dpoco", "dpost",  "asc",
    "optOut", "opt_out", "dc_lat", "tfua",  "tag_for_child_directed_treatment"};

// Which in-band parameters are decoded as signals, and by which decoder.
std::string_view in_band_kind(std::string_view name) noexcept {
  if (name == "gcs") return "gcs";
  if (name == "gcd") return "gcd";
  if (name == "gdpr_consent") return "tcf";
  if (name == "us_privacy") return "usp";
  if (name == "gpp") return "gpp";
  return {};
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool might_carry_in_band(std::string_view query) noexcept {
  for (std::string_view key : {"gc", "npa=", "rdp=", "dma=", "gdpr", "us_privacy=", "gpp", "dpo",
                               "asc=", "ptOut=", "opt_out=", "dc_lat=", "tfua=", "tag_for_child"}) {
    if (query.find(key) != std::string_view::npos) return true;
  }
  return false;
}

bool ends_with(std::string_view s, std::string_view suffix) noexcept {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool host_is(std::string_view host, std::string_view domain) noexcept {
  return host == domain || (host.size() > domain.size() && ends_with(host, domain) &&
                            host[host.size() - domain.size() - 1] == '.');
}

std::string body_text(har::entry& e, const har::text& body, const har::text& encoding) {
  std::string text(e.str(body));
  if (harfact::detail::iequals_ascii(e.str(encoding), "base64")) {
    std::string raw;
    if (decode::detail::base64_decode(text, raw)) return raw;
  }
  return text;
}

}  // namespace

std::string_view consent_cookie_kind(std::string_view name, bool* pair) noexcept {
  for (const auto& c : k_cookies) {
    const bool hit = c.prefix ? name.substr(0, c.name.size()) == c.name && name.size() > c.name.size()
                              : name == c.name;
    if (hit) {
      if (pair != nullptr) *pair = c.pair;
      return c.kind;
    }
  }
  return {};
}

void collector::observe(const entry_fact& f, std::string carrier, std::string name,
                        std::string_view kind, std::string_view value) {
  std::string key = carrier;
  key += '\0';
  key += name;
  auto it = last_.find(key);
  const bool first = it == last_.end();
  if (!first && it->second == value) return;
  if (first) {
    last_.emplace(std::move(key), std::string(value));
  } else {
    it->second = std::string(value);
  }
  auto decoded = consent::decode(kind, value);
  if (!decoded) return;
  observed_signal s;
  s.entry = f.index;
  s.time = f.time;
  s.carrier = std::move(carrier);
  s.name = std::move(name);
  s.host = f.host;
  s.decoded = std::move(*decoded);
  s.first = first;
  signals.push_back(std::move(s));
}

void collector::cookies_of(har::entry& e, entry_fact& f) {
  auto take = [&](std::string_view name, std::string_view value) {
    bool pair = false;
    const std::string_view kind = consent_cookie_kind(name, &pair);
    if (kind.empty()) return;
    for (const auto& [n, v] : f.consent_cookies) {
      if (n == name) return;  // first occurrence wins, as in browsers' order
    }
    f.consent_cookies.emplace_back(std::string(name), std::string(value));
    std::string input = pair ? std::string(name) + "=" + std::string(value) : std::string(value);
    observe(f, "request cookie", std::string(name), kind, input);
  };
  bool header = false;
  for (const auto& h : e.request.headers) {
    if (!harfact::detail::iequals_ascii(e.str(h.name), "cookie")) continue;
    header = true;
    std::string_view rest = e.str(h.value);
    while (!rest.empty()) {
      const std::size_t semi = rest.find(';');
      const std::string_view part = trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      const std::size_t eq = part.find('=');
      if (eq == std::string_view::npos) continue;
      std::string_view value = trim(part.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      take(trim(part.substr(0, eq)), value);
    }
  }
  // Exporters that write only the parsed cookies array (or after the header).
  if (!header) {
    for (auto& c : e.request.cookies) take(e.str(c.name), e.str(c.value));
  }
}

void collector::set_cookies_of(har::entry& e, const entry_fact& f) {
  for (const auto& h : e.response.headers) {
    if (!harfact::detail::iequals_ascii(e.str(h.name), "set-cookie")) continue;
    // Some exporters fold several Set-Cookie headers into one, newline-separated.
    std::string_view rest = e.str(h.value);
    while (!rest.empty()) {
      const std::size_t nl = rest.find('\n');
      const std::string_view line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      const std::string_view first = line.substr(0, line.find(';'));
      const std::size_t eq = first.find('=');
      if (eq == std::string_view::npos) continue;
      const std::string_view name = trim(first.substr(0, eq));
      bool pair = false;
      const std::string_view kind = consent_cookie_kind(name, &pair);
      if (kind.empty()) continue;
      const std::string_view value = trim(first.substr(eq + 1));
      std::string input = pair ? std::string(name) + "=" + std::string(value) : std::string(value);
      observe(f, "set-cookie", std::string(name), kind, input);
    }
  }
}

void collector::endpoints_of(har::entry& e, const entry_fact& f) {
  const auto parts = net::split_url(f.url);
  if (!parts) return;
  const std::string_view path = parts->path;
  const std::string_view host = f.host;
  if (host_is(host, "geolocation.onetrust.com") && path.find("/geo/location") != std::string_view::npos) {
    const std::string body = body_text(e, e.response.content.body, e.response.content.encoding);
    if (!body.empty()) observe(f, "response body", "geolocation", "onetrust_geo", body);
  } else if ((host_is(host, "cookielaw.org") || host_is(host, "onetrust.com") ||
              host == "optanon.blob.core.windows.net") &&
             path.substr(0, 9) == "/consent/" && ends_with(path, ".json")) {
    const std::string body = body_text(e, e.response.content.body, e.response.content.encoding);
    if (!body.empty()) observe(f, "response body", std::string(path), "onetrust_config", body);
  } else if (host.substr(0, 13) == "privacyportal" && host_is(host, "onetrust.com") &&
             path.find("/consentreceipts") != std::string_view::npos) {
    const std::string body = body_text(e, e.request.post.body, e.request.post.encoding);
    // Every receipt is a logged choice: never deduplicated by value.
    last_.erase(std::string("request body") + '\0' + "consentreceipts");
    observe(f, "request body", "consentreceipts", "onetrust_receipt", body);
  } else if ((host_is(host, "cookiebot.com") || host_is(host, "cookiebot.eu")) &&
             ends_with(path, "logconsent.ashx")) {
    last_.erase(std::string("url") + '\0' + "logconsent.ashx");
    observe(f, "url", "logconsent.ashx", "cookiebot_log", f.url);
  }
}

void collector::on_entry(har::entry& e, std::size_t page) {
  // Entries the reader skipped (malformed) keep their index as empty facts,
  // so that facts[i] is always entry i.
  while (entries.size() < e.index) {
    entry_fact skipped;
    skipped.index = entries.size();
    entries.push_back(std::move(skipped));
  }
  entry_fact f;
  f.index = e.index;
  if (e.started.valid) {
    f.time.us = e.started.us;
    f.time.precision_us = e.started.precision_us();
  }
  f.time.original = std::string(e.str(e.started_text));
  f.page = page;
  f.url = std::string(e.str(e.request.url));
  const auto parts = net::split_url(f.url);
  if (parts) f.host = net::normalize_host(parts->host);
  const std::string_view type = e.str(e.resource_type);
  f.document = type == "document" || (type.empty() && harfact::detail::istarts_with_ascii(
                                                          e.str(e.response.content.mime_type),
                                                          "text/html"));
  {
    const std::string_view mime = e.str(e.response.content.mime_type);
    f.code_load = type == "script" || type == "stylesheet" || type == "font" ||
                  (type.empty() && (mime.find("javascript") != std::string_view::npos ||
                                    harfact::detail::istarts_with_ascii(mime, "text/css") ||
                                    harfact::detail::istarts_with_ascii(mime, "font/")));
  }
  // The direct cause: the top frame of the initiator's stack (the script that
  // made the request), else the initiator's URL (the document or stylesheet
  // that referenced it).
  if (e.initiator.present) {
    for (std::int32_t s = e.initiator.stack; s >= 0 && s < static_cast<std::int32_t>(e.stacks.size());
         s = e.stacks[static_cast<std::size_t>(s)].parent) {
      const auto& st = e.stacks[static_cast<std::size_t>(s)];
      for (std::uint32_t i = 0; i < st.frame_count && f.initiator_url.empty(); ++i) {
        const std::string_view u = e.str(e.call_frames[st.first_frame + i].url);
        if (!u.empty()) f.initiator_url = std::string(u);
      }
      if (!f.initiator_url.empty()) break;
    }
    if (!f.initiator_url.empty()) {
      f.initiator_via = "initiator stack";
    } else if (const std::string_view u = e.str(e.initiator.url); !u.empty()) {
      f.initiator_url = std::string(u);
      f.initiator_via = "initiator url";
    }
  }
  if (const auto* h = e.request_header("referer")) f.referer = std::string(e.str(h->value));
  if (const auto* h = e.request_header("sec-gpc")) f.gpc = trim(e.str(h->value)) == "1";
  if (parts && parts->has_query && might_carry_in_band(parts->query)) {
    sig::detail::query_params q;
    q.parse(parts->query);
    for (const auto& [name, value] : q.all()) {
      for (std::string_view k : k_in_band) {
        if (name != k) continue;
        f.in_band.emplace_back(name, value);
        if (const std::string_view kind = in_band_kind(name); !kind.empty()) {
          observe(f, "query", name, kind, value);
        }
        break;
      }
    }
  }
  cookies_of(e, f);
  set_cookies_of(e, f);
  endpoints_of(e, f);
  entries.push_back(std::move(f));
}

}  // namespace harfact::timeline::detail
