// Vendor decoders: what each parameter of a vendor's hits is, from the team's
// fact sheet (../shared/docs/signals.md, Part A). Meanings the fact sheet
// marks uncertain stay marked uncertain; parameters it does not describe are
// left out, so they stay `other`.
//
// This file holds the helpers the vendor files share, the Meta, TikTok and
// Google tables, and add_vendor_decoders(). The other vendors are grouped in
// vendors_ads.cpp, vendors_analytics.cpp and vendors_replay.cpp.
#include "decode/vendors.hpp"

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "decode/generic.hpp"
#include "decode/vendor_table.hpp"
#include "harfact/net/url.hpp"
#include "sig/url_query.hpp"

namespace harfact::decode::detail {

// Defined in vendors_ads.cpp, vendors_analytics.cpp and vendors_replay.cpp.
void add_ad_decoders(registry& r);
void add_analytics_decoders(registry& r);
void add_replay_decoders(registry& r);

// Shared with those files, which declare them the same way (defined below).
// classify_paths: classify(), with '#' in a pattern standing for one or more
// digits (a JSON array index, the n of c1..c75); with `under`, a field is
// matched on what follows that head ("batch.#."), so one table serves a single
// call and a batch of them. add_json_members: lists a JSON text as fields
// "<name>.<path>" from `source`; false when it is not JSON. expand_json: the
// same for the value of every field named `name` that holds JSON.
void classify_paths(context& ctx, std::span<const param_rule> rules, std::string_view under = {});
bool add_json_members(context& ctx, std::string_view name, std::string_view json,
                      const std::string& source);
void expand_json(context& ctx, std::string_view name);

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// How much of `name` `pattern` covers: the whole pattern must match a head of
// `name`, '#' standing for one or more digits and a trailing '*' for any rest.
// std::nullopt when it does not match.
std::optional<std::size_t> match_head(std::string_view pattern, std::string_view name) {
  std::size_t j = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '*' && i + 1 == pattern.size()) return name.size();
    if (c == '#') {
      const std::size_t start = j;
      while (j < name.size() && is_digit(name[j])) ++j;
      if (j == start) return std::nullopt;
      continue;
    }
    if (j >= name.size() || name[j] != c) return std::nullopt;
    ++j;
  }
  return j;
}

bool rule_matches(std::string_view pattern, std::string_view name) {
  const auto n = match_head(pattern, name);
  return n && *n == name.size();
}

bool looks_json(std::string_view v) {
  const auto at = v.find_first_not_of(" \t\r\n");
  return at != std::string_view::npos && (v[at] == '{' || v[at] == '[');
}

using k = field_kind;

// signals.md A.1 (Meta Pixel).
constexpr std::array<param_rule, 27> k_meta{{
    {"id", k::account_id, "pixel id"},
    {"ev", k::event, "event name", true},
    {"dl", k::page_url, "page URL (document location)"},
    {"rl", k::referrer, "referrer URL"},
    {"fbp", k::client_id, "_fbp browser id cookie"},
    {"fbc", k::client_id, "_fbc click id"},
    {"ud[*", k::user_data_hashed, "advanced matching user data (SHA-256)"},
    {"udff[*", k::user_data_hashed, "automatic advanced matching user data (SHA-256)"},
    {"cd[buttonText]", k::button_text, "text of the clicked button"},
    {"cd[buttonFeatures]", k::button_text, "features of the clicked element"},
    {"cd[formFeatures]", k::form_content, "features of the forms on the page", false, true},
    {"cd[pageFeatures]", k::page_title, "page features (title)"},
    {"cd[*", k::custom_data, "custom data"},
    {"dpo", k::consent_signal, "data processing options (LDU)"},
    {"dpoco", k::consent_signal, "data processing options country"},
    {"dpost", k::consent_signal, "data processing options state"},
    {"sw", k::device, "screen width"},
    {"sh", k::device, "screen height"},
    {"if", k::other, "sent from an iframe"},
    {"ts", k::other, "event time (ms)"},
    {"it", k::other, "pixel initialisation time (ms)"},
    {"v", k::other, "pixel version"},
    {"r", k::other, "release branch"},
    {"ec", k::other, "event count on the page"},
    {"es", k::other, "event source (automatic for auto-collected events)"},
    {"rqm", k::other, "request method used"},
    {"coo", k::other, "cookies disabled flag"},
}};

