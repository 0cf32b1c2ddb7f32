// harfact: `diff`, a semantic comparison of the exhibit with the defendant's
// own captures.
//
// Not a URL diff: captures are aligned by page (path), vendor, event and
// consent state; every difference says what it is and its most likely reason
// (a different consent state, a different region rule, scanner markers in the
// exhibit, cache, the site changed since the exhibit's date), as a
// point-by-point rebuttal list.
//
// Alignment
// ---------
// Pages by their main document's URL without query or fragment (scheme, host
// in lower case, path: `normalize_page_url`). Vendors, events and data fields
// are compared over the pages both captures visited; when they share none
// (different sites, or no usable main document), over the whole captures, and
// a note says so. Vendors by vendor id: what counts is whether a vendor *sent
// data* (a hit that fires: beacon, stream, chat, sync) or only loaded its code.
// Events by (vendor, event name). Consent by the sequence of states (repeats
// merged), the consent platforms and the choice recorded, and by the position
// of each vendor's first hit that sent data relative to that state
// (timeline::position). Consent platforms themselves are compared as part of
// the consent flow, not as vendors.
//
// Kinds (difference::kind)
// ------------------------
//   vendor_only_in_exhibit, vendor_only_in_ours   a vendor sent data (or made any
//       request) in one capture and not in the other
//   event_only_in_exhibit, event_only_in_ours     a vendor that sent data in both
//       sent this event in one only
//   fired_in_different_consent_state              a vendor's first hit that sent
//       data stood differently to consent (e.g. before any banner in the
//       exhibit, after acceptance in ours)
//   fields_differ            a vendor received different kinds of data (page
//       URL, identifiers, hashed or plain personal data, form content, ...)
//   consent_flow_differs     consent platforms, state sequence or choice differ
//   region_differs           the consent platform applied different regions
//   gpc_differs              Sec-GPC: 1 was sent in one capture only
//   page_only_in_one         a page was visited in one capture only
//   capture_conditions_differ  how the captures were made: an integrity check
//       of verify() (sanitized export, headless browser, cache disabled,
//       extensions, a profile that was not fresh, ...) passed in one and warned
//       or failed in the other (subject: the check id); or the exporter or the
//       browser differs (subject "capture_tool"); or, without verify's
//       sanitized_export check, one capture has its cookies stripped (subject
//       "sanitized_export")
//   time_gap                 the captures were made `time_gap_days` or more apart
//
// Reasons (difference::reason) and their precedence
// -------------------------------------------------
// Each reason rests on a fact of the pair of captures; each kind admits only
// the reasons that can cause it. Of the admissible reasons whose fact holds,
// the first in this order is given: artefacts of how a capture was made before
// differences of the visit, and those before the passage of time. A sanitized
// export hides consent cookies outright; an automated capture's whole setup
// (location, timing, clicks, the extensions it runs) was chosen by its author,
// so it comes before an extension on its own:
//   1 sanitized_export        one capture is a sanitized export (no cookies)
//   2 scanner_markers         one capture was made by an automated browser
//   3 extension_interference  one capture ran a browser extension
//   4 different_consent_state the choices recorded differ, or one capture did
//                             not start from a fresh profile (or, for vendors,
//                             GPC differs)
//   5 different_region_rule   the consent platform applied incompatible regions
//   6 different_browser       the browsers differ (Firefox vs Chrome, ...)
//   7 cache                   the cache was disabled in one capture only
//   8 site_changed            the captures are time_gap_days or more apart
//   9 unknown                 none of these facts holds
// A condition of one capture (1-3, 7) counts only when the other capture does
// not share it. Admissible reasons per kind:
//   vendor_only_*             2 3 4 5 6 8, and 7 when the present side only
//                             loaded code (sent no data)
//   event_only_*, fields_differ          2 3 4 5 6 8
//   fired_in_different_consent_state     1 2 3 4 5 8
//   consent_flow_differs      1 2 3 5 8, and 4 when both captures have a
//                             consent platform (a choice cannot explain its
//                             absence)
//   gpc_differs               3 6 (GPC is a browser or extension setting)
//   page_only_in_one, time_gap           8
//   region_differs            always different_region_rule, observed
//   capture_conditions_differ the condition itself, observed: sanitized_export,
//                             scanner_markers (a headless or automation check,
//                             or an automation exporter), extension_interference,
//                             cache, different_consent_state (a profile that was
//                             not fresh), different_browser (browser families
//                             differ); unknown for other checks
// A reason inferred this way is a likelihood (`certainty` "likely"); a reason
// that is itself the observed difference (a capture condition, a region) is
// "observed"; "unknown" when no fact explains it.
//
// Order and ids
// -------------
// Differences are ordered by how much they undercut the exhibit's allegations
// (`significance`, then a fixed order of kinds, vendor, page, subject): first a
// vendor that sent data only in the exhibit and only before consent there,
// then consent positions the exhibit makes graver, events the exhibit alone
// sent before consent, the exhibit's own capture flaws and an exhibit placed
// outside California. A difference whose reason lies with our capture (ours
// placed outside California, automated, with an extension, sanitized, not from
// a fresh profile) ranks low whatever its kind: it weakens ours as a
// comparison more than it answers the exhibit.
// Differences found against several of our captures with the same reason are
// merged into one with a side per capture. Ids are "D1", "D2", ... in that
// order; the same inputs give the same ids.
//
// Integrity checks
// ----------------
// The capture conditions come from verify_result::checks, classified by id
// (an id naming "sanitiz", "extension", "headless", "automat", "scanner",
// "webdriver", "cache" or "profile"; other ids are compared as they are; the
// "region" check is left to region_differs). When a capture
// has no checks (verify not run), the exporter (automation tools such as
// Playwright, chrome-har, puppeteer-har) and the capture summary's cookie
// verdict still count, and a note says the checks were not available.
//
// Thread safety: diff() only reads its arguments; it may run concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/check/verify.hpp"

