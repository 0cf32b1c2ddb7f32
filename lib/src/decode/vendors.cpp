// Vendor decoders: what each parameter of a vendor's hits is, from the team's
// fact sheet (../shared/docs/signals.md, Part A). Meanings the fact sheet
// marks uncertain stay marked uncertain.
#include "decode/vendors.hpp"

#include <array>

#include "decode/vendor_table.hpp"

namespace harfact::decode::detail {

namespace {

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

void meta_pixel(context& ctx) { classify(ctx, k_meta); }
void google_analytics_4(context& ctx) { classify(ctx, k_ga4); }
void google_universal_analytics(context& ctx) { classify(ctx, k_ua); }
void google_ads(context& ctx) { classify(ctx, k_google_ads); }
void tiktok_pixel(context& ctx) { classify(ctx, k_tiktok); }

}  // namespace

void add_vendor_decoders(registry& r) {
  r.add("meta_pixel", meta_pixel);
  r.add("google_analytics_4", google_analytics_4);
  r.add("google_universal_analytics", google_universal_analytics);
  r.add("google_ads", google_ads);
  r.add("tiktok_pixel", tiktok_pixel);
}

}  // namespace harfact::decode::detail