// signals.md A.2 and B.11 (Google Analytics 4).
constexpr std::array<param_rule, 33> k_ga4{{
    {"tid", k::account_id, "measurement id"},
    {"en", k::event, "event name", true},
    {"dl", k::page_url, "page URL"},
    {"dr", k::referrer, "referrer"},
    {"dt", k::page_title, "page title"},
    {"cid", k::client_id, "client id (_ga cookie)"},
    {"uid", k::user_id, "user id"},
    {"sid", k::other, "session id (_ga_<container> cookie)"},
    {"ep.*", k::custom_data, "event parameter"},
    {"epn.*", k::custom_data, "numeric event parameter"},
    {"up.*", k::custom_data, "user property"},
    {"upn.*", k::custom_data, "numeric user property"},
    {"pr*", k::custom_data, "e-commerce item"},
    {"em", k::user_data_hashed, "user-provided data (hashed)"},
    {"gcs", k::consent_signal, "consent mode state (gcs)"},
    {"gcd", k::consent_signal, "consent mode defaults and updates (gcd)"},
    {"gcu", k::consent_signal, "consent mode update flag", false, true},
    {"gcut", k::consent_signal, "consent mode update type", false, true},
    {"npa", k::consent_signal, "non-personalised ads"},
    {"dma", k::consent_signal, "Digital Markets Act flag"},
    {"dma_cps", k::consent_signal, "DMA consent purposes", false, true},
    {"pscdl", k::consent_signal, "privacy sandbox cookie deprecation label", false, true},
    {"gdpr", k::consent_signal, "TCF gdpr applies"},
    {"gdpr_consent", k::consent_signal, "TCF consent string"},
    {"us_privacy", k::consent_signal, "IAB US privacy string"},
    {"_uc", k::other, "user country", false, true},
    {"ur", k::other, "user region", false, true},
    {"ul", k::device, "browser language"},
    {"sr", k::device, "screen resolution"},
    {"ua*", k::device, "user agent client hints"},
    {"_p", k::other, "page load id"},
    {"gtm", k::other, "tag (container) hash"},
    {"v", k::other, "protocol version"},
}};

// signals.md A.3 (Universal Analytics).
constexpr std::array<param_rule, 18> k_ua{{
    {"tid", k::account_id, "property id"},
    {"t", k::event, "hit type", true},
    {"ec", k::custom_data, "event category"},
    {"ea", k::custom_data, "event action"},
    {"el", k::custom_data, "event label"},
    {"dl", k::page_url, "page URL"},
    {"dp", k::page_url, "page path"},
    {"dh", k::page_url, "page host"},
    {"dt", k::page_title, "page title"},
    {"dr", k::referrer, "referrer"},
    {"cid", k::client_id, "client id (_ga cookie)"},
    {"uid", k::user_id, "user id"},
    {"cd*", k::custom_data, "custom dimension"},
    {"cm*", k::custom_data, "custom metric"},
    {"gcs", k::consent_signal, "consent mode state (gcs)"},
    {"gcd", k::consent_signal, "consent mode defaults and updates (gcd)"},
    {"_gid", k::client_id, "_gid cookie"},
    {"v", k::other, "protocol version"},
}};

// signals.md A.4 (Google Ads conversion and remarketing).
constexpr std::array<param_rule, 18> k_google_ads{{
    {"url", k::page_url, "page URL"},
    {"ref", k::referrer, "referrer", false, true},
    {"tiba", k::page_title, "page title"},
    {"label", k::custom_data, "conversion label"},
    {"value", k::custom_data, "conversion value"},
    {"currency_code", k::custom_data, "currency"},
    {"oid", k::custom_data, "order id"},
    {"data", k::custom_data, "event data (key=value;...)"},
    {"gclaw", k::client_id, "click id", false, true},
    {"gclid", k::client_id, "click id"},
    {"auid", k::client_id, "_gcl_au cookie"},
    {"em", k::user_data_hashed, "user-provided data (hashed)"},
    {"npa", k::consent_signal, "non-personalised ads"},
    {"rdp", k::consent_signal, "restricted data processing (CCPA)"},
    {"gcs", k::consent_signal, "consent mode state (gcs)"},
    {"gcd", k::consent_signal, "consent mode defaults and updates (gcd)"},
    {"dma", k::consent_signal, "Digital Markets Act flag"},
    {"pscdl", k::consent_signal, "privacy sandbox cookie deprecation label", false, true},
}};

// signals.md A.6 (TikTok Pixel, JSON bodies).
constexpr std::array<param_rule, 12> k_tiktok{{
    {"event", k::event, "event name", true},
    {"event_id", k::other, "event id"},
    {"timestamp", k::other, "event time"},
    {"context.pixel.code", k::account_id, "pixel code"},
    {"context.page.url", k::page_url, "page URL"},
    {"context.page.referrer", k::referrer, "referrer"},
    {"context.user.anonymous_id", k::client_id, "anonymous id"},
    {"context.user.external_id", k::user_data_hashed, "external id (hashed)"},
    {"context.user.*", k::user_data_hashed, "advanced matching user data (hashed)"},
    {"context.device.*", k::device, "device"},
    {"properties.*", k::custom_data, "event properties"},
    {"auto_collected_properties.*", k::other, "auto-collected metadata"},
}};