namespace harfact::check {

/// Captures made this many days apart or more get a `time_gap` difference, and
/// `site_changed` becomes an admissible reason.
inline constexpr std::int64_t time_gap_days = 30;

/// One side of a difference: which capture (0 = the exhibit, 1.. = ours in
/// order) and the entries that show it.
struct diff_side {
  std::size_t capture = 0;
  std::vector<std::uint64_t> entries;
  std::string detail;  ///< "PageView at entry 10, state banner_shown"
};

struct difference {
  std::string id;         ///< stable within a run of the same inputs: "D1", "D2", ...
  std::string kind;       ///< snake_case: "vendor_only_in_exhibit", "consent_flow_differs", ...
  std::string vendor_id;  ///< "" when not about one vendor
  std::string page;       ///< the page it concerns (normalised URL), "" for the whole capture
  std::vector<diff_side> sides;
  std::string what;         ///< the difference, for people
  std::string reason;       ///< snake_case code of the most likely reason
  std::string reason_text;  ///< the reason, for people, citing the evidence for it
  /// What within the vendor or capture: the event name, the check id,
  /// "capture_tool" or "sanitized_export"; "" when the kind says it all.
  std::string subject;
  /// "high", "medium", "low": how much it undercuts the exhibit's allegations.
  std::string significance;
  /// "observed" (the reason is itself a fact of the captures), "likely" (the
  /// most likely reason the captures show, not proven), "unknown".
  std::string certainty;
};

/// One capture as the diff saw it.
struct diff_capture {
  std::size_t capture = 0;  ///< 0 = the exhibit
  std::string path;
  std::string sha256;  ///< "" when unknown
  std::string status;  ///< "complete", "salvaged", "truncated", "failed", "unreadable"
  std::optional<std::int64_t> started_us;  ///< first entry's startedDateTime
  std::string started_original;
  std::string exporter_id, exporter_name;
  std::string browser;              ///< browser family: "chromium", "firefox", "safari", "" unknown
  bool automated_exporter = false;  ///< written by an automation tool (Playwright, chrome-har, ...)
  std::string region, region_source;  ///< as the timeline found them; "" unknown
  std::vector<std::string> cmps;
  std::vector<std::string> consent_flow;  ///< states in order, repeats merged
  std::string choice;  ///< "accepted", "rejected", "partial", "unknown" or "none"
  std::optional<std::uint64_t> choice_entry;
  std::uint64_t gpc_requests = 0, requests = 0;
  bool cookies_stripped = false;
  bool checks_available = false;        ///< verify's integrity checks were present
  std::vector<std::string> conditions;  ///< ids of the checks that warned or failed
  std::vector<std::string> pages;       ///< normalised main-document URLs, in capture order
  std::vector<std::string> vendors;     ///< vendor ids that sent data, sorted
};

struct diff_result {
  std::vector<difference> differences;  ///< in rebuttal order (most significant first)
  std::vector<std::string> notes;       ///< what could not be compared, and why
  std::vector<diff_capture> captures;   ///< the exhibit, then ours in order
};

/// Compares the exhibit with one or more captures of our own.
diff_result diff(const verify_result& exhibit, const std::vector<const verify_result*>& ours);

/// The page key: scheme and host in lower case, the path ("/" when empty);
/// port kept when not the scheme's default; query and fragment dropped.
/// A string that is not an absolute URL is returned as it is.
std::string normalize_page_url(std::string_view url);

/// Every kind, in the fixed order used to break ties.
const std::vector<std::string_view>& difference_kinds() noexcept;
/// Every reason, in precedence order ("unknown" last).
const std::vector<std::string_view>& difference_reasons() noexcept;

}  // namespace harfact::check
