// Internal: what the rules of check_claims share (allegations.hpp documents
// the rules). allegations_judge.cpp holds the rules every kind shares,
// allegations_consent.cpp the consent kinds, allegations_content.cpp the kinds
// about what a request carried, allegations_words.cpp the sentences' parts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/check/allegations.hpp"

namespace harfact::check::detail {

/// One hit of the claim's vendor, with its place on the timeline.
struct hit_ref {
  const timeline::annotated_hit* a = nullptr;
  const trackers::hit* h = nullptr;
  timeline::time_point time;  ///< with the precision the capture wrote
};

/// Everything a kind rule reads, prepared once per claim.
struct context {
  const timeline::result& tl;
  const claim& c;
  std::string vendor;              ///< the vendor's name for people
  const sig::vendor* v = nullptr;  ///< from the capture or the database; may be null
  std::vector<hit_ref> hits;       ///< the vendor's hits after the page and time filters
  std::vector<hit_ref> firing;     ///< of which send data
  std::string scope;  ///< " on page X", " within T": appended to sentences about the hits
};

/// A verdict in the making: evidence the verdict rests on (`primary`) and the
/// consent transitions or other context that explain it (`context`, listed
/// first when the cap of 20 bites).
struct outcome {
  check::verdict verdict = verdict::not_evidenced;
  bool wrong = false;
  std::string basis;
  std::string reason;
  std::vector<timeline::evidence> primary;
  std::vector<timeline::evidence> context;
};

// Kind rules: each fills `o` for a claim whose vendor has hits (`ctx.hits` not
// empty); the shared rules run before and after.
void judge_tracker_present(const context& ctx, outcome& o);
void judge_before_consent(const context& ctx, outcome& o);
void judge_after_opt_out(const context& ctx, outcome& o);
void judge_despite_gpc(const context& ctx, outcome& o);
void judge_transmitted_field(const context& ctx, outcome& o);
void judge_form_input(const context& ctx, outcome& o);
void judge_chat(const context& ctx, outcome& o);

// Words and evidence, shared by the rules.

/// "2026-03-12T19:31:27.648Z": UTC at the precision the capture wrote.
std::string when(const timeline::time_point& t);
/// "the second", "the millisecond": what a precision covers.
std::string precision_words(std::int64_t us);
/// "entry 11 at 2026-03-12T19:31:27.648Z".
std::string at(const hit_ref& r);
/// "entries 11, 13 and 17" (at most 8 named, then "and N more").
std::string entries_words(const std::vector<const hit_ref*>& hits);
std::string entries_words(const std::vector<hit_ref>& hits);
/// "entry 11 at T" or "entries 11, 13 and 17, the first at T".
std::string hits_at(const std::vector<const hit_ref*>& hits);
/// "its only request that sent data" / "its 3 requests that sent data".
std::string its_requests(std::size_t n, std::string_view what);
/// "Meta Pixel's request" / "Meta Pixel's 3 requests".
std::string vendor_requests(const context& ctx, std::size_t n);
/// "a request" / "3 requests".
std::string requests(std::size_t n);
/// The hit as evidence, with `detail`.
timeline::evidence hit_evidence(const hit_ref& r, std::string detail);
/// "event PageView" or "POST beacon".
std::string what_it_sent(const trackers::hit& h);
/// The transition as evidence (an entry, when it has one).
bool transition_evidence(const timeline::result& tl, std::size_t index, timeline::evidence& out);
/// "the visitor's choice at entry 15 (2026-...; consent receipt POST ...)".
std::string transition_words(const timeline::result& tl, std::size_t index);
/// A value cut for a sentence: at most `max` characters, with an ellipsis.
std::string excerpt(std::string_view value, std::size_t max = 60);
/// Joins with ", " and a final " and ".
std::string and_list(const std::vector<std::string>& items);

}  // namespace harfact::check::detail
