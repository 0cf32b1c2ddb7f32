// harfact: `check`, the claims of a demand letter against the exhibit.
//
// Claims come in a documented JSON format (lib/schema/allegations.schema.json;
// testdata/allegations/README.md; README "harfact check"): per claim an id, the
// letter's own words, the vendor, the kind of claim, and optionally the field,
// the page and a time. Each claim gets a verdict with the evidence and a
// one-paragraph reason. Claims that are wrong about the facts (the vendor never
// fired, it fired only after consent, the field never left the browser) are
// marked `wrong_on_facts`: the core of a rebuttal.
//
// The verdicts
// ------------
//   supported      the capture shows what the claim says (evidence listed)
//   contradicted   the capture shows the opposite; `wrong_on_facts` is set when
//                  the claim's own factual premise is false (the vendor never
//                  fired, fired only with consent, never received the field), and
//                  left unset when the requests were sent but the timeline does not
//                  count them the way the claim does (every request after the
//                  opt-out carried a restriction such as dpo=LDU)
//   not_evidenced  the capture neither shows nor refutes it (no consent platform
//                  and the claim needs a choice; the page or time named is not in
//                  the capture; no opt-out was ever recorded)
//   indeterminate  the capture cannot show it: it was truncated, cookies were
//                  stripped and the answer rests on them, bodies were not kept,
//                  the hits are too close to the choice to order
//
// Rules every kind shares, in this order
// --------------------------------------
// 1. Nothing could be read from the exhibit: indeterminate.
// 2. Filters. `page` keeps the hits of the pages whose main document URL is
//    the one named, or else starts with it ("https://..." compares whole URLs,
//    "www.x.test/..." URLs without their scheme, "/path" paths); no page
//    matching: not_evidenced (page_not_in_capture). `time` keeps the hits whose
//    instant, at the precision the capture wrote, overlaps the instant named at
//    the precision the claim wrote ("19:31:33Z" is a whole second); a time
//    outside the capture's span: not_evidenced (time_not_in_capture); no hit of
//    the vendor at that time although it has others: not_evidenced
//    (no_hit_near_time; the reason names the nearest).
// 3. The vendor's hits (after the filters). None at all in a capture read
//    completely: contradicted and wrong_on_facts (never_contacted, or
//    not_on_page when it is on other pages): a HAR records every request the
//    browser made, and none went to the vendor's known hosts; what a HAR cannot
//    show (server-side forwarding, hosts behind a first-party CNAME) is said to
//    be not observable. None in a capture read in part: indeterminate.
// 4. The rule of the kind (below). A capture read in part turns every
//    contradicted verdict into indeterminate (what is missing could hold the
//    opposite); supported verdicts stand on the part read.
//
// Kinds (a hit "fires" when it sends data: beacons, streams, chat, syncs; code
// and configuration loads do not)
// --------------------------------------------------------------------------
// tracker_present      supported by any hit, code loads included (the reason
//                      says whether it also sent data).
// fired_before_consent supported by firing hits made without consent for their
//                      purpose: position no_consent_ui, before_choice or denied
//                      (restrictions reported beside them); contradicted when it
//                      never fired or every firing hit is `granted`; indeterminate
//                      when the only candidates are `indeterminate` (too close to
//                      the choice) or `unknown` (a choice that cannot be read), or
//                      when cookies were stripped and no later choice is recorded
//                      (a choice kept only in a consent cookie is not visible).
// fired_after_opt_out  supported by unrestricted firing hits at position denied
//                      (after a rejection, a partial choice refusing the purpose,
//                      or a US Privacy / GPP sale opt-out for advertising);
//                      contradicted when every such hit carried a restriction
//                      (dpo=LDU, npa=1, rdp=1, gcs denial: not wrong_on_facts),
//                      when it fired only before the opt-out or with the purpose
//                      granted, or never fired; not_evidenced when no opt-out was
//                      recorded at all (no consent platform, or no choice); with
//                      cookies stripped a missing opt-out is indeterminate.
// fired_despite_gpc    supported by unrestricted firing hits sent while Sec-GPC: 1
//                      was; contradicted when no request carried Sec-GPC: 1, when
//                      the hits with GPC were all restricted (not wrong_on_facts),
//                      or when it fired only without GPC.
// transmitted_field    `field` names a parameter ("em", "ud[em]", "dl": the name
//                      as sent, or its last [..] or dotted segment; a cookie
//                      name matches the parameter the decoders say carries that
//                      cookie's value, "_ga" GA4's cid), a kind of data: email,
//                      phone, name (personal-data flags and the advanced-matching
//                      fields em/ph/fn/ln...), or a decode::field_kind name
//                      (page_url, user_data_hashed, ...). Supported when a hit
//                      carried it with a value, and the basis says how:
//                      sent_in_clear or sent_hashed. A form description naming an
//                      input "email" (Meta's cd[formFeatures]) is not the email,
//                      and the reason says so. Not found: contradicted;
//                      indeterminate when a body was not captured, a binary frame
//                      was not decoded, or (for a kind of data) the vendor decoder
//                      is missing, and, with cookies stripped, for a name that
//                      could be a cookie's (no brackets or dots, not em/ph/...).
//                      Request cookies are not decoded fields: for such a name the
//                      reason points at the Cookie headers.
// captured_form_input  supported by what the visitor entered: typed content, plain
//                      personal data, form fields the decoder calls submitted
//                      values (HubSpot formValues), hashed user data (advanced
//                      matching; the reason says it was hashed). Button text or form structure
//                      alone (field names and types, no values): contradicted
//                      (form_structure_only). Content the capture cannot show
//                      (bodies not captured, binary frames not decoded, no vendor
//                      decoder to classify the fields): indeterminate.
// intercepted_chat     supported by text the visitor typed (typed_content);
//                      contradicted when the vendor's requests hold none (the
//                      reason says where the capture's chat text did go);
//                      content the capture cannot show: indeterminate.
//
// Evidence: entry, time, URL, the parameter or field, signature id@rev; at most
// 20 per claim (evidence_total counts all), in time order. A contradicted claim
// lists the evidence of the opposite (the hits with consent and the transition
// that granted it).
//
// Thread safety: all functions are pure; check_claims may run concurrently.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/check/verify.hpp"
#include "harfact/core/result.hpp"
#include "harfact/sig/database.hpp"

