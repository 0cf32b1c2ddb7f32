// harfact: `check`, the claims of a demand letter against the exhibit.
//
// Claims come in a documented JSON format (lib/schema/allegations.schema.json;
// README "harfact check"): per claim an id, the letter's own words, the vendor,
// the kind of claim, and optionally the field, the page and a time. Each claim
// gets a verdict with the evidence and a one-paragraph reason. Claims that are
// wrong about the facts (the vendor never fired, it fired only after consent,
// the field never left the browser) are marked `wrong_on_facts`: the core of a
// rebuttal.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/check/verify.hpp"
#include "harfact/core/result.hpp"

namespace harfact::check {

enum class claim_kind : std::uint8_t {
  tracker_present,       ///< the vendor's tracker was on the site / fired
  fired_before_consent,  ///< it fired before the visitor consented
  fired_after_opt_out,   ///< it fired after the visitor opted out or rejected
  fired_despite_gpc,     ///< it fired although the browser sent GPC
  transmitted_field,     ///< it received a named field (claim.field: "em", "dl", "email")
  captured_form_input,   ///< it captured keystrokes or form input
  intercepted_chat,      ///< it intercepted chat messages
};
std::string_view claim_kind_name(claim_kind k) noexcept;

struct claim {
  std::string id;         ///< the letter's numbering ("A1", "para-12")
  std::string text;       ///< the letter's own words
  std::string vendor_id;  ///< harfact's vendor id ("meta_pixel")
  claim_kind kind = claim_kind::tracker_present;
  std::string field;  ///< transmitted_field: the parameter or data named
  std::string page;   ///< optional: a URL (or URL prefix) the claim is about
  std::optional<std::int64_t> time_us;  ///< optional: the time the letter names
};

enum class verdict : std::uint8_t { supported, contradicted, not_evidenced, indeterminate };
std::string_view verdict_name(verdict v) noexcept;

struct claim_result {
  claim c;
  check::verdict verdict = verdict::not_evidenced;
  bool wrong_on_facts = false;  ///< the capture shows the opposite of what the claim says
  std::vector<timeline::evidence> evidence;  ///< at most 20
  std::string reason;  ///< one paragraph for people
};

/// Reads a claims file. Errors name the file, the JSON pointer and what is wrong.
result<std::vector<claim>> load_claims(const std::filesystem::path& path);

/// A verdict for every claim, in the file's order.
std::vector<claim_result> check_claims(const std::vector<claim>& claims, const verify_result& exhibit);

}  // namespace harfact::check
