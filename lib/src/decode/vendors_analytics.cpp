// Vendor decoders for analytics and marketing tools (signals.md A.19, A.20,
// A.25): Segment, Mixpanel, Amplitude, Heap, HubSpot, Adobe Analytics.
// Parameters the fact sheet only names, without saying what they carry, are
// left out (they stay `other`).
#include <array>
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

// Defined in vendors.cpp.
void classify_paths(context& ctx, std::span<const param_rule> rules, std::string_view under = {});
bool add_json_members(context& ctx, std::string_view name, std::string_view json,
                      const std::string& source);

void add_analytics_decoders(registry& r);

namespace {

using k = field_kind;

// signals.md A.19 and B.18 (Segment: JSON, one call or {batch:[calls]}).
// name, _metadata and integrations are named without a meaning.
constexpr std::array<param_rule, 16> k_segment{{
    {"writeKey", k::account_id, "write key (source)"},
    {"event", k::event, "event name", true},
    {"type", k::other, "call type (track, page, identify, group, alias)"},
    {"properties.*", k::custom_data, "event property"},
    {"traits.*", k::user_data_plain, "user trait (identify; may be unhashed email)"},
    {"context.page.url", k::page_url, "page URL"},
    {"context.page.path", k::page_url, "page path"},
    {"context.page.search", k::page_url, "page query string"},
    {"context.page.referrer", k::referrer, "referrer"},
    {"context.page.title", k::page_title, "page title"},
    {"context.userAgent", k::device, "user agent"},
    {"context.consent.categoryPreferences.*", k::consent_signal, "consent per category"},
    {"anonymousId", k::client_id, "anonymous id"},
    {"userId", k::user_id, "user id"},
    {"messageId", k::other, "message id"},
    {"sentAt", k::other, "time sent"},
}};

// signals.md A.19 (Mixpanel: data=<JSON or base64 JSON>, one event or an
// array of them, listed as data.* or data.<n>.*). distinct_id is named there
// without a meaning.
constexpr std::array<param_rule, 4> k_mixpanel_event{{
    {"event", k::event, "event name", true},
    {"properties.token", k::account_id, "project token"},
    {"properties.$current_url", k::page_url, "page URL"},
    {"properties.$referrer", k::referrer, "referrer"},
}};
constexpr std::array<param_rule, 1> k_mixpanel{{
    {"data", k::other, "payload (JSON or base64 JSON, listed as data.*)"},
}};

// signals.md A.19 (Amplitude HTTP API: {api_key, events:[...]}).
constexpr std::array<param_rule, 7> k_amplitude{{
    {"api_key", k::account_id, "project API key"},
    {"events.#.event_type", k::event, "event type", true},
    {"events.#.user_id", k::user_id, "user id"},
    {"events.#.device_id", k::client_id, "device id"},
    {"events.#.event_properties.*", k::custom_data, "event property"},
    {"events.#.user_properties.*", k::custom_data, "user property"},
    {"events.#.time", k::other, "event time"},
}};

// signals.md A.19 (Heap page view /h). Who assigns u is not stated.
constexpr std::array<param_rule, 4> k_heap{{
    {"a", k::account_id, "app id"},
    {"u", k::client_id, "user identifier", false, true},
    {"h", k::page_url, "page path"},
    {"t", k::page_title, "page title"},
}};

// signals.md A.25 (HubSpot: tracking beacons and Collected Forms JSON). k is
// not described.
constexpr std::array<param_rule, 13> k_hubspot{{
    {"a", k::account_id, "HubSpot account (hub) id"},
    {"pu", k::page_url, "page URL"},
    {"po", k::page_url, "page path"},
    {"t", k::page_title, "page title"},
    {"ct", k::other, "content type"},
    {"id", k::event, "event", true},
    {"value", k::custom_data, "event value"},
    {"portalId", k::account_id, "HubSpot portal id"},
    {"contactFields.*", k::user_data_plain, "contact field (in clear)"},
    {"formValues.*", k::form_content, "submitted form field (label: value)"},
    {"formSelectorId", k::form_content, "form id on the page"},
    {"formSelectorClasses*", k::form_content, "form classes on the page"},
    {"labelToNameMap.*", k::form_content, "form field label to name"},
}};
// __ptbe.gif (custom behavioural event): observed, marked uncertain.
constexpr std::array<param_rule, 2> k_hubspot_behavioral{{
    {"n", k::event, "custom behavioural event name", true, true},
    {"_*", k::custom_data, "custom behavioural event property", false, true},
}};

// signals.md A.20 and B.18 (Adobe: AppMeasurement query or form, Web SDK JSON,
// set-consent JSON). ch, aid, AQB and AQE are named without a meaning.
constexpr std::array<param_rule, 22> k_adobe{{
    {"pageName", k::page_title, "page name"},
    {"g", k::page_url, "page URL"},
    {"r", k::referrer, "referrer"},
    {"events", k::event, "events (comma-separated)", true},
    {"products", k::custom_data, "products"},
    {"purchaseID", k::custom_data, "purchase id"},
    {"vid", k::client_id, "visitor id"},
    {"mid", k::client_id, "Experience Cloud id (ECID)"},
    {"pe", k::custom_data, "link tracking"},
    {"pev#", k::custom_data, "link tracking"},
    {"c#", k::custom_data, "prop (c1..c75)"},
    {"v#", k::custom_data, "eVar (v1..v250)"},
    {"configId", k::account_id, "datastream id"},
    {"requestId", k::other, "request id"},
    {"events.#.xdm.eventType", k::event, "XDM event type", true},
    {"events.#.xdm.web.webPageDetails.name", k::page_title, "page name"},
    {"events.#.xdm.web.webPageDetails.URL", k::page_url, "page URL"},
    {"consent.#.standard", k::consent_signal, "consent standard (Adobe, IAB TCF)"},
    {"consent.#.version", k::other, "consent standard version"},
    {"consent.#.value.collect.val", k::consent_signal, "collect consent (y/n)"},
    {"consent.#.value", k::consent_signal, "consent value (TC string)"},
    {"consent.#.gdprApplies", k::consent_signal, "GDPR applies"},
}};

// The raw values of `name` in the query and the form body: Mixpanel's data
// often exceeds the 2048 bytes a field keeps, so it is read again in full.
std::vector<std::pair<std::string, std::string>> raw_values(context& ctx, std::string_view name) {
  std::vector<std::pair<std::string, std::string>> out;  // value, source
  const auto parts = net::split_url(ctx.e.str(ctx.e.request.url));
  if (parts && parts->has_query) {
    sig::detail::query_params q;
    q.parse(parts->query);
    for (const auto& [n, v] : q.all()) {
      if (n == name) out.emplace_back(v, "query");
    }
  }
  const auto& post = ctx.e.request.post;
  if (!post.params.empty()) {
    for (const auto& p : post.params) {
      if (ctx.e.str(p.name) == name) out.emplace_back(ctx.e.str(p.value), "body");
    }
    return out;
  }
  const std::string& body = ctx.request_body();
  if (body.empty() || ctx.body_binary) return out;
  sig::detail::query_params q;
  q.parse(body);
  for (const auto& [n, v] : q.all()) {
    if (n == name) out.emplace_back(v, "body");
  }
  return out;
}

void expand_mixpanel_data(context& ctx) {
  for (const auto& [value, source] : raw_values(ctx, "data")) {
    if (add_json_members(ctx, "data", value, source)) continue;
    std::string decoded;
    if (base64_decode(value, decoded) &&
        add_json_members(ctx, "data", decoded, source + " (data base64-decoded)")) {
      continue;
    }
    ctx.out.notes.push_back("Mixpanel data in the " + source +
                            " is neither JSON nor base64 JSON: not listed member by member");
  }
}

// AppMeasurement context data: c.=&a.=&name=value&.a=&.c= nests name under
// c.a.; everything between c. and its closing .c is context data the site set.
void adobe_context_data(context& ctx) {
  std::string stack;  // "c.a." while inside
  std::string_view source;
  for (auto& f : ctx.out.fields) {
    if (f.source != source) {
      stack.clear();
      source = f.source;
    }
    if (f.kind != k::other || !f.meaning.empty()) continue;
    const std::string& n = f.name;
    const bool opens = n.size() > 1 && n.back() == '.' && n.front() != '.';
    const bool closes = n.size() > 1 && n.front() == '.' && n.back() != '.';
    if (stack.empty()) {
      if (n != "c.") continue;
      stack = "c.";
      f.meaning = "context data begins";
      continue;
    }
    if (opens) {
      stack += n;
      f.meaning = "context data: " + stack;
    } else if (closes) {
      const std::size_t last = stack.rfind('.', stack.size() - 2);
      stack.resize(last == std::string::npos ? 0 : last + 1);
      f.meaning = stack.empty() ? "context data ends" : "context data: " + stack;
    } else {
      f.kind = k::custom_data;
      f.meaning = "context data: " + stack + n;
    }
  }
}

bool path_is(context& ctx, std::string_view path) {
  const auto parts = net::split_url(ctx.e.str(ctx.e.request.url));
  return parts && parts->path == path;
}

void segment(context& ctx) {
  classify_paths(ctx, k_segment);
  classify_paths(ctx, k_segment, "batch.#.");
}
void mixpanel(context& ctx) {
  expand_mixpanel_data(ctx);
  classify_paths(ctx, k_mixpanel_event, "data.");
  classify_paths(ctx, k_mixpanel_event, "data.#.");
  classify_paths(ctx, k_mixpanel);
}
void amplitude(context& ctx) { classify_paths(ctx, k_amplitude); }
void heap(context& ctx) { classify_paths(ctx, k_heap); }
void hubspot(context& ctx) {
  if (path_is(ctx, "/__ptbe.gif")) classify_paths(ctx, k_hubspot_behavioral);
  classify_paths(ctx, k_hubspot);
}
void adobe_analytics(context& ctx) {
  adobe_context_data(ctx);
  classify_paths(ctx, k_adobe);
}

}  // namespace

void add_analytics_decoders(registry& r) {
  r.add("segment", segment);
  r.add("mixpanel", mixpanel);
  r.add("amplitude", amplitude);
  r.add("heap", heap);
  r.add("hubspot", hubspot);
  r.add("adobe_analytics", adobe_analytics);
}

}  // namespace harfact::decode::detail
