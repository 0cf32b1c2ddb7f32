// harfact: consent-signal decoders (signals.md Parts B and D).
//
// Each decoder is a pure function from one string (a cookie value, a URL
// parameter, a response body) to a `signal`: the fields as the specification
// names and encodes them (a tree of `node`s, for people and for JSON), and a
// normalised `summary` the timeline reads (per purpose granted or denied,
// opt-outs, GPC, region, whether a person made a choice).
//
// Honesty rules every decoder keeps:
// - Field names follow the specification's own names in snake_case (TCF
//   `cmp_id`, `vendor_list_version`, `purposes_consent`; GPP `sale_opt_out`);
//   values as the specification encodes them (integers, booleans, two-letter
//   codes); sets of ids are sorted integer arrays. A readable meaning goes
//   beside a value in `node::meaning`.
// - What the fact sheet marks uncertain is decoded and flagged `uncertain`,
//   never silently trusted; the summary never rests on an uncertain field
//   unless it says so in `summary::notes`.
// - Malformed input is an error with a message that says where (character
//   offset or field), never a crash; a string that ends early yields what was
//   read, with `truncated` set.
//
// Thread safety: every function here is pure and reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harfact::consent {

/// A value in a decoded signal: a small JSON-like tree.
struct node;

struct member;

struct node {
  enum class type : std::uint8_t { null, boolean, integer, string, int_set, object, array };
  type t = type::null;
  bool b = false;
  std::int64_t i = 0;
  std::string s;
  std::vector<std::int64_t> ints;  ///< int_set: sorted, unique
  std::vector<member> members;     ///< object, in the specification's order
  std::vector<node> items;         ///< array

  static node boolean(bool v);
  static node integer(std::int64_t v);
  static node string(std::string v);
  static node int_set(std::vector<std::int64_t> v);  ///< sorts and deduplicates
  static node object();
  static node array();

  /// Appends a member to an object and returns its value.
  node& add(std::string name, node value, std::string meaning = {}, bool uncertain = false);
  /// Member by name (object), or nullptr.
  const node* find(std::string_view name) const noexcept;
};

struct member {
  std::string name;     ///< snake_case, the specification's name
  node value;
  std::string meaning;  ///< for people: "opted out", "granted by update"; may be empty
  bool uncertain = false;
};

/// Purposes harfact reasons about (DESIGN.md: consent states).
enum class purpose : std::uint8_t { necessary, functional, analytics, advertising, sale_share };
inline constexpr int purpose_count = 5;
/// Stable snake_case name: "necessary", ..., "sale_share".
std::string_view purpose_name(purpose p) noexcept;

enum class grant : std::uint8_t { unknown, granted, denied };
std::string_view grant_name(grant g) noexcept;  ///< "unknown", "granted", "denied"

/// What the timeline needs from one decoded signal.
struct summary {
  /// Per purpose, indexed by `purpose`. `unknown` when this signal does not say.
  grant purposes[purpose_count] = {};
  /// Where each purpose's state came from: "groups C0004", "marketing",
  /// "gcs ad_storage"; empty when unknown.
  std::string purpose_source[purpose_count];
  /// A person made a choice (clicked accept/reject/save). nullopt when the
  /// signal cannot tell (e.g. a bare TC string); false for CMP defaults
  /// (OneTrust interactionCount=0, gcd default without update).
  std::optional<bool> interacted;
  /// GPC as the signal records it (GPP Gpc sub-section, OneTrust browserGpcFlag).
  std::optional<bool> gpc;
  /// Opted out of sale/sharing (USP char 3 'Y', GPP SaleOptOut=1, ...).
  std::optional<bool> sale_opt_out;
  /// Region the CMP applied: ISO 3166 country, or country-subdivision such as
  /// "US-CA"; empty when the signal does not say.
  std::string region;
  /// The CMP's consent record id (OneTrust consentId, Cookiebot stamp, ...).
  std::string consent_id;
  /// When the CMP says the choice was made, RFC 3339 UTC; empty when unknown.
  std::string choice_time;
  /// Caveats on the summary ("purposes mapped by the documented default").
  std::vector<std::string> notes;
};

/// One decoded value.
struct signal {
  std::string kind;   ///< decoder name: "tcf", "gpp", "usp", "gcs", "onetrust", ...
  std::string input;  ///< the value as given (after percent-decoding until stable)
  bool ok = false;    ///< decoded (fully, or up to `truncated`)
  bool truncated = false;
  std::string error;  ///< why it failed, with the character offset or field
  node fields = node::object();
  summary sum;
  std::vector<std::string> notes;  ///< what was not decoded, and why
};

/// A decoder: one string in, one signal out.
using decoder_fn = signal (*)(std::string_view value);

struct decoder_info {
  std::string_view kind;         ///< "tcf"
  std::string_view description;  ///< "IAB TCF v2 TC string (euconsent-v2, gdpr_consent)"
  decoder_fn fn;
};

/// Every decoder built in, in a fixed order.
const std::vector<decoder_info>& decoders();
/// Decodes `value` with the decoder named `kind`; nullopt if there is none.
std::optional<signal> decode(std::string_view kind, std::string_view value);

/// Percent-decodes until the value no longer changes (at most 4 rounds):
/// cookie values are often encoded more than once (signals.md B.0.3).
std::string percent_decode_stable(std::string_view v);

// ---- The decoders (one per specification or CMP) --------------------------
// IAB (lib/src/consent/iab_*.cpp)
signal decode_tcf(std::string_view tc_string);  ///< TCF v2.x TC string
signal decode_gpp(std::string_view gpp_string);  ///< GPP string, with its sections
signal decode_usp(std::string_view usp);         ///< US Privacy string (or iubenda JSON)
// Google consent mode and hit flags (lib/src/consent/google.cpp)
signal decode_gcs(std::string_view gcs);
signal decode_gcd(std::string_view gcd);
// CMP cookies and responses (lib/src/consent/cmp_*.cpp)
signal decode_onetrust(std::string_view optanon_consent);        ///< OptanonConsent cookie
signal decode_onetrust_closed(std::string_view alert_box_closed);  ///< OptanonAlertBoxClosed
signal decode_onetrust_geo(std::string_view body);     ///< geolocation response (JSON/JSONP)
signal decode_onetrust_config(std::string_view body);  ///< domain configuration JSON
signal decode_onetrust_receipt(std::string_view body);  ///< consentreceipts POST body
signal decode_cookiebot(std::string_view cookie_consent);  ///< CookieConsent cookie
signal decode_cookiebot_log(std::string_view url_or_query);  ///< logconsent.ashx call
signal decode_trustarc(std::string_view cookie_pair);  ///< "notice_gdpr_prefs=0,1:" etc.
signal decode_didomi(std::string_view didomi_token);
signal decode_ketch(std::string_view ketch_consent);
signal decode_iubenda(std::string_view iub_cs);
signal decode_usercentrics(std::string_view value);
signal decode_osano(std::string_view value);
signal decode_termly(std::string_view value);
signal decode_sourcepoint(std::string_view cookie_pair);
signal decode_clarity_clck(std::string_view clck);

}  // namespace harfact::consent