namespace harfact::check {

/// The claims format this harfact reads (`format_version`).
inline constexpr int allegations_format_version = 1;

enum class claim_kind : std::uint8_t {
  tracker_present,       ///< the vendor's tracker was on the site / fired
  fired_before_consent,  ///< it fired before the visitor consented
  fired_after_opt_out,   ///< it fired after the visitor opted out or rejected
  fired_despite_gpc,     ///< it fired although the browser sent GPC
  transmitted_field,     ///< it received a named field (claim.field: "em", "dl", "email")
  captured_form_input,   ///< it captured keystrokes or form input
  intercepted_chat,      ///< it intercepted chat messages
};
inline constexpr int claim_kind_count = 7;
std::string_view claim_kind_name(claim_kind k) noexcept;
/// The kind named `name` (snake_case), or nullopt.
std::optional<claim_kind> parse_claim_kind(std::string_view name) noexcept;

struct claim {
  std::string id;         ///< the letter's numbering ("A1", "para-12")
  std::string text;       ///< the letter's own words
  std::string vendor_id;  ///< harfact's vendor id ("meta_pixel")
  claim_kind kind = claim_kind::tracker_present;
  std::string field;                    ///< transmitted_field: the parameter or data named
  std::string page;                     ///< optional: a URL (or URL prefix) the claim is about
  std::optional<std::int64_t> time_us;  ///< optional: the time the letter names
  std::string time_original;            ///< that time as written in the claims file
  std::int64_t time_precision_us = 1;   ///< its precision as written (whole seconds: 1000000)
};

enum class verdict : std::uint8_t { supported, contradicted, not_evidenced, indeterminate };
inline constexpr int verdict_count = 4;
std::string_view verdict_name(verdict v) noexcept;

struct claim_result {
  claim c;
  check::verdict verdict = verdict::not_evidenced;
  bool wrong_on_facts = false;  ///< contradicted, and the claim's factual premise is false
  std::vector<timeline::evidence> evidence;  ///< at most 20
  std::string reason;                        ///< one paragraph for people
  /// Which rule decided, snake_case (lib/schema/check.schema.json lists them):
  /// "fired_before_choice", "fired_only_with_consent", "never_contacted", ...
  std::string basis;
  std::string vendor_name;           ///< for people ("Meta Pixel"); the id when unknown
  std::uint64_t evidence_total = 0;  ///< evidence items found (evidence lists at most 20)
  std::uint64_t vendor_hits = 0;     ///< the vendor's hits after the page and time filters
  std::uint64_t firing_hits = 0;     ///< ... of which sent data
};

/// Claims per verdict, and how many are wrong on the facts.
struct claims_tally {
  std::uint64_t claims = 0;
  std::uint64_t by_verdict[verdict_count] = {};
  std::uint64_t wrong_on_facts = 0;
};
claims_tally tally(const std::vector<claim_result>& results) noexcept;

/// Reads a claims file. Errors name the file, the JSON pointer (and for text
/// that is not JSON the byte offset, line and column) and what is wrong:
/// io_open (unreadable), invalid_json, unsupported_format (a newer
/// format_version), invalid_argument (anything else: a missing or unknown
/// member, an unknown kind, a duplicate id, a time without a zone, ...),
/// too_large (over k_max_claims_bytes).
result<std::vector<claim>> load_claims(const std::filesystem::path& path);

/// The largest claims file read: a demand letter's allegations are a few KiB.
inline constexpr std::uint64_t k_max_claims_bytes = std::uint64_t{16} << 20;

/// The same from text already read; `label` names it in errors.
result<std::vector<claim>> parse_claims(std::string_view json, std::string_view label);

/// Every claim's vendor_id is one the database knows; else an error at
/// /claims/N/vendor_id naming the file `label`, with near names as the hint.
result<void> check_vendor_ids(const std::vector<claim>& claims, const sig::database& db,
                              std::string_view label);

/// A verdict for every claim, in the file's order. `db` (may be null) names
/// vendors absent from the capture.
std::vector<claim_result> check_claims(const std::vector<claim>& claims,
                                       const verify_result& exhibit,
                                       const sig::database* db = nullptr);

}  // namespace harfact::check
