// Vendor decoders for advertising pixels (signals.md A.7-A.12, A.21, A.22,
// A.26, A.27): LinkedIn, Snap, Pinterest, X, Reddit, Microsoft UET, Criteo,
// The Trade Desk, Yahoo, Taboola, Outbrain, Quora. Parameters the fact sheet
// only names, without saying what they carry, are left out (they stay `other`).
#include <array>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "decode/vendor_table.hpp"
#include "sig/url_query.hpp"

namespace harfact::decode::detail {

// Defined in vendors.cpp.
void classify_paths(context& ctx, std::span<const param_rule> rules, std::string_view under = {});
void expand_json(context& ctx, std::string_view name);

void add_ad_decoders(registry& r);

namespace {

using k = field_kind;

// signals.md A.7 (LinkedIn Insight Tag, GET query). v is not described.
constexpr std::array<param_rule, 5> k_linkedin{{
    {"pid", k::account_id, "partner id"},
    {"url", k::page_url, "page URL"},
    {"conversionId", k::custom_data, "conversion id"},
    {"time", k::other, "time (ms)"},
    {"fmt", k::other, "pixel format (js, gif)"},
}};

// signals.md A.8 (Snap Pixel: form body, or JSON {ctx, req:[{t:{pid, ev}}]}).
// ts, v, if, intg and the e_ parameters other than e_ss are named there without
// a meaning.
constexpr std::array<param_rule, 10> k_snap{{
    {"pid", k::account_id, "pixel id"},
    {"ev", k::event, "event name", true},
    {"pl", k::page_url, "page URL"},
    {"rf", k::referrer, "referrer"},
    {"u_hem", k::user_data_hashed, "hashed email"},
    {"u_hpn", k::user_data_hashed, "hashed phone number"},
    {"u_c1", k::client_id, "cookie id"},
    {"e_ss", k::custom_data, "search string"},
    {"req.#.t.pid", k::account_id, "pixel id"},
    {"req.#.t.ev", k::event, "event name", true},
}};

// signals.md A.9 (Pinterest Tag: query parameters, three of them JSON, listed
// member by member as ed.*, pd.*, ad.*). The sh, sw and if members of ad are
// named without a meaning.
constexpr std::array<param_rule, 11> k_pinterest{{
    {"tid", k::account_id, "tag id"},
    {"event", k::event, "event name", true},
    {"ed", k::custom_data, "event data (JSON)"},
    {"ed.*", k::custom_data, "event data"},
    {"ed[*", k::custom_data, "event data"},
    {"pd", k::other, "page data (JSON)"},
    {"pd.em", k::user_data_hashed, "hashed email (SHA-256)"},
    {"pd[em]", k::user_data_hashed, "hashed email (SHA-256)"},
    {"ad.loc", k::page_url, "page URL"},
    {"ad.ref", k::referrer, "referrer"},
    {"cb", k::other, "time (ms)"},
}};

// signals.md A.10 (X / Twitter pixel: query or form; events and event are
// JSON). The sources do not say whether the advanced matching email and
// phone_number are hashed (see settle_hashing). p_user_id, tpx_cb and the
// other parameters seen on the wire are not described.
constexpr std::array<param_rule, 14> k_x{{
    {"txn_id", k::account_id, "pixel (tag) id"},
    {"events.#.0", k::event, "event name", true},
    {"events.#.1.*", k::custom_data, "event data"},
    {"events", k::other, "events (JSON: [name, data] pairs)"},
    {"event.*", k::custom_data, "event data"},
    {"event", k::custom_data, "event data (JSON)"},
    {"tw_document_href", k::page_url, "page URL"},
    {"tw_sale_amount", k::custom_data, "sale amount"},
    {"tw_order_quantity", k::custom_data, "order quantity"},
    {"tw_iframe_status", k::other, "iframe status"},
    {"dv", k::device, "device information"},
    {"email", k::user_data_plain, "advanced matching email (hashing not documented)", false, true},
    {"phone_number", k::user_data_plain, "advanced matching phone (hashing not documented)", false,
     true},
    {"twclid", k::client_id, "click id", false, true},
}};

// signals.md A.11 and B.18 (Reddit Pixel). uuid, aaid, em, external_id, idfa,
// integration, sh, sw, ts and v appear there without a meaning.
constexpr std::array<param_rule, 14> k_reddit{{
    {"id", k::account_id, "advertiser id"},
    {"event", k::event, "event name", true},
    {"m.customEventName", k::event, "custom event name", true},
    {"m.itemCount", k::custom_data, "item count"},
    {"m.value", k::custom_data, "value"},
    {"m.valueDecimal", k::custom_data, "value (decimal)"},
    {"m.currency", k::custom_data, "currency"},
    {"m.transactionId", k::custom_data, "transaction id"},
    {"m.products", k::custom_data, "products"},
    {"m.conversionId", k::custom_data, "conversion id"},
    {"opt_out", k::consent_signal, "opt-out flag (0/1)", false, true},
    {"dpm", k::consent_signal, "data processing mode", false, true},
    {"dpcc", k::consent_signal, "data processing country", false, true},
    {"dprc", k::consent_signal, "data processing region", false, true},
}};

// signals.md A.12 and B.18 (Microsoft Advertising UET). mid, sid and vid
// (whose names are marked uncertain), Ver, spa and cdb are named without a
// meaning.
constexpr std::array<param_rule, 16> k_uet{{
    {"ti", k::account_id, "UET tag id"},
    {"evt", k::event, "event type (pageLoad, custom, consent)", true},
    {"p", k::page_url, "page URL"},
    {"page_path", k::page_url, "page path"},
    {"r", k::referrer, "referrer"},
    {"tl", k::page_title, "page title"},
    {"kw", k::other, "page meta keywords"},
    {"ec", k::custom_data, "event category"},
    {"ea", k::custom_data, "event action"},
    {"el", k::custom_data, "event label"},
    {"ev", k::custom_data, "event value"},
    {"gv", k::custom_data, "revenue value"},
    {"prodid", k::custom_data, "product id"},
    {"pagetype", k::custom_data, "page type"},
    {"asc", k::consent_signal, "ad storage consent (G granted, D denied)", false, true},
    {"src", k::consent_signal, "consent command (update) of a consent event", false, true},
}};

// signals.md A.21 (Criteo OneTag): each p<n> is itself a form-encoded event,
// listed as p<n>.<name>. adce, dtycbr and site_type are not described.
constexpr std::array<param_rule, 6> k_criteo{{
    {"a", k::account_id, "account id"},
    {"v", k::other, "tag version"},
    {"tld", k::page_url, "site domain"},
    {"p#.e", k::event, "event (vh home, vl listing, vp product, vb basket, vc purchase, ...)",
     true},
    {"p#.m", k::user_data_plain, "email set by the site (plain or hashed by integration)", false,
     true},
    {"p#", k::other, "event (form-encoded, listed as p<n>.<name>)"},
}};

// signals.md A.22 (The Trade Desk). ref, ct and fmt are not described.
constexpr std::array<param_rule, 5> k_trade_desk{{
    {"adv", k::account_id, "advertiser id"},
    {"upid", k::account_id, "universal pixel id"},
    {"v", k::custom_data, "revenue"},
    {"vf", k::custom_data, "currency"},
    {"orderid", k::custom_data, "order id"},
}};

// signals.md A.26 (Yahoo dot tag): the event endpoint itself is uncertain.
constexpr std::array<param_rule, 2> k_yahoo{{
    {"a", k::account_id, "pixel id", false, true},
    {".yp", k::account_id, "project id", false, true},
}};

// signals.md A.27 (Taboola: the publisher id is in the path, not a parameter).
constexpr std::array<param_rule, 1> k_taboola{{
    {"en", k::event, "event name", true},
}};

// signals.md A.27 and B.18 (Outbrain). bust is not described.
constexpr std::array<param_rule, 8> k_outbrain{{
    {"marketerId", k::account_id, "marketer id"},
    {"name", k::event, "event name", true},
    {"dl", k::page_url, "page URL"},
    {"optOut", k::consent_signal, "user opt-out flag"},
    {"orderId", k::custom_data, "order id"},
    {"orderValue", k::custom_data, "order value"},
    {"currency", k::custom_data, "currency"},
    {"obApiVersion", k::other, "API version"},
}};

// signals.md A.27 (Quora: the pixel id is in the path). i is not described.
constexpr std::array<param_rule, 1> k_quora{{
    {"tag", k::event, "event name", true},
}};

bool is_hex_digest(std::string_view v) {
  if (v.size() != 32 && v.size() != 40 && v.size() != 64) return false;
  for (const char c : v) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

// User data the sources do not say is hashed is classed as plain (so that the
// personal-data check still reads it) unless the value is a hex digest (MD5,
// SHA-1, SHA-256 length), which is no clear text whatever the integration.
void settle_hashing(context& ctx, std::span<const param_rule> rules) {
  for (auto& f : ctx.out.fields) {
    if (f.kind != k::user_data_plain) continue;
    for (const auto& r : rules) {
      if (r.kind != k::user_data_plain || f.meaning != r.meaning) continue;
      std::string_view v = f.value;
      if (v.size() >= 2 && v.front() == '[' && v.back() == ']') v = v.substr(1, v.size() - 2);
      if (is_hex_digest(v)) {
        f.kind = k::user_data_hashed;
        f.meaning += "; the value is a hex digest";
      }
      break;
    }
  }
}

// Criteo's p<n> parameters: each a form-encoded event, listed as p<n>.<name>.
void expand_criteo_events(context& ctx) {
  std::vector<std::pair<std::string, std::pair<std::string, std::string>>> found;
  for (const auto& f : ctx.out.fields) {
    if (f.name.size() < 2 || f.name[0] != 'p') continue;
    if (f.name.find_first_not_of("0123456789", 1) != std::string::npos) continue;
    found.push_back({f.name, {f.value, f.source}});
  }
  for (const auto& [name, value_source] : found) {
    sig::detail::query_params q;
    q.parse(value_source.first);
    for (const auto& [key, value] : q.all()) {
      ctx.add(name + "." + key, value, value_source.second);
    }
  }
}

void linkedin_insight(context& ctx) { classify_paths(ctx, k_linkedin); }
void snap_pixel(context& ctx) { classify_paths(ctx, k_snap); }
void pinterest_tag(context& ctx) {
  for (const char* name : {"ed", "pd", "ad"}) expand_json(ctx, name);
  classify_paths(ctx, k_pinterest);
}
void x_pixel(context& ctx) {
  expand_json(ctx, "events");
  expand_json(ctx, "event");
  classify_paths(ctx, k_x);
  settle_hashing(ctx, k_x);
}
void reddit_pixel(context& ctx) { classify_paths(ctx, k_reddit); }
void microsoft_uet(context& ctx) { classify_paths(ctx, k_uet); }
void criteo(context& ctx) {
  expand_criteo_events(ctx);
  classify_paths(ctx, k_criteo);
  settle_hashing(ctx, k_criteo);
}
void the_trade_desk(context& ctx) { classify_paths(ctx, k_trade_desk); }
void yahoo_dot(context& ctx) { classify_paths(ctx, k_yahoo); }
void taboola(context& ctx) { classify_paths(ctx, k_taboola); }
void outbrain(context& ctx) { classify_paths(ctx, k_outbrain); }
void quora_pixel(context& ctx) { classify_paths(ctx, k_quora); }

}  // namespace

void add_ad_decoders(registry& r) {
  r.add("linkedin_insight", linkedin_insight);
  r.add("snap_pixel", snap_pixel);
  r.add("pinterest_tag", pinterest_tag);
  r.add("x_pixel", x_pixel);
  r.add("reddit_pixel", reddit_pixel);
  r.add("microsoft_uet", microsoft_uet);
  r.add("criteo", criteo);
  r.add("the_trade_desk", the_trade_desk);
  r.add("yahoo_dot", yahoo_dot);
  r.add("taboola", taboola);
  r.add("outbrain", outbrain);
  r.add("quora_pixel", quora_pixel);
}

}  // namespace harfact::decode::detail
