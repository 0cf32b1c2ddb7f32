// The consent-signal decoders built into this version, by name.
#include "harfact/consent/signal.hpp"

namespace harfact::consent {

const std::vector<decoder_info>& decoders() {
  static const std::vector<decoder_info> all{
      {"tcf", "IAB TCF v2 TC string (euconsent-v2 cookie, gdpr_consent parameter)", decode_tcf},
      {"gpp", "IAB Global Privacy Platform string (__gpp, OTGPPConsent, gpp parameter)",
       decode_gpp},
      {"usp", "IAB US Privacy string (usprivacy cookie, us_privacy parameter)", decode_usp},
      {"gcs", "Google consent mode gcs parameter (ad_storage, analytics_storage)", decode_gcs},
      {"gcd", "Google consent mode v2 gcd parameter (default and update per signal)", decode_gcd},
      {"onetrust", "OneTrust OptanonConsent cookie", decode_onetrust},
      {"onetrust_closed", "OneTrust OptanonAlertBoxClosed cookie", decode_onetrust_closed},
      {"onetrust_geo", "OneTrust geolocation response (geolocation.onetrust.com)",
       decode_onetrust_geo},
      {"onetrust_config", "OneTrust domain or rule-set configuration JSON (cdn.cookielaw.org)",
       decode_onetrust_config},
      {"onetrust_receipt", "OneTrust consent receipt (consentreceipts request body)",
       decode_onetrust_receipt},
      {"cookiebot", "Cookiebot CookieConsent cookie", decode_cookiebot},
      {"cookiebot_log", "Cookiebot consent-logging call (logconsent.ashx URL or query)",
       decode_cookiebot_log},
      {"trustarc", "TrustArc cookie as name=value (notice_gdpr_prefs, cmapi_cookie_privacy, ...)",
       decode_trustarc},
      {"didomi", "Didomi didomi_token cookie", decode_didomi},
      {"ketch", "Ketch _ketch_consent_v1_ cookie", decode_ketch},
      {"iubenda", "iubenda _iub_cs-<id> cookie", decode_iubenda},
      {"usercentrics", "Usercentrics uc_settings value", decode_usercentrics},
      {"osano", "Osano osano_consentmanager cookie", decode_osano},
      {"termly", "Termly consent cookie", decode_termly},
      {"sourcepoint", "Sourcepoint cookie as name=value (consentUUID, ccpaApplies, ...)",
       decode_sourcepoint},
      {"clarity_clck", "Microsoft Clarity _clck cookie", decode_clarity_clck},
  };
  return all;
}

std::optional<signal> decode(std::string_view kind, std::string_view value) {
  for (const auto& d : decoders()) {
    if (d.kind == kind) return d.fn(value);
  }
  return std::nullopt;
}

}  // namespace harfact::consent