// signals.md A.4, B.11 and B.18 (Floodlight: `;`-separated parameters in the
// path, e.g. /activity;src=...;type=...;cat=...). ord, num, cost, qty and the
// other parameters seen on the wire are not described there.
constexpr std::array<param_rule, 11> k_floodlight{{
    {"src", k::account_id, "advertiser id"},
    {"type", k::custom_data, "activity group"},
    {"cat", k::custom_data, "activity tag"},
    {"npa", k::consent_signal, "non-personalised ads"},
    {"dc_lat", k::consent_signal, "limit ad tracking"},
    {"tfua", k::consent_signal, "tag for users under age"},
    {"tag_for_child_directed_treatment", k::consent_signal, "child-directed treatment (COPPA)"},
    {"gcs", k::consent_signal, "consent mode state (gcs)"},
    {"gcd", k::consent_signal, "consent mode defaults and updates (gcd)"},
    {"gdpr", k::consent_signal, "TCF gdpr applies"},
    {"gdpr_consent", k::consent_signal, "TCF consent string"},
}};

// signals.md A.5 (Google Tag Manager telemetry pings /a and /td).
constexpr std::array<param_rule, 1> k_gtm{{
    {"id", k::account_id, "container id (GTM-...)"},
}};

// Floodlight puts its parameters in the path, `;`-separated, after /activity;
// /activityi; or under /ddm/activity/, /ddm/fls/...: every `;` or `/` piece
// holding a '=' is one.
void floodlight_path_params(context& ctx) {
  const auto parts = net::split_url(ctx.e.str(ctx.e.request.url));
  if (!parts) return;
  std::string_view path = parts->path;
  while (!path.empty()) {
    const std::size_t end = path.find_first_of(";/");
    const std::string_view piece = path.substr(0, end);
    path = end == std::string_view::npos ? std::string_view{} : path.substr(end + 1);
    const std::size_t eq = piece.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    std::string value;
    sig::detail::percent_decode(piece.substr(eq + 1), value, false);
    ctx.add(std::string(piece.substr(0, eq)), value, "path");
  }
}

void meta_pixel(context& ctx) { classify(ctx, k_meta); }
void google_analytics_4(context& ctx) { classify(ctx, k_ga4); }
void google_universal_analytics(context& ctx) { classify(ctx, k_ua); }
void google_ads(context& ctx) { classify(ctx, k_google_ads); }
void tiktok_pixel(context& ctx) { classify(ctx, k_tiktok); }
void google_floodlight(context& ctx) {
  floodlight_path_params(ctx);
  classify_paths(ctx, k_floodlight);
}
void google_tag_manager(context& ctx) { classify_paths(ctx, k_gtm); }

}  // namespace

void classify_paths(context& ctx, std::span<const param_rule> rules, std::string_view under) {
  for (auto& f : ctx.out.fields) {
    if (f.kind != field_kind::other || !f.meaning.empty()) continue;
    std::string_view name = f.name;
    if (!under.empty()) {
      const auto head = match_head(under, name);
      if (!head) continue;
      name.remove_prefix(*head);
    }
    for (const auto& r : rules) {
      if (r.pattern.empty() || !rule_matches(r.pattern, name)) continue;
      f.kind = r.kind;
      f.meaning = std::string(r.meaning);
      f.uncertain = r.uncertain;
      if (r.event && !f.value.empty()) ctx.out.events.push_back(f.value);
      break;
    }
  }
}

bool add_json_members(context& ctx, std::string_view name, std::string_view json,
                      const std::string& source) {
  if (!looks_json(json)) return false;
  std::string wrapped;
  wrapped.reserve(json.size() + name.size() + 5);
  wrapped.append("{\"").append(name).append("\":").append(json).append("}");
  return parse_json_into(ctx, wrapped, source);
}

void expand_json(context& ctx, std::string_view name) {
  // Copied first: adding fields moves the vector.
  std::vector<std::pair<std::string, std::string>> values;
  for (const auto& f : ctx.out.fields) {
    if (f.name != name || !looks_json(f.value)) continue;
    if (f.truncated) {
      ctx.out.notes.push_back("the JSON in " + f.name +
                              " was cut at 2048 bytes: its members are not listed");
      continue;
    }
    values.emplace_back(f.value, f.source);
  }
  for (const auto& [value, source] : values) add_json_members(ctx, name, value, source);
}

void add_vendor_decoders(registry& r) {
  r.add("meta_pixel", meta_pixel);
  r.add("google_analytics_4", google_analytics_4);
  r.add("google_universal_analytics", google_universal_analytics);
  r.add("google_ads", google_ads);
  r.add("tiktok_pixel", tiktok_pixel);
  r.add("google_floodlight", google_floodlight);
  r.add("google_tag_manager", google_tag_manager);
  add_ad_decoders(r);
  add_analytics_decoders(r);
  add_replay_decoders(r);
}

}  // namespace harfact::decode::detail
